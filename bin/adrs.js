#!/usr/bin/env node
// Runs the CLI. In a git checkout it runs the TypeScript sources through tsx, so a stale dist/ can never
// shadow them; an installed package runs its compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const at = (path) => fileURLToPath(new URL(path, import.meta.url));
const checkout = existsSync(at('../.git')) && existsSync(at('../src/cli/main.ts'));
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!checkout && existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
