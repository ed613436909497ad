import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BUILTIN_TASKS } from '../../tasks/registry.js';
import { formatIssues } from './config.js';
import { parseDuration } from './duration.js';
import type { CommandEvaluator, Task, TaskOptions, TaskProgram, TaskRef } from './task.js';
import { shellQuote } from '../evaluate/process-group.js';
import { findTaskModule, loadModuleTask, TASK_MODULES } from './load-module-task.js';
import { packageRoot } from './paths.js';
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
  evaluator: z
    .strictObject({
      /** Shell command; {program} is the candidate's file, {results} an empty folder for results. */
      command: z.string().min(1).optional(),
      /** Where a `command` evaluator leaves its result: stdout JSON, or the {results} folder (Shinka layout). */
      results: z.enum(['stdout', 'folder']).default('stdout'),
      /** An OpenEvolve evaluator file: `evaluate(program_path)`, optional `evaluate_stage1/2/3`. */
      openevolve: z.string().min(1).optional(),
      /** Run OpenEvolve's `evaluate_stage1..3` cascade when the file defines it. */
      cascade: z.boolean().default(true),
      /** Score a stage must reach for the next stage to run. */
      cascadeThresholds: z.array(z.number()).default([0.5, 0.75]),
      /** A ShinkaEvolve evaluator: `evaluate.py --program_path P --results_dir D` writing metrics.json/correct.json. */
      shinka: z.string().min(1).optional(),
      /** Interpreter for `openevolve`/`shinka` evaluators (e.g. `uv run python`). */
      python: z.string().min(1).default('python3'),
      timeout: z.union([z.number().positive(), z.string()]).default('60s'),
    })
    .superRefine((e, ctx) => {
      const kinds = (['command', 'openevolve', 'shinka'] as const).filter((k) => e[k] !== undefined);
      if (kinds.length !== 1)
        ctx.addIssue({
          code: 'custom',
          message: `give exactly one of command, openevolve, shinka (found ${kinds.length ? kinds.join(', ') : 'none'})`,
        });
    }),
});

/** Resolves `adrs run <task|dir>`: a built-in name, or a folder holding adrs-task.yaml or adrs.task.ts. */
export function taskRefFor(nameOrDir: string, options: TaskOptions): TaskRef {
  if (BUILTIN_TASKS.some((t) => t.name === nameOrDir)) return { kind: 'builtin', name: nameOrDir, options };
  const dir = resolve(nameOrDir);
  if (existsSync(join(dir, TASK_FILE)) || findTaskModule(dir)) return { kind: 'dir', path: dir, options };
  const known = BUILTIN_TASKS.map((t) => t.name).join(', ');
  throw new Error(
    `"${nameOrDir}" is neither a built-in task (${known}) nor a folder with ${TASK_FILE} or ${TASK_MODULES[0]}`,
  );
}

const cache = new Map<string, Task>();

/** Builds (once per process) the task a ref names. */
export function loadTask(ref: TaskRef): Task {
  const key = JSON.stringify(ref);
  let task = cache.get(key);
  if (!task) {
    if (ref.kind === 'inline')
      throw new Error(
        `task "${ref.name}" was defined in code: pass the same task object again (resume(dir, { task }))`,
      );
    task = ref.kind === 'builtin' ? builtin(ref.name, ref.options) : loadTaskDir(ref.path);
    cache.set(key, task);
  }
  return task;
}

/**
 * Makes a task object loadable by its ref in this process for the length of
 * a run (the library's `evolve({ task })`); the run forgets it at its end.
 */
export function registerInlineTask(task: Task): TaskRef {
  const ref: TaskRef = { kind: 'inline', name: task.name, options: {} };
  cache.set(JSON.stringify(ref), task);
  return ref;
}

export function forgetInlineTask(ref: TaskRef): void {
  if (ref.kind === 'inline') cache.delete(JSON.stringify(ref));
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

/**
 * A task folder: `adrs.task.ts` (a task defined in code, sandboxed), or
 * `adrs-task.yaml` (scored by an external command: any language, one opaque
 * instance per split).
 */
export function loadTaskDir(dir: string): Task {
  const module = findTaskModule(dir);
  if (module) return loadModuleTask(module);
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
    evaluator: commandFor(spec.evaluator, dir, file, basename(spec.initialProgram)),
  };
}

type EvaluatorSpec = z.output<typeof taskFileSchema>['evaluator'];

/** The three evaluator styles all become one external command. */
function commandFor(spec: EvaluatorSpec, dir: string, file: string, programFile: string): CommandEvaluator {
  const base = { kind: 'command' as const, cwd: dir, programFile };
  if (spec.command !== undefined) return { ...base, command: spec.command, results: spec.results };
  const script = resolve(dir, (spec.openevolve ?? spec.shinka)!);
  if (!existsSync(script)) throw new Error(`${file}: the evaluator file ${script} does not exist`);
  if (spec.shinka !== undefined) {
    return {
      ...base,
      command: `${spec.python} ${shellQuote(script)} --program_path {program} --results_dir {results}`,
      results: 'folder',
    };
  }
  const driver = join(packageRoot(), 'src', 'evaluate', 'python', 'openevolve_driver.py');
  const cascade = JSON.stringify(spec.cascade ? spec.cascadeThresholds : null);
  return {
    ...base,
    command: `${spec.python} ${shellQuote(driver)} ${shellQuote(script)} {program} {results} ${shellQuote(cascade)}`,
    results: 'folder',
  };
}
