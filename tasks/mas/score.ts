// Leaderboard scoring (spec §4.1) and the OpenEvolve combined score (§4.2).

/** Failures charged for a program that timed out / threw (spec §4.1). */
export const TIMEOUT_FAILURES = 7;
export const EXCEPTION_FAILURES = 14;
export const MAX_FAILURES = 14;

/** Per-task 0..100 score for `failures` MAST modes: 1/(1+f) rescaled so that 0 -> 100 and 14 -> 0. */
export function normalisedScore(failures: number): number {
  const f = Math.min(Math.max(failures, 0), MAX_FAILURES);
  const raw = 1 / (1 + f);
  const floor = 1 / (1 + MAX_FAILURES);
  return Math.min(Math.max(((raw - floor) / (1 - floor)) * 100, 0), 100);
}

/**
 * OpenEvolve v2/v3 `combined_score`: 1/(1 + F/nJudged), where F includes the
 * timeout and exception penalties but nJudged counts only judged tasks; 0 when
 * no task was judged.
 */
export function combinedScore(totalFailures: number, judged: number): number {
  return judged === 0 ? 0 : 1 / (1 + totalFailures / judged);
}
