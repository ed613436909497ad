// Task-level aggregation as the reference does it: plain running sums over the
// cases in case order divided by their count (not numpy's pairwise mean), with
// a case that failed (exception, timeout) counting 0 in all three components.

import type { AggregateResult } from '../../src/core/task.js';
import type { InstanceResult, Metrics } from '../../src/core/types.js';
import { failureFeedback } from '../../src/evaluate/aggregate.js';

/** Per-case metric keys, also the aggregate's. */
export const METRIC_KEYS = [
  'combined_score',
  'counter_repair_accuracy',
  'status_repair_accuracy',
  'confidence_calibration',
] as const;

/** Failures that mean the program broke a rule: the whole evaluation is invalid. */
const DISQUALIFYING = new Set(['invalid', 'forbidden', 'compile']);

/** `order(id)` gives the case index, so any subset is summed in the reference's order. */
export function makeAggregate(order: (instanceId: string) => number): (results: InstanceResult[]) => AggregateResult {
  return (results) => {
    const feedback = failureFeedback(results);
    const bad = results.find((r) => r.failure && DISQUALIFYING.has(r.failure.kind));
    const failed = results.filter((r) => r.failure);
    const first = bad ?? (failed.length === results.length ? failed[0] : undefined);
    if (results.length === 0 || first) {
      const failure = first
        ? { kind: first.failure!.kind, message: `instance ${first.instanceId}: ${first.failure!.message}` }
        : { kind: 'invalid' as const, message: 'no instances were evaluated' };
      return { valid: false, score: null, metrics: {}, privateMetrics: {}, failure, feedback };
    }
    const sorted = [...results].sort((a, b) => order(a.instanceId) - order(b.instanceId));
    const metrics: Metrics = {};
    for (const key of METRIC_KEYS) {
      let sum = 0;
      for (const r of sorted) sum += r.failure ? 0 : (r.metrics[key] ?? 0);
      metrics[key] = sum / sorted.length;
    }
    metrics.num_cases = sorted.length;
    metrics.failed_instances = failed.length;
    return { valid: true, score: 100 * metrics.combined_score!, metrics, privateMetrics: {}, feedback };
  };
}
