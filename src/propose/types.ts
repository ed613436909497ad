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
  /** The model chosen for this proposal at plan time (so the choice is deterministic and resumable). */
  model?: string;
  /**
   * Train instance ids the child is first evaluated on (GEPA's acceptance
   * test): it must beat its first parent's scores on these instances before it
   * earns a full train evaluation.
   */
  minibatch?: string[];
}

export interface ProgramWithEval {
  program: Program;
  evaluation: Evaluation;
}

export interface ProposeRequest {
  plan: Plan;
  /** `sandboxed`: candidates run in the isolate (false: the task's own evaluator runs them). */
  task: Pick<Task, 'name' | 'description' | 'language' | 'promptsDir'> & { sandboxed?: boolean };
  parents: ProgramWithEval[];
  inspirations: ProgramWithEval[];
  rng: Rng;
  /** Text the user added to the live run ("try a stable sort"). */
  hints: string[];
  /** Lessons from the meta-scratchpad, for the system prompt. */
  scratchpad?: string;
  signal?: AbortSignal;
}

export interface ProposerCall {
  proposer: string;
  model?: string;
  /** What the money was spent on. */
  bucket?: 'mutation' | 'meta' | 'judge';
  /** sha256 of the request (model, messages, sampling): the key of record and replay. */
  requestHash?: string;
  finishReason?: string;
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

/** What the controller tells a proposer about one of its children, in iteration order. */
export interface ProposalOutcome {
  valid: boolean;
  score: number | null;
  parentScore: number | null;
  costUsd: number;
}

export interface Proposer {
  name: string;
  propose(request: ProposeRequest): Promise<Proposal>;
  /** At plan time: choose what must be decided deterministically (the model). */
  assign?(plan: Plan, rng: Rng): Pick<Plan, 'model'>;
  /** After the iteration is observed (e.g. to update a bandit over models). */
  observe?(plan: Plan, outcome: ProposalOutcome): void;
  /** Upper estimate of one proposal's cost, reserved against the dollar budget while it runs. */
  estimateCostUsd?(plan: Plan): number;
  /** One line saying what a dollar budget buys, shown before the run starts. */
  describeBudget?(dollars: number | undefined): string | undefined;
  snapshot?(): unknown;
  restore?(state: unknown): void;
  /** Meta-scratchpad: summarise what worked and what did not into short recommendations. */
  reflect?(
    request: ReflectRequest,
  ): Promise<{ ok: true; text: string; call: ProposerCall } | { ok: false; reason: string; call: ProposerCall }>;
}

export interface ReflectRequest {
  /** Scratchpad number e: it covers the programs of iterations 1..e*every. */
  epoch: number;
  task: Pick<Task, 'name' | 'description' | 'language'>;
  previous: string;
  best: ProgramWithEval[];
  worst: ProgramWithEval[];
  failures: { reason: string; count: number }[];
  recommendations: number;
}
