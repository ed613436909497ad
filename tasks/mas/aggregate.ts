// The task score over tasks (spec §4.1): the mean per-task 0..100 score, where
// a program that timed out is charged 7 failures and one that threw (or whose
// judge failed) 14. Validity follows the engine's default rules (a broken
// guardrail anywhere, or no task run at all, makes the evaluation invalid).

import type { AggregateResult } from '../../src/core/task.js';
import type { InstanceResult } from '../../src/core/types.js';
import { aggregateMean } from '../../src/evaluate/aggregate.js';
import { numpyMean } from '../../src/core/stats.js';
import { combinedScore, EXCEPTION_FAILURES, normalisedScore, TIMEOUT_FAILURES } from './score.js';

function failuresOf(r: InstanceResult): number {
  if (!r.failure) return r.metrics.failures ?? EXCEPTION_FAILURES;
  return r.failure.kind === 'timeout' ? TIMEOUT_FAILURES : EXCEPTION_FAILURES;
}

export function aggregateMas(results: InstanceResult[]): AggregateResult {
  const base = aggregateMean(results);
  if (!base.valid) return base;
  const failures = results.map(failuresOf);
  const judged = results.filter((r) => !r.failure).length;
  const total = failures.reduce((a, b) => a + b, 0);
  return {
    ...base,
    score: numpyMean(failures.map(normalisedScore)),
    metrics: {
      ...base.metrics,
      failures_total: total,
      failures_per_task: total / results.length,
      judged_tasks: judged,
      openevolve_combined_score: combinedScore(total, judged),
    },
  };
}
