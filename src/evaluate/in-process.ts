import type { Task } from '../core/task.js';
import type { Evaluation } from '../core/types.js';
import { crashEvaluation, type EvalJob } from './job.js';
import type { Evaluator } from './pool.js';
import { evaluateJob } from './run-job.js';

let warned = false;

/**
 * Evaluates in the calling process, for task objects that exist only here
 * (the library's `evolve({ task })`). Candidates still run in isolates with
 * their limits; only the host-side scoring shares this process. At most
 * `concurrency` evaluations run at once (isolates run on their own threads).
 */
export class InProcessEvaluator implements Evaluator {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly task: Task,
    private readonly concurrency: number,
  ) {
    const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
    if (task.evaluator.kind === 'sandbox' && !flags.includes('--no-node-snapshot') && !warned) {
      warned = true;
      process.emitWarning(
        'adrs evaluates this task in-process with isolated-vm, which on Node 20+ needs `node --no-node-snapshot` ' +
          '(or NODE_OPTIONS=--no-node-snapshot); without it the process may crash',
      );
    }
  }

  async evaluate(job: EvalJob): Promise<Evaluation> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await evaluateJob(this.task, job);
    } catch (error) {
      // A host-side bug (the task's own code) fails this evaluation, not the run.
      return crashEvaluation(`evaluation failed in the task's code: ${(error as Error).message}`);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
