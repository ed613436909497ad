#!/usr/bin/env node
// Runs the CLI. In a git checkout it runs the TypeScript sources through tsx, so a stale dist/ can never
// shadow them; an installed package (no .git, no sources) runs its compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const at = (path) => fileURLToPath(new URL(path, import.meta.url));
const sources = existsSync(at('../src/cli/main.ts'));
const compiled = existsSync(at('../dist/src/cli/main.js'));
if (compiled && !(sources && existsSync(at('../.git')))) {
  await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
} else if (sources) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
} else {
  // Only a broken install gets here: the package ships dist/ and no CLI sources.
  process.stderr.write(`adrs: ${at('../dist/src/cli/main.js')} is missing; reinstall adrs or run npm run build\n`);
  process.exit(1);
}
