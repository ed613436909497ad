import type { Limits, TaskRef } from '../core/task.js';
import type { Evaluation, Split } from '../core/types.js';

/** One evaluation request, as sent to a worker (local process or remote). */
export interface EvalJob {
  id: string;
  task: TaskRef;
  source: string;
  /** `all` = train then test, in the task's order (for comparing with reference numbers). */
  split: Split | 'all';
  /** Subset of the split's instance ids; all when absent. */
  instanceIds?: string[];
  limits?: Partial<Limits>;
}

export type WorkerMessage =
  | { type: 'result'; id: string; evaluation: Evaluation }
  | { type: 'error'; id: string; message: string }
  | { type: 'ready' };

export function crashEvaluation(message: string, kind: 'crash' | 'timeout' | 'memory' = 'crash'): Evaluation {
  return {
    valid: false,
    score: null,
    metrics: {},
    privateMetrics: {},
    failure: { kind, message },
    feedback: message,
    instances: [],
    durationMs: 0,
  };
}
