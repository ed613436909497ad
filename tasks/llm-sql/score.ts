// Host-side scoring of one table, and the leaderboard score over a set of
// tables (spec §4.1). The score is defined on the *means* over tables, so the
// task aggregates itself instead of averaging per-table scores.
import type { AggregateResult } from '../../src/core/task.js';
import type { InstanceResult } from '../../src/core/types.js';
import { failureFeedback } from '../../src/evaluate/aggregate.js';
import { RUNTIME_CAP_S } from './contract.js';
import { prefixHits } from './metric.js';
import type { PreparedTable } from './table.js';
import { checkOutput } from './validate.js';

const DISQUALIFYING = new Set(['invalid', 'forbidden', 'compile']);

/** Python's sum(xs) / len(xs): left-to-right (equal to numpy's mean below 8 terms). */
export function pyMean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** 0..100 hit-rate term: how far the mean hit rate moved from the anchor toward 1. */
export function normalizedHitScore(hitRate: number, anchor: number): number {
  if (anchor >= 1) return hitRate >= 1 ? 100 : 0;
  return Math.max(0, Math.min(100, ((hitRate - anchor) / (1 - anchor)) * 100));
}

/** 0..100 runtime term: 100 at 0 s, 0 from RUNTIME_CAP_S. */
export function runtimeComponent(seconds: number): number {
  return ((RUNTIME_CAP_S - Math.min(RUNTIME_CAP_S, seconds)) / RUNTIME_CAP_S) * 100;
}

export function leaderboardScore(hitRate: number, anchor: number, seconds: number): number {
  return 0.95 * normalizedHitScore(hitRate, anchor) + 0.05 * runtimeComponent(seconds);
}

/** Validates one output and computes its hit rate from the rendered rows (never from anything the program reported). */
export function scoreTable(p: PreparedTable, output: unknown, elapsedMs: number): InstanceResult {
  const checked = checkOutput(p, output);
  if ('error' in checked) {
    return { instanceId: p.id, score: 0, metrics: {}, failure: { kind: 'invalid', message: checked.error } };
  }
  const hits = prefixHits(checked.rows);
  const seconds = elapsedMs / 1000;
  return {
    instanceId: p.id,
    score: leaderboardScore(hits.hitRate, p.anchor.hitRate, seconds),
    metrics: {
      hit_rate: hits.hitRate,
      hit_count: hits.hitCount,
      total_chars: hits.totalChars,
      anchor_hit_rate: p.anchor.hitRate,
      runtime_s: seconds,
    },
    feedback: `hit rate ${hits.hitRate.toFixed(4)} (original order ${p.anchor.hitRate.toFixed(4)}), ${hits.hitCount} of ${hits.totalChars} characters cached, ${elapsedMs} ms`,
  };
}

/**
 * The leaderboard score over the evaluated tables: h = mean hit rate, anchor =
 * mean original-order hit rate, runtime = mean seconds; score = 0.95 n + 0.05 r.
 * A table whose call failed counts hit rate 0 and runtime 0 (a time-out counts
 * the time limit). A rule violation on any table, or failure on all, is invalid.
 */
export function aggregateTables(
  results: InstanceResult[],
  anchorOf: (id: string) => number,
  timeLimitMs: number,
): AggregateResult {
  const feedback = failureFeedback(results);
  const bad =
    results.find((r) => r.failure && DISQUALIFYING.has(r.failure.kind)) ??
    (results.every((r) => r.failure) ? results[0] : undefined);
  if (!bad) return leaderboard(results, anchorOf, timeLimitMs, feedback);
  const failure = bad.failure
    ? { kind: bad.failure.kind, message: `instance ${bad.instanceId}: ${bad.failure.message}` }
    : { kind: 'invalid' as const, message: 'no instances were evaluated' };
  return { valid: false, score: null, metrics: {}, privateMetrics: {}, failure, feedback };
}

function leaderboard(
  results: InstanceResult[],
  anchorOf: (id: string) => number,
  timeLimitMs: number,
  feedback: string,
): AggregateResult {
  if (results.length === 0) {
    return {
      valid: false,
      score: null,
      metrics: {},
      privateMetrics: {},
      failure: { kind: 'invalid', message: 'no instances were evaluated' },
      feedback,
    };
  }
  const hit = results.map((r) => (r.failure ? 0 : r.metrics.hit_rate!));
  const seconds = results.map((r) =>
    r.failure ? (r.failure.kind === 'timeout' ? timeLimitMs / 1000 : 0) : r.metrics.runtime_s!,
  );
  const h = pyMean(hit);
  const anchor = pyMean(results.map((r) => anchorOf(r.instanceId)));
  const runtime = pyMean(seconds);
  const failed = results.filter((r) => r.failure).length;
  const metrics: Record<string, number> = {
    hit_rate: h,
    anchor_hit_rate: anchor,
    normalized_hit_score: normalizedHitScore(h, anchor),
    runtime_s: runtime,
    runtime_component: runtimeComponent(runtime),
    // OpenEvolve's original fitness (spec §4.2): no anchor, 12 s cap, 0 if any table failed.
    openevolve_combined_score: failed > 0 ? 0 : 0.95 * h + (0.05 * (12 - Math.min(12, runtime))) / 12,
    failed_instances: failed,
  };
  for (const r of results) if (!r.failure) metrics[`hit_rate_${r.instanceId}`] = r.metrics.hit_rate!;
  return { valid: true, score: leaderboardScore(h, anchor, runtime), metrics, privateMetrics: {}, feedback };
}
