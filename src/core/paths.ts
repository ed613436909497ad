import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The adrs package folder (holds package.json and tasks/), from source or from dist. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'adrs')
      return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the adrs package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** True when this module runs from TypeScript source (tests, tsx) rather than dist. */
export const runningFromSource = fileURLToPath(import.meta.url).endsWith('.ts');

/**
 * Folder with a case's real data: `dataDir` (or $ADRS_DATA) is either a root of
 * per-case folders or the case folder itself. Undefined means: use synthetic data.
 * A --data folder that does not hold `probe` is an error, not a silent fallback.
 */
export function resolveCaseData(caseName: string, probe: string, dataDir?: string): string | undefined {
  const source = dataDir ? '--data' : process.env.ADRS_DATA ? 'ADRS_DATA' : undefined;
  const base = dataDir ?? process.env.ADRS_DATA;
  if (!base || !source) return undefined;
  const abs = resolve(base);
  for (const candidate of [join(abs, caseName), abs]) {
    if (existsSync(join(candidate, probe))) return candidate;
  }
  // $ADRS_DATA may hold only some cases; an explicit --data must hold this one.
  if (source === 'ADRS_DATA') return undefined;
  throw new Error(`--data points at ${abs}, which holds neither ${caseName}/${probe} nor ${probe}`);
}
