import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BUILTIN_TASKS } from '../../tasks/registry.js';
import { formatIssues } from './config.js';
import { parseDuration } from './duration.js';
import type { Task, TaskOptions, TaskProgram, TaskRef } from './task.js';
import type { Language } from './types.js';

export const TASK_FILE = 'adrs-task.yaml';

const taskFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  language: z.enum(['typescript', 'python', 'other']).optional(),
  /** The starting program (path relative to the task folder). */
  initialProgram: z.string().min(1),
  /** Other reference programs by name, e.g. { human-sota: baseline.py }. */
  programs: z.record(z.string(), z.string()).default({}),
  humanSota: z.string().optional(),
  evaluator: z.strictObject({
    /** Shell command; {program} is replaced by the candidate's file path. */
    command: z.string().min(1),
    timeout: z.union([z.number().positive(), z.string()]).default('60s'),
  }),
});

/** Resolves `adrs run <task|dir>`: a built-in name or a folder holding adrs-task.yaml. */
export function taskRefFor(nameOrDir: string, options: TaskOptions): TaskRef {
  if (BUILTIN_TASKS.some((t) => t.name === nameOrDir)) return { kind: 'builtin', name: nameOrDir, options };
  const dir = resolve(nameOrDir);
  if (existsSync(join(dir, TASK_FILE))) return { kind: 'dir', path: dir, options };
  const known = BUILTIN_TASKS.map((t) => t.name).join(', ');
  throw new Error(`"${nameOrDir}" is neither a built-in task (${known}) nor a folder with ${TASK_FILE}`);
}

const cache = new Map<string, Task>();

/** Builds (once per process) the task a ref names. */
export function loadTask(ref: TaskRef): Task {
  const key = JSON.stringify(ref);
  let task = cache.get(key);
  if (!task) {
    task = ref.kind === 'builtin' ? builtin(ref.name, ref.options) : loadTaskDir(ref.path);
    cache.set(key, task);
  }
  return task;
}

function builtin(name: string, options: TaskOptions): Task {
  const entry = BUILTIN_TASKS.find((t) => t.name === name);
  if (!entry) throw new Error(`unknown task "${name}"; built-in tasks: ${BUILTIN_TASKS.map((t) => t.name).join(', ')}`);
  return entry.create(options);
}

const LANGUAGES: Record<string, Language> = {
  '.ts': 'typescript',
  '.js': 'typescript',
  '.mjs': 'typescript',
  '.py': 'python',
};

/** A task folder scored by an external command (any language, one opaque instance). */
export function loadTaskDir(dir: string): Task {
  const file = join(dir, TASK_FILE);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = taskFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is invalid:\n${formatIssues(parsed.error.issues)}`);
  const spec = parsed.data;
  const read = (name: string, path: string): TaskProgram => {
    const full = join(dir, path);
    if (!existsSync(full)) throw new Error(`${file}: program "${name}" points at ${full}, which does not exist`);
    return { name, description: path, source: readFileSync(full, 'utf8') };
  };
  const programs: Record<string, TaskProgram> = { initial: read('initial', spec.initialProgram) };
  for (const [name, path] of Object.entries(spec.programs)) programs[name] = read(name, path);
  if (spec.humanSota && !programs[spec.humanSota])
    throw new Error(`${file}: humanSota names "${spec.humanSota}", which is not in programs`);
  const timeMs = parseDuration(spec.evaluator.timeout);
  return {
    name: spec.name,
    description: spec.description,
    language: spec.language ?? LANGUAGES[extname(spec.initialProgram)] ?? 'other',
    programs,
    defaultSeed: 'initial',
    ...(spec.humanSota ? { humanSota: spec.humanSota } : {}),
    limits: { timeMsPerInstance: timeMs, memoryMb: 1024 },
    dataSource: `external evaluator in ${dir}`,
    ...(existsSync(join(dir, 'prompts')) ? { promptsDir: join(dir, 'prompts') } : {}),
    instances: (split) => [{ id: split, split, data: null }],
    evaluator: {
      kind: 'command',
      command: spec.evaluator.command,
      cwd: dir,
      programFile: basename(spec.initialProgram),
    },
  };
}
