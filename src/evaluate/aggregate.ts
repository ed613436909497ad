import type { AggregateResult } from '../core/task.js';
import type { Failure, InstanceResult, Metrics } from '../core/types.js';
import { numpyMean } from '../core/stats.js';

/** Failures that mean the program cheated or broke a rule: the whole evaluation is invalid. */
const DISQUALIFYING = new Set(['invalid', 'forbidden', 'compile']);

/**
 * Default aggregation: the score is the mean instance score, failed instances
 * counting as 0. A rule violation on any instance, or failure on every
 * instance, makes the evaluation invalid. Metrics are means over the instances
 * that ran; `failed_instances` counts the rest.
 */
export function aggregateMean(results: InstanceResult[]): AggregateResult {
  const failed = results.filter((r) => r.failure);
  const disqualified = failed.find((r) => DISQUALIFYING.has(r.failure!.kind));
  const feedback = failureFeedback(results);
  if (results.length === 0) {
    return invalid({ kind: 'invalid', message: 'no instances were evaluated' }, feedback);
  }
  if (disqualified) return invalid(withInstance(disqualified), feedback);
  if (failed.length === results.length) return invalid(withInstance(failed[0]!), feedback);
  const ok = results.filter((r) => !r.failure);
  const metrics = meanMetrics(ok.map((r) => r.metrics));
  metrics.failed_instances = failed.length;
  return {
    valid: true,
    score: numpyMean(results.map((r) => (r.failure ? 0 : r.score))),
    metrics,
    privateMetrics: meanMetrics(ok.map((r) => r.privateMetrics ?? {})),
    feedback,
  };
}

/** Per-key means over the results that report the key. */
function meanMetrics(all: Metrics[]): Metrics {
  const out: Metrics = {};
  for (const key of new Set(all.flatMap((m) => Object.keys(m)))) {
    out[key] = numpyMean(all.map((m) => m[key]).filter((v): v is number => v !== undefined));
  }
  return out;
}

function invalid(failure: Failure, feedback: string): AggregateResult {
  return { valid: false, score: null, metrics: {}, privateMetrics: {}, failure, feedback };
}

function withInstance(r: InstanceResult): Failure {
  return { kind: r.failure!.kind, message: `instance ${r.instanceId}: ${r.failure!.message}` };
}

/** Short text for the next prompt: failures first, then the worst instances. */
export function failureFeedback(results: InstanceResult[], worst = 3): string {
  const lines: string[] = [];
  const failed = results.filter((r) => r.failure);
  for (const r of failed.slice(0, 5))
    lines.push(`- instance ${r.instanceId}: ${r.failure!.kind}: ${r.failure!.message}`);
  if (failed.length > 5) lines.push(`- ... and ${failed.length - 5} more failed instances`);
  const ok = results.filter((r) => !r.failure).sort((a, b) => a.score - b.score);
  for (const r of ok.slice(0, worst)) {
    const extra = r.feedback ? ` (${r.feedback})` : '';
    lines.push(`- weakest instance ${r.instanceId}: score ${round(r.score)}${extra}`);
  }
  return lines.join('\n');
}

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(6));
