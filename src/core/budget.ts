import type { RunConfig } from './config.js';

/** Counters the stop rules look at; all deterministic functions of the observed iterations. */
export interface Progress {
  /** Iterations planned so far (the seed is iteration 0). */
  planned: number;
  /** Evaluations observed plus iterations planned but not yet observed. */
  evaluationsCommitted: number;
  costUsd: number;
  elapsedMs: number;
  bestScore: number | null;
  evaluationsSinceBest: number;
}

/** Why the run must stop planning, or undefined to go on. */
export function stopReason(config: RunConfig, p: Progress): string | undefined {
  const b = config.budget;
  if (b.iterations !== undefined && p.planned > b.iterations) return `iteration budget reached (${b.iterations})`;
  if (b.evaluations !== undefined && p.evaluationsCommitted >= b.evaluations)
    return `evaluation budget reached (${b.evaluations})`;
  // costUsd includes estimates for calls in flight and the next one: a call that could overshoot is not started.
  if (b.dollars !== undefined && p.costUsd > b.dollars)
    return `dollar budget reached ($${b.dollars}, counting calls in flight)`;
  if (b.wallTime !== undefined && p.elapsedMs >= b.wallTime)
    return `wall-time budget reached (${Math.round(b.wallTime / 1000)} s)`;
  const s = config.stop;
  if (s.targetScore !== undefined && p.bestScore !== null && p.bestScore >= s.targetScore)
    return `target score ${s.targetScore} reached`;
  if (s.patience !== undefined && p.evaluationsSinceBest >= s.patience)
    return `no improvement in ${s.patience} evaluations`;
  return undefined;
}
