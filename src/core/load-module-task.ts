import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineTask, type TaskDefinition } from './define-task.js';
import { runningFromSource } from './paths.js';
import type { Task } from './task.js';

/** File names that make a folder a task defined in code (`export default defineTask({...})`). */
export const TASK_MODULES = ['adrs.task.ts', 'adrs.task.mts', 'adrs.task.js', 'adrs.task.mjs'];

export function findTaskModule(dir: string): string | undefined {
  return TASK_MODULES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

const SHIM = fileURLToPath(new URL(`./task-module-shim.${runningFromSource ? 'ts' : 'js'}`, import.meta.url));

/**
 * Loads a task module synchronously (workers rebuild tasks from a path): the
 * module is bundled to CommonJS with its local imports, packages stay
 * external and resolve from the module's own folder, and `adrs` itself
 * resolves to a shim whose defineTask returns the definition unchanged.
 */
export function loadModuleTask(file: string): Task {
  let code: string;
  try {
    const out = buildSync({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      alias: { adrs: SHIM },
      // CommonJS has no import.meta: the module (and its local imports) see the task module's own location.
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.dirname': JSON.stringify(dirname(file)),
        'import.meta.filename': JSON.stringify(file),
      },
      write: false,
      logLevel: 'silent',
    });
    code = out.outputFiles[0]!.text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors ?? [];
    const lines = errors.map((e) => `  - ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new Error(`cannot build the task module ${file}:\n${lines.join('\n') || (error as Error).message}`);
  }
  const module = { exports: {} as Record<string, unknown> };
  try {
    // The module's own bundled code, run the way require() would run it.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const load = new Function('require', 'module', 'exports', '__filename', '__dirname', code) as (
      ...args: unknown[]
    ) => void;
    load(createRequire(file), module, module.exports, file, dirname(file));
  } catch (error) {
    throw new Error(`the task module ${file} threw while loading: ${(error as Error).message}`);
  }
  const exported = module.exports.default ?? module.exports.task;
  if (!exported || typeof exported !== 'object')
    throw new Error(`${file} must \`export default defineTask({...})\` (found no default export)`);
  if ('evaluator' in exported && 'instances' in exported) return exported as Task;
  return defineTask(exported as TaskDefinition);
}
