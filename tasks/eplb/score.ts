// The leaderboard's 0-100 score (cases/eplb.md §4.1) and the task's aggregate.
import type { AggregateResult } from '../../src/core/task.js';
import type { InstanceResult, Metrics } from '../../src/core/types.js';
import { aggregateMean } from '../../src/evaluate/aggregate.js';
import type { EplbWorkload } from './data.js';
import { balancedness, leftToRightMean } from './simulate.js';
import { checkReport, type CheckMode } from './validate.js';

/** A rebalance at or under 1 ms earns all 10 speed points; 2 ms earns 5. */
export function speedPoints(seconds: number): number {
  return 5 * Math.min(0.002 / seconds, 2);
}

/** Slower than 10 ms costs 20 points per second, at most 20. */
export function slowPenalty(seconds: number): number {
  return seconds > 0.01 ? Math.min(20 * seconds, 20) : 0;
}

/** score = 90 * GPU balancedness + speed points - slow penalty. */
export function leaderboardScore(balGpu: number, seconds: number): number {
  return 90 * balGpu + speedPoints(seconds) - slowPenalty(seconds);
}

/**
 * The reference scores a run from the *mean* balancedness and the *mean*
 * rebalance time over transitions (plain left-to-right means), not as a mean
 * of per-transition scores; the speed term is not linear, so the two differ.
 * Validity and failure handling are `aggregateMean`'s (a broken rule on any
 * transition invalidates the run; a transition that crashed counts as 0).
 */
export function aggregateEplb(results: InstanceResult[]): AggregateResult {
  const base = aggregateMean(results);
  if (!base.valid) return base;
  const ok = results.filter((r) => !r.failure);
  const mean = (key: string): number => leftToRightMean(ok.map((r) => r.metrics[key]!));
  const balGpu = leftToRightMean(results.map((r) => (r.failure ? 0 : r.metrics.bal_gpu!)));
  const seconds = mean('rebalance_ms') / 1000;
  const metrics: Metrics = {
    bal_gpu: mean('bal_gpu'),
    bal_expert: mean('bal_expert'),
    rebalance_ms: seconds * 1000,
    worst_bal_gpu: Math.min(...ok.map((r) => r.metrics.bal_gpu!)),
    balancedness_points: 90 * balGpu,
    speed_points: speedPoints(seconds),
    slow_penalty: slowPenalty(seconds),
    failed_instances: base.metrics.failed_instances!,
  };
  return { ...base, score: leaderboardScore(balGpu, seconds), metrics };
}

/**
 * Scores one transition from the task's own copy of the scored window:
 * validates the reported decisions, replays the load placement, and turns
 * the in-sandbox duration into seconds. The duration is bounded by the
 * runner's own (millisecond) measurement of the whole harness call.
 */
export function scoreTransition(
  instanceId: string,
  report: unknown,
  workload: EplbWorkload,
  transition: number,
  mode: CheckMode,
  runnerElapsedMs: number,
): InstanceResult {
  const next = workload.windows[transition + 1]!;
  const checked = checkReport(report, workload.numLayers, workload.numLogical, next, mode);
  if ('error' in checked) {
    return { instanceId, score: 0, metrics: {}, failure: { kind: 'invalid', message: checked.error } };
  }
  const { balGpu, balExpert } = balancedness(checked.decisions, next);
  const ms = callMs((report as { timeMs?: unknown }).timeMs, runnerElapsedMs);
  return {
    instanceId,
    score: leaderboardScore(balGpu, ms / 1000),
    metrics: { bal_gpu: balGpu, bal_expert: balExpert, rebalance_ms: ms },
    feedback: `GPU balancedness ${balGpu.toFixed(4)} (per slot ${balExpert.toFixed(4)}) on the next window, rebalance ${ms.toFixed(3)} ms`,
  };
}

/**
 * The harness's sub-millisecond time if it is plausible: a finite number in
 * [0, runner's measurement + 1 ms] (the runner's millisecond clock brackets
 * the whole harness call). Otherwise the runner's measurement, which is an
 * upper bound, so a corrupted report can only cost the candidate.
 */
export function callMs(reported: unknown, runnerElapsedMs: number): number {
  if (typeof reported === 'number' && Number.isFinite(reported) && reported >= 0 && reported <= runnerElapsedMs + 1) {
    return reported;
  }
  return runnerElapsedMs;
}
