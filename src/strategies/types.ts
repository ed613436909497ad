import type { Rng } from '../core/rng.js';
import type { Plan } from '../propose/types.js';

/** What a strategy keeps of a program: small, so that its state snapshots stay cheap. */
export interface Member {
  id: string;
  iteration: number;
  score: number;
  hash: string;
}

/** The outcome of one iteration, delivered to `observe` strictly in iteration order. */
export type Observation =
  | { iteration: number; kind: 'evaluated'; island: number; member: Member; valid: true }
  | { iteration: number; kind: 'evaluated'; island: number; id: string; valid: false }
  | { iteration: number; kind: 'rejected'; island: number; reason: string };

export interface Strategy {
  readonly name: string;
  /** Decide the next iteration. May update internal counters (state is snapshotted after). */
  plan(iteration: number, rng: Rng): Omit<Plan, 'iteration' | 'knownThrough'>;
  /** The seed (iteration 0) or a child's outcome. */
  observe(observation: Observation, rng: Rng): void;
  /** JSON-serialisable state for resume. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

export interface StrategyFactory<O> {
  name: string;
  create(options: O): Strategy;
}
