import type { Evaluation, InstanceResult, Language, Split } from './types.js';

/** One unit of evaluation: a trace, a workload, a test case. `data` must be JSON. */
export interface Instance<D = unknown> {
  id: string;
  split: Split;
  data: D;
}

/** A starting program or a reference point (seed, human SOTA, ...). */
export interface TaskProgram {
  name: string;
  description: string;
  source: string;
}

export interface Limits {
  /** Wall-clock limit for one call of the candidate on one instance. */
  timeMsPerInstance: number;
  /** Heap cap of the sandbox (MiB). */
  memoryMb: number;
}

/** What a task may read from the run (data location, seed for synthetic data). */
export interface TaskOptions {
  /** Root holding per-case folders (`<dataRoot>/<case>/...`), or a case folder itself. */
  dataDir?: string;
  /** Seed for synthetic instances when real data is absent. */
  dataSeed?: number;
  /** The language model a task's *candidates* call (not the proposer's model), e.g. the MAS case study. */
  llm?: TaskLlmOptions;
}

/**
 * An OpenAI-compatible endpoint for tasks whose programs call a model. Only the
 * *name* of the key's environment variable is kept (in the run folder and the
 * TaskRef); the key itself is read in the worker at call time.
 */
export interface TaskLlmOptions {
  /** e.g. http://127.0.0.1:8000/v1; a task may also accept a special value (mas: `scripted`). */
  baseUrl: string;
  model: string;
  /** Model of a judge call, when the task has one; default `model`. */
  judgeModel?: string;
  /** Environment variable holding the key (default OPENAI_API_KEY; loopback URLs need none). */
  apiKeyEnv?: string;
  /** Most model calls in flight at once per worker process. */
  maxConcurrency?: number;
}

/**
 * Code that runs *inside* the sandbox around the candidate. It must be
 * self-contained (no imports, no closures): it is shipped as source text.
 * It turns the candidate's answer into plain JSON data (for example model
 * objects into their indices) so that the host can check it.
 */
export type Harness = (candidate: Record<string, unknown>, input: unknown, host?: SandboxHost) => unknown;

/**
 * What a harness sees of the host inside the sandbox (only useful to `async`
 * harnesses): calls into the functions of the instance's `HostSession`.
 */
export interface SandboxHost {
  /** Calls host function `name`; arguments and result cross as JSON; rejects with the host's error message. */
  call(name: string, ...args: unknown[]): Promise<unknown>;
  /** Wall-clock deadline of this run (`Date.now()` milliseconds), e.g. for an abort signal. */
  readonly deadline: number;
}

/**
 * Host-side functions lent to one run of the candidate on one instance. They
 * run in the worker process, outside the sandbox, so what they record (calls
 * made, a trace written) cannot be forged by the candidate; `record()` is
 * handed to `score` as `ctx.host`.
 */
export interface HostSession {
  /** JSON in, JSON out. A rejection reaches the sandbox as an Error with the same message. */
  functions: Record<string, (...args: unknown[]) => Promise<unknown>>;
  record(): unknown;
  /** Called once the run has ended (returned, threw or timed out): later calls must be refused. */
  close?(): void;
}

export interface ScoreContext {
  /** Milliseconds the candidate call took inside the sandbox. */
  elapsedMs: number;
  /** What the instance's `HostSession` recorded (tasks with `host` only). */
  host?: unknown;
}

/** A task whose candidates are TypeScript/JavaScript run in the isolate sandbox. */
export interface SandboxEvaluator {
  kind: 'sandbox';
  /**
   * Either a self-contained function, or the path of a TypeScript module that
   * exports `harness: Harness`; the module is bundled with its imports (pure
   * code only: Node built-ins fail the bundle), so a simulator can be shared
   * between the sandbox (driving the candidate) and the host (re-scoring).
   */
  harness: Harness | { module: string };
  /**
   * The harness returns a Promise: the sandbox awaits it under a wall-clock limit
   * of `timeMsPerInstance` (V8's own limit bounds only synchronous execution).
   */
  async?: boolean;
  /** Host functions for one instance's run (needs `async`: they return Promises). */
  host?(instance: Instance): HostSession;
  /**
   * Trusted scoring on the host: validates `output` (untrusted, any shape) against
   * the task's own pristine copy of the instance and computes the result.
   */
  score(instance: Instance, output: unknown, ctx: ScoreContext): InstanceResult;
  /**
   * Scoring that must wait for something (e.g. a judge model call on what the host
   * functions recorded); used instead of `score` when present. (A separate method
   * rather than a wider `score` type, so that synchronous callers keep a plain result.)
   */
  scoreAsync?(instance: Instance, output: unknown, ctx: ScoreContext): Promise<InstanceResult>;
}

/** A task scored by an external command (any language), one opaque instance. */
export interface CommandEvaluator {
  kind: 'command';
  /** e.g. `python3 evaluate.py {program}`; run in `cwd`. */
  command: string;
  cwd: string;
  /** File name the candidate is written to (its extension matters to some evaluators). */
  programFile: string;
  /**
   * Where the result is read: the last JSON object on stdout, or the
   * `{results}` folder in ShinkaEvolve's layout (metrics.json + correct.json).
   */
  results: 'stdout' | 'folder';
}

export type TaskEvaluator = SandboxEvaluator | CommandEvaluator;

export interface AggregateResult {
  valid: boolean;
  score: number | null;
  metrics: Evaluation['metrics'];
  privateMetrics: Evaluation['privateMetrics'];
  failure?: Evaluation['failure'];
  feedback: string;
}

export interface Task {
  name: string;
  /** Problem statement shown to a proposer. */
  description: string;
  language: Language;
  /** Starting programs and reference points; `defaultSeed` names the usual start. */
  programs: Record<string, TaskProgram>;
  defaultSeed: string;
  /** The best human-designed program, when one exists. */
  humanSota?: string;
  limits: Limits;
  /** Where the instances came from, for the summary ("real data at ...", "synthetic, seed 1"). */
  dataSource: string;
  instances(split: Split): Instance[];
  evaluator: TaskEvaluator;
  /** Folder of prompt templates overriding the built-in ones (system.md, diff.md, full.md, crossover.md). */
  promptsDir?: string;
  /** Turns per-instance results into one evaluation; defaults to `aggregateMean`. */
  aggregate?(results: InstanceResult[]): AggregateResult;
}

/**
 * Thrown when a task cannot be built as configured for a reason the user can
 * fix (e.g. it needs a model and none is set): listings show the reason
 * instead of scores; any other error is a bug and propagates.
 */
export class TaskUnavailableError extends Error {
  override name = 'TaskUnavailableError';
}

/** How a worker process finds the same task: by built-in name or by folder. */
export type TaskRef =
  | { kind: 'builtin'; name: string; options: TaskOptions }
  | { kind: 'dir'; path: string; options: TaskOptions }
  /** A task object handed to the library's `evolve`: it lives in that process only. */
  | { kind: 'inline'; name: string; options: TaskOptions };
