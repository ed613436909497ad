import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { InProcessEvaluator } from '../evaluate/in-process.js';
import { WorkerPool, type Evaluator } from '../evaluate/pool.js';
import { createProposer } from '../propose/registry.js';
import type { Proposer } from '../propose/types.js';
import { RunStore } from '../store/store.js';
import { createStrategy } from '../strategies/registry.js';
import { parseRunConfig, type RunConfig } from './config.js';
import { Controller } from './controller.js';
import type { RunListener } from './events.js';
import { forgetInlineTask, loadTask, registerInlineTask, taskRefFor } from './load-task.js';
import { programHash } from './hash.js';
import type { Task, TaskRef } from './task.js';
import type { Evaluation, Program, Split } from './types.js';

export interface RunOptions {
  listeners?: RunListener[];
  /** Evaluate somewhere else than a local worker pool (tests, remote queues). */
  evaluator?: Evaluator;
  /** Propose with this instead of the configured proposer (tests, embedding). */
  proposer?: Proposer;
  /** Called once the controller exists, e.g. to wire Ctrl-C to `controller.stop`. */
  onController?: (controller: Controller) => void;
  /**
   * A task object instead of the config's task name (the library's
   * `evolve({ task })`); it is evaluated in this process. Resuming such a run
   * needs the same object again.
   */
  task?: Task;
}

export interface ScorePair {
  programId: string;
  train: number | null;
  test: number | null;
}

export interface RunSummary {
  run: string;
  task: string;
  status: 'finished' | 'interrupted';
  stopReason: string | null;
  dataSource: string;
  iterations: number;
  evaluations: number;
  wallTimeMs: number;
  costUsd: number;
  seed: ScorePair;
  humanSota?: ScorePair;
  best: ScorePair;
  /** Best vs seed, in percent of the seed's score (null when the seed scores 0). */
  improvementPct: { train: number | null; test: number | null };
}

const HUMAN_SOTA_ID = 'ref:human-sota';

/** Starts a new run in `<runsDir>/<name>`. */
export async function startRun(rawConfig: Record<string, unknown>, options: RunOptions = {}): Promise<RunSummary> {
  const config = parseRunConfig(rawConfig);
  const taskRef = options.task ? registerInlineTask(options.task) : taskRefFor(config.task, taskOptions(config));
  const task = loadTask(taskRef);
  const seedSource = resolveSeed(task, config.seedProgram);
  const name = config.name ?? `${task.name}-${timestamp()}`;
  const dir = resolve(config.runsDir, name);
  const store = RunStore.create(dir);
  store.transaction(() => {
    store.setMeta('config_input', rawConfig);
    store.setMeta('task_ref', taskRef);
    store.setMeta('task', task.name);
    store.setMeta('seed_program', config.seedProgram ?? task.defaultSeed);
    store.setMeta('seed_source', seedSource);
    store.setMeta('created_at', Date.now());
    store.setMeta('status', 'running');
  });
  return execute(dir, store, config, taskRef, task, seedSource, false, options);
}

/** Continues a run from its store; `overrides` (e.g. a larger budget) are merged into its config. */
export async function resumeRun(
  dir: string,
  overrides: Record<string, unknown> = {},
  options: RunOptions = {},
): Promise<RunSummary> {
  const store = RunStore.open(dir);
  try {
    const raw = deepMerge(store.getMeta<Record<string, unknown>>('config_input') ?? {}, overrides);
    const config = parseRunConfig(raw, `config of ${dir}`);
    store.setMeta('config_input', raw);
    const taskRef = store.getMeta<TaskRef>('task_ref')!;
    if (options.task && (taskRef.kind !== 'inline' || options.task.name !== taskRef.name))
      throw new Error(`${dir} is a run of ${describeRef(taskRef)}, not of the task object "${options.task.name}"`);
    if (options.task) registerInlineTask(options.task);
    const task = loadTask(taskRef);
    const seedSource = store.getMeta<string>('seed_source')!;
    store.setMeta('status', 'running');
    return await execute(resolve(dir), store, config, taskRef, task, seedSource, true, options);
  } catch (error) {
    store.close();
    throw error;
  }
}

async function execute(
  dir: string,
  store: RunStore,
  config: RunConfig,
  taskRef: TaskRef,
  task: Task,
  seedSource: string,
  resumed: boolean,
  options: RunOptions,
): Promise<RunSummary> {
  const workers = config.pipeline.workers === 'auto' ? availableParallelism() : config.pipeline.workers;
  const evaluator =
    options.evaluator ?? (taskRef.kind === 'inline' ? new InProcessEvaluator(task, workers) : new WorkerPool(workers));
  const proposer = options.proposer ?? createProposer(config.proposer);
  const controller = new Controller({
    store,
    config,
    task,
    taskRef,
    strategy: createStrategy(config.strategy),
    proposer,
    evaluator,
    seedSource,
    listeners: options.listeners ?? [],
  });
  options.onController?.(controller);
  const budgetNote = proposer.describeBudget?.(config.budget.dollars);
  if (budgetNote) store.addEvent('budget', { note: budgetNote });
  for (const l of options.listeners ?? []) {
    l({
      type: 'start',
      run: dir,
      task: task.name,
      resumed,
      workers,
      dataSource: task.dataSource,
      ...(budgetNote ? { budgetNote } : {}),
    });
  }
  try {
    const state = await controller.run();
    const interrupted = state.stopReason?.startsWith('interrupted') ?? false;
    const summary = await summarise(dir, store, config, task, controller, interrupted, options.listeners ?? []);
    store.setMeta('status', summary.status);
    store.setMeta('summary', summary);
    return summary;
  } catch (error) {
    store.setMeta('status', 'failed');
    store.addEvent('error', { message: (error as Error).message });
    throw error;
  } finally {
    if (!options.evaluator) await evaluator.close();
    forgetInlineTask(taskRef);
    store.close();
  }
}

/** Scores seed, human SOTA and best on train and (unless interrupted) the held-out test split. */
async function summarise(
  dir: string,
  store: RunStore,
  config: RunConfig,
  task: Task,
  controller: Controller,
  interrupted: boolean,
  listeners: RunListener[],
): Promise<RunSummary> {
  const state = controller.snapshot;
  const scoreOf = async (program: Program, split: Split, label: string): Promise<number | null> => {
    const purpose = split === 'train' && program.iteration >= 0 ? 'search' : 'final';
    let e: Evaluation | undefined = store.getEvaluation(program.id, split, purpose);
    if (!e) {
      if (interrupted || (split === 'test' && !config.finalTest)) return null;
      e = await controller.evaluate(program.source, split, `${program.id}:${split}:final`);
      store.insertEvaluation(program.id, split, purpose, e);
    }
    for (const l of listeners) l({ type: 'final', label, split, score: e.score, valid: e.valid });
    return e.score;
  };
  const pair = async (program: Program, label: string): Promise<ScorePair> => ({
    programId: program.id,
    train: await scoreOf(program, 'train', label),
    test: await scoreOf(program, 'test', label),
  });
  const seedProgram = store.getProgram('p0')!;
  const seed = await pair(seedProgram, 'seed');
  let humanSota: ScorePair | undefined;
  if (task.humanSota && task.programs[task.humanSota]) {
    let program = store.getProgram(HUMAN_SOTA_ID);
    if (!program) {
      const source = task.programs[task.humanSota]!.source;
      program = {
        id: HUMAN_SOTA_ID,
        iteration: -1,
        source,
        hash: programHash(source),
        parentIds: [],
        island: -1,
        generation: 0,
        mutation: 'seed',
        proposer: 'human',
        changes: [],
        createdAt: Date.now(),
      };
      store.insertProgram(program);
    }
    humanSota = await pair(program, 'human SOTA');
  }
  const bestProgram = store.getProgram(state.best?.programId ?? 'p0')!;
  const best = await pair(bestProgram, 'best');
  const pct = (b: number | null, s: number | null): number | null =>
    b === null || s === null || s === 0 ? null : ((b - s) / Math.abs(s)) * 100;
  return {
    run: dir,
    task: task.name,
    status: interrupted ? 'interrupted' : 'finished',
    stopReason: state.stopReason,
    dataSource: task.dataSource,
    iterations: state.observedThrough,
    evaluations: state.evaluationsObserved,
    wallTimeMs: state.elapsedMs,
    costUsd: store.cost(),
    seed,
    ...(humanSota ? { humanSota } : {}),
    best,
    improvementPct: { train: pct(best.train, seed.train), test: pct(best.test, seed.test) },
  };
}

const describeRef = (ref: TaskRef): string =>
  ref.kind === 'dir'
    ? `the task folder ${ref.path}`
    : `the ${ref.kind === 'builtin' ? 'built-in task' : 'task object'} "${ref.name}"`;

function taskOptions(config: RunConfig) {
  return {
    ...(config.data.dir ? { dataDir: resolve(config.data.dir) } : {}),
    ...(config.data.seed !== undefined ? { dataSeed: config.data.seed } : {}),
    ...(config.taskLlm ? { llm: config.taskLlm } : {}),
  };
}

/** A task program by name, or a file. */
export function resolveSeed(task: Task, seedProgram: string | undefined): string {
  const name = seedProgram ?? task.defaultSeed;
  const program = task.programs[name];
  if (program) return program.source;
  if (existsSync(name)) return readFileSync(name, 'utf8');
  throw new Error(
    `seed program "${name}" is neither one of ${task.name}'s programs (${Object.keys(task.programs).join(', ')}) nor a file`,
  );
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export const runDbPath = (dir: string): string => join(dir, 'run.db');
