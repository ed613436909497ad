import type { Instance, Limits, SandboxEvaluator, ScoreContext, Task } from '../core/task.js';
import type { Evaluation, Failure, InstanceResult } from '../core/types.js';
import { aggregateMean } from './aggregate.js';
import { runCommandEvaluator } from './command.js';
import { CandidateSandbox } from './sandbox.js';
import { transpileCandidate } from './transpile.js';

/** After this many instances stop on a time or memory limit, the rest are not run. */
const MAX_RESOURCE_FAILURES = 3;

/** Evaluates one program on the given instances. Runs in a worker process. */
export async function evaluateProgram(
  task: Task,
  source: string,
  instances: Instance[],
  limits: Limits = task.limits,
): Promise<Evaluation> {
  const started = performance.now();
  const results =
    task.evaluator.kind === 'sandbox'
      ? await runSandboxed(task.evaluator, source, instances, limits)
      : await runCommandEvaluator(task.evaluator, source, instances, limits);
  const agg = (task.aggregate ?? aggregateMean)(results);
  return { ...agg, instances: results, durationMs: performance.now() - started };
}

async function runSandboxed(
  evaluator: SandboxEvaluator,
  source: string,
  instances: Instance[],
  limits: Limits,
): Promise<InstanceResult[]> {
  const compiled = transpileCandidate(source);
  if ('failure' in compiled) return instances.map((i) => failed(i, compiled.failure));
  const mode = { async: evaluator.async === true || evaluator.host !== undefined };
  const loaded = await CandidateSandbox.load(compiled.js, evaluator.harness, limits, mode);
  if (!('sandbox' in loaded)) return instances.map((i) => failed(i, loaded.failure));
  const sandbox = loaded.sandbox;
  // An async score (e.g. a judge model call) overlaps with the next instance's run.
  const results: (InstanceResult | Promise<InstanceResult>)[] = [];
  let firstResourceFailure: Failure | undefined;
  let resourceFailures = 0;
  try {
    for (const instance of instances) {
      if (resourceFailures >= MAX_RESOURCE_FAILURES) {
        results.push(
          failed(instance, {
            kind: firstResourceFailure!.kind,
            message: `not run: ${firstResourceFailure!.message} on ${MAX_RESOURCE_FAILURES} instances`,
          }),
        );
        continue;
      }
      const session = evaluator.host?.(instance);
      const outcome = await sandbox.run(instance.data, session);
      if (!outcome.ok) {
        if (outcome.failure.kind === 'timeout' || outcome.failure.kind === 'memory') {
          resourceFailures++;
          firstResourceFailure ??= outcome.failure;
        }
        results.push(failed(instance, outcome.failure));
        continue;
      }
      const ctx: ScoreContext = session
        ? { elapsedMs: outcome.elapsedMs, host: session.record() }
        : { elapsedMs: outcome.elapsedMs };
      results.push(scoreSafely(evaluator, instance, outcome.output, ctx));
    }
  } finally {
    sandbox.dispose();
  }
  if (!results.some((r) => r instanceof Promise)) return results as InstanceResult[];
  return Promise.all(results.map((r) => Promise.resolve(r)));
}

function scoreSafely(
  evaluator: SandboxEvaluator,
  instance: Instance,
  output: unknown,
  ctx: ScoreContext,
): InstanceResult | Promise<InstanceResult> {
  // A scorer that throws (or rejects) on odd output is treated as rejecting it.
  const rejected = (error: unknown): InstanceResult =>
    failed(instance, { kind: 'invalid', message: error instanceof Error ? error.message : String(error) });
  try {
    if (evaluator.scoreAsync) return evaluator.scoreAsync(instance, output, ctx).catch(rejected);
    return evaluator.score(instance, output, ctx);
  } catch (error) {
    return rejected(error);
  }
}

export function failed(instance: Instance, failure: Failure): InstanceResult {
  return { instanceId: instance.id, score: 0, metrics: {}, failure };
}
