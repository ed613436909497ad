import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { loadTask } from '../core/load-task.js';
import { packageRoot } from '../core/paths.js';
import type { Task, TaskRef } from '../core/task.js';

const cache = new Map<string, string>();

/**
 * The version of a task as content: its programs, its harness sources (a
 * harness module as its bundle, a built-in task's harness function as its task
 * folder; for an external evaluator, its command and every file of its folder)
 * and all instance data. The controller stamps it on every job and a worker
 * runs only jobs whose hash equals its own, so a worker with other data or
 * another harness can never score a run. Computed once per process and ref.
 */
export function taskContentHash(ref: TaskRef): string {
  const key = JSON.stringify(ref);
  let hash = cache.get(key);
  if (!hash) {
    hash = hashTask(loadTask(ref), ref);
    cache.set(key, hash);
  }
  return hash;
}

function hashTask(task: Task, ref: TaskRef): string {
  const h = createHash('sha256');
  const field = (name: string, value: string): void => {
    // Length-prefixed, so that no two different field sequences hash alike.
    h.update(`${name}\0${Buffer.byteLength(value)}\0`).update(value);
  };
  field('name', task.name);
  field('language', task.language);
  field('limits', JSON.stringify(task.limits));
  for (const name of Object.keys(task.programs).sort()) field(`program ${name}`, task.programs[name]!.source);
  if (task.evaluator.kind === 'sandbox') {
    const harness = task.evaluator.harness;
    const folder = ref.kind === 'builtin' ? join(packageRoot(), 'tasks', ref.name) : undefined;
    if (typeof harness !== 'function') field('harness', moduleCode(harness.module));
    // A harness function's text depends on whichever transpiler loaded it (tsx, vitest, tsc for dist), so
    // its version is the task folder's sources: a harness function is self-contained, so it is in there.
    else if (folder && existsSync(folder)) hashFolder(h, folder, (name) => !/\.(test\.ts|md)$/.test(name));
    else field('harness', harness.toString());
  } else {
    field('command', task.evaluator.command);
    field('program file', task.evaluator.programFile);
    hashFolder(h, task.evaluator.cwd);
  }
  for (const split of ['train', 'test'] as const)
    for (const instance of task.instances(split))
      field(`instance ${split} ${instance.id}`, JSON.stringify(instance.data));
  return h.digest('hex');
}

/**
 * A harness module is hashed as its minified bundle: the code itself, without
 * the file paths that an unminified bundle records (they differ between
 * machines and working folders while the code does not).
 */
function moduleCode(module: string): string {
  const out = buildSync({
    entryPoints: [module],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Folders an evaluator or its tools fill by themselves while running: not part of the task. */
const SKIP = new Set(['node_modules', '__pycache__']);

function hashFolder(h: Hash, root: string, keep: (name: string) => boolean = () => true): void {
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name) || entry.name.endsWith('.pyc')) continue;
      if (!keep(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const data = readFileSync(full);
        h.update(`file\0${relative(root, full)}\0${data.length}\0`).update(data);
      }
    }
  };
  walk(root);
}
