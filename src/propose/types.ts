import type { Rng } from '../core/rng.js';
import type { Task } from '../core/task.js';
import type { Evaluation, MutationKind, Program } from '../core/types.js';

/** What the strategy decided for one iteration. Stored, so resume replays it. */
export interface Plan {
  iteration: number;
  parentIds: string[];
  inspirationIds: string[];
  island: number;
  mutation: MutationKind;
  /** Programs of iterations up to here are known to the duplicate gate (deterministic). */
  knownThrough: number;
}

export interface ProgramWithEval {
  program: Program;
  evaluation: Evaluation;
}

export interface ProposeRequest {
  plan: Plan;
  task: Pick<Task, 'name' | 'description' | 'language'>;
  parents: ProgramWithEval[];
  inspirations: ProgramWithEval[];
  rng: Rng;
  /** Text the user added to the live run ("try a stable sort"). */
  hints: string[];
  signal?: AbortSignal;
}

export interface ProposerCall {
  proposer: string;
  model?: string;
  prompt?: string;
  response?: string;
  tokensIn?: number;
  tokensOut?: number;
  costUsd: number;
  durationMs: number;
  error?: string;
}

export type Proposal =
  | { ok: true; source: string; changes: string[]; call: ProposerCall }
  | { ok: false; reason: string; call: ProposerCall };

export interface Proposer {
  name: string;
  propose(request: ProposeRequest): Promise<Proposal>;
}
