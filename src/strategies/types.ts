import type { Rng } from '../core/rng.js';
import type { Plan } from '../propose/types.js';

/** What a strategy keeps of a program: small, so that its state snapshots stay cheap. */
export interface Member {
  id: string;
  iteration: number;
  score: number;
  hash: string;
  /**
   * Descriptors for grids and diversity (see `features.ts`): `length`, `diversity`
   * and the task's metrics. Set by the controller for valid evaluations.
   */
  features?: Record<string, number>;
  /** Train score per instance id, from the program's search evaluation. */
  instanceScores?: Record<string, number>;
}

/**
 * The outcome of one iteration, delivered to `observe` strictly in iteration order.
 * `source` (the evaluated program) is for strategies that fingerprint programs; do not keep it.
 */
export type Observation =
  | { iteration: number; kind: 'evaluated'; island: number; member: Member; valid: true; source?: string }
  | { iteration: number; kind: 'evaluated'; island: number; id: string; valid: false; source?: string }
  | { iteration: number; kind: 'rejected'; island: number; reason: string };

export interface Strategy {
  readonly name: string;
  /** Decide the next iteration. May update internal counters (state is snapshotted after). */
  plan(iteration: number, rng: Rng): Omit<Plan, 'iteration' | 'knownThrough'>;
  /** The seed (iteration 0) or a child's outcome. */
  observe(observation: Observation, rng: Rng): void;
  /**
   * Optional check of a proposed child before it is evaluated; returns why it
   * is not worth evaluating. It runs concurrently with later observations, so
   * to stay deterministic it may only use programs of iterations up to
   * `plan.knownThrough`.
   */
  gate?(plan: Plan, source: string): string | undefined;
  /** One line about the run's setup worth recording (e.g. a step skipped for this proposer), once at start. */
  describe?(proposer: string): string | undefined;
  /** Meta-scratchpad: every `every` programs the proposer summarises what worked into up to `recommendations` lessons. */
  scratchpad?(): { every: number; recommendations: number } | undefined;
  /** JSON-serialisable state for resume. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

export interface StrategyFactory<O> {
  name: string;
  create(options: O): Strategy;
}
