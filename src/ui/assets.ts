import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot, runningFromSource } from '../core/paths.js';

export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>adrs dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/main.css">
</head>
<body>
<div id="app"></div>
<script type="module" src="/assets/main.js"></script>
</body>
</html>
`;

const distUi = (): string => join(packageRoot(), 'dist', 'ui');

/**
 * The page's files by URL path. The front end (Preact, uPlot, d3-hierarchy) is
 * bundled by esbuild: ahead of time into dist/ui by `npm run build`, or in
 * memory at start-up when running from source, so tests and `tsx` never serve
 * a stale bundle.
 */
export async function loadAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  assets.set('/', { body: Buffer.from(INDEX_HTML), type: TYPES['.html']! });
  const prebuilt = distUi();
  if (!runningFromSource && existsSync(join(prebuilt, 'main.js'))) {
    for (const file of ['main.js', 'main.css'])
      assets.set(`/assets/${file}`, { body: readFileSync(join(prebuilt, file)), type: TYPES[ext(file)]! });
    return assets;
  }
  for (const [file, body] of await bundle()) assets.set(`/assets/${file}`, { body, type: TYPES[ext(file)]! });
  return assets;
}

const ext = (file: string): string => file.slice(file.lastIndexOf('.'));

async function bundle(): Promise<Map<string, Buffer>> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(packageRoot(), 'src', 'ui', 'app', 'main.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return new Map(result.outputFiles.map((f) => [basename(f.path), Buffer.from(f.contents)]));
}

/** `npm run build`: writes the bundle to dist/ui. */
export async function buildAssets(): Promise<string[]> {
  const out = distUi();
  mkdirSync(out, { recursive: true });
  const files = await bundle();
  for (const [file, body] of files) writeFileSync(join(out, file), body);
  return [...files.keys()].map((f) => join(out, f));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await buildAssets();
  process.stdout.write(`dashboard assets: ${files.join(', ')}\n`);
}
