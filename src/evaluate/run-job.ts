import { loadTask } from '../core/load-task.js';
import type { Task } from '../core/task.js';
import type { Evaluation } from '../core/types.js';
import { evaluateProgram } from './evaluate-program.js';
import type { EvalJob } from './job.js';

/** Evaluates a job in this process (a worker, or the caller itself in tests and benchmarks). */
export function runJob(job: EvalJob): Promise<Evaluation> {
  return evaluateJob(loadTask(job.task), job);
}

/** Evaluates a job on an already-built task. */
export async function evaluateJob(task: Task, job: EvalJob): Promise<Evaluation> {
  let instances =
    job.split === 'all' ? [...task.instances('train'), ...task.instances('test')] : task.instances(job.split);
  if (job.instanceIds) {
    const wanted = new Set(job.instanceIds);
    instances = instances.filter((i) => wanted.has(i.id));
  }
  return evaluateProgram(task, job.source, instances, { ...task.limits, ...job.limits });
}
