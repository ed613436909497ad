// Plain data that flows through the loop. Everything here is JSON-serialisable,
// because it is stored in SQLite and sent to worker processes.

export type Split = 'train' | 'test';

/** Why a candidate failed. `invalid` = ran but its output broke a task rule. */
export type FailureKind = 'timeout' | 'memory' | 'exception' | 'invalid' | 'forbidden' | 'compile' | 'crash';

export interface Failure {
  kind: FailureKind;
  message: string;
}

export type Metrics = Record<string, number>;

/** One candidate run on one instance. `score` is higher-is-better. */
export interface InstanceResult {
  instanceId: string;
  score: number;
  metrics: Metrics;
  /** Recorded, never shown to the proposer. */
  privateMetrics?: Metrics;
  failure?: Failure;
  feedback?: string;
}

/** A candidate's result on a set of instances, aggregated by the task. */
export interface Evaluation {
  valid: boolean;
  /** null when invalid. */
  score: number | null;
  /** Shown to the search and the prompt. */
  metrics: Metrics;
  /** Recorded but never shown to the proposer (e.g. anything computed from held-out data). */
  privateMetrics: Metrics;
  failure?: Failure;
  feedback: string;
  instances: InstanceResult[];
  durationMs: number;
}

export type MutationKind = 'seed' | 'diff' | 'full' | 'crossover';

export interface Program {
  id: string;
  iteration: number;
  source: string;
  /** sha256 of the normalised source: identical programs share it. */
  hash: string;
  parentIds: string[];
  island: number;
  generation: number;
  mutation: MutationKind;
  proposer: string;
  /** One line per change, e.g. "numeric 80 -> 63.2 at line 12". */
  changes: string[];
  createdAt: number;
}

/** A program together with its (search-split) evaluation, as strategies see it. */
export interface Scored {
  program: Program;
  evaluation: Evaluation;
}

export type Language = 'typescript' | 'python' | 'other';
