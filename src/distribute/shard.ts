import { loadTask } from '../core/load-task.js';
import type { Task } from '../core/task.js';
import type { Evaluation } from '../core/types.js';
import { aggregateMean } from '../evaluate/aggregate.js';
import type { EvalJob } from '../evaluate/job.js';

/**
 * Splits a job into jobs of at most `size` instances each, in the task's
 * instance order, so that one evaluation of a large task can run on several
 * workers at once. Undefined when there is nothing to split: the job is small
 * enough, or its task is an external command (one opaque instance).
 */
export function shardJob(job: EvalJob, size: number): EvalJob[] | undefined {
  const task = loadTask(job.task);
  if (task.evaluator.kind !== 'sandbox') return undefined;
  const instances =
    job.split === 'all' ? [...task.instances('train'), ...task.instances('test')] : task.instances(job.split);
  let ids = instances.map((i) => i.id);
  if (job.instanceIds) {
    const wanted = new Set(job.instanceIds);
    ids = ids.filter((id) => wanted.has(id));
  }
  if (ids.length <= size) return undefined;
  const shards: EvalJob[] = [];
  for (let start = 0, k = 0; start < ids.length; start += size, k++)
    shards.push({ ...job, id: `${job.id}#${k}`, instanceIds: ids.slice(start, start + size) });
  return shards;
}

/**
 * One evaluation from its shards: the per-instance results in order,
 * aggregated by the task as if they had been computed together. A shard that
 * produced no per-instance results (its worker process crashed) makes the
 * whole evaluation that crash: there is no honest score without it.
 *
 * One difference from an unsharded evaluation remains: a program that hits
 * its time or memory limit on three instances stops running the rest of its
 * shard, not of the whole split.
 */
export function mergeShards(task: Task, parts: Evaluation[]): Evaluation {
  const durationMs = parts.reduce((sum, p) => sum + p.durationMs, 0);
  const broken = parts.findIndex((p) => p.instances.length === 0);
  if (broken >= 0) {
    const p = parts[broken]!;
    const where = `shard ${broken + 1} of ${parts.length}`;
    return {
      ...p,
      ...(p.failure ? { failure: { ...p.failure, message: `${where}: ${p.failure.message}` } } : {}),
      feedback: `${where}: ${p.feedback}`,
      durationMs,
    };
  }
  const instances = parts.flatMap((p) => p.instances);
  return { ...(task.aggregate ?? aggregateMean)(instances), instances, durationMs };
}
