// Aggregation over instances as the leaderboard aggregates over runs: the
// mean cost of all runs, then the clipped normalised score. Any failed run
// scores the whole evaluation 0 (the reference's rule); a broken rule
// (invalid / forbidden / compile) makes it invalid.
import type { AggregateResult } from '../../src/core/task.js';
import type { InstanceResult, Metrics } from '../../src/core/types.js';
import { failureFeedback } from '../../src/evaluate/aggregate.js';
import { leaderboardScore, normalisedScore } from './score.js';

const DISQUALIFYING = new Set(['invalid', 'forbidden', 'compile']);

export function aggregateCantBeLate(results: InstanceResult[]): AggregateResult {
  const failed = results.filter((r) => r.failure);
  const ok = results.filter((r) => !r.failure);
  const feedbackLines = [failureFeedback(results)];
  if (results.length === 0) return invalid('no instances were evaluated', '');
  const rule = failed.find((r) => DISQUALIFYING.has(r.failure!.kind));
  if (rule) return invalid(`instance ${rule.instanceId}: ${rule.failure!.message}`, feedbackLines.join('\n'), rule);
  if (ok.length === 0) {
    const f = failed[0]!;
    return invalid(`instance ${f.instanceId}: ${f.failure!.message}`, feedbackLines.join('\n'), f);
  }
  const sum = (key: string): number => ok.reduce((a, r) => a + (r.metrics[key] ?? 0), 0);
  const runs = sum('runs');
  const avgCost = sum('cost_sum') / runs;
  const variance = Math.max(0, sum('cost_sq_sum') / runs - avgCost * avgCost);
  const metrics: Metrics = {
    avg_cost: avgCost,
    cost_std: Math.sqrt(variance),
    leaderboard_score: failed.length > 0 ? 0 : leaderboardScore(avgCost),
    runs,
    deadline_misses: sum('deadline_misses'),
    max_late_seconds: Math.max(...ok.map((r) => r.metrics.max_late_seconds ?? 0)),
    spot_ticks_per_run: sum('spot_ticks') / runs,
    on_demand_ticks_per_run: sum('on_demand_ticks') / runs,
    safety_overrides_per_run: sum('safety_overrides') / runs,
    failed_instances: failed.length,
  };
  feedbackLines.unshift(breakdown(ok));
  return {
    valid: true,
    score: failed.length > 0 ? 0 : normalisedScore(avgCost),
    metrics,
    privateMetrics: {},
    feedback: feedbackLines.filter((l) => l).join('\n'),
  };
}

/** Mean run cost by env and by deadline (instance ids are `env/dl<h>/oh<h>/<split>`). */
function breakdown(ok: InstanceResult[]): string {
  const by = (part: number): string => {
    const acc = new Map<string, { cost: number; runs: number }>();
    for (const r of ok) {
      const key = r.instanceId.split('/')[part] ?? '?';
      const a = acc.get(key) ?? { cost: 0, runs: 0 };
      a.cost += r.metrics.cost_sum ?? 0;
      a.runs += r.metrics.runs ?? 0;
      acc.set(key, a);
    }
    return [...acc].map(([k, a]) => `${k} $${(a.cost / a.runs).toFixed(2)}`).join(', ');
  };
  return `mean run cost by env: ${by(0)}; by deadline: ${by(1)}`;
}

function invalid(message: string, feedback: string, r?: InstanceResult): AggregateResult {
  return {
    valid: false,
    score: null,
    metrics: {},
    privateMetrics: {},
    failure: { kind: r?.failure?.kind ?? 'invalid', message },
    feedback,
  };
}
