import type { Instance, Limits, SandboxEvaluator, Task } from '../core/task.js';
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
  const loaded = await CandidateSandbox.load(compiled.js, evaluator.harness, limits);
  if (!('sandbox' in loaded)) return instances.map((i) => failed(i, loaded.failure));
  const sandbox = loaded.sandbox;
  const results: InstanceResult[] = [];
  let resourceFailures = 0;
  try {
    for (const instance of instances) {
      if (resourceFailures >= MAX_RESOURCE_FAILURES) {
        const first = results.find((r) => r.failure?.kind === 'timeout' || r.failure?.kind === 'memory')!;
        results.push(
          failed(instance, {
            kind: first.failure!.kind,
            message: `not run: ${first.failure!.message} on ${MAX_RESOURCE_FAILURES} instances`,
          }),
        );
        continue;
      }
      const outcome = await sandbox.run(instance.data);
      if (!outcome.ok) {
        if (outcome.failure.kind === 'timeout' || outcome.failure.kind === 'memory') resourceFailures++;
        results.push(failed(instance, outcome.failure));
        continue;
      }
      results.push(scoreSafely(evaluator, instance, outcome.output, outcome.elapsedMs));
    }
  } finally {
    sandbox.dispose();
  }
  return results;
}

function scoreSafely(
  evaluator: SandboxEvaluator,
  instance: Instance,
  output: unknown,
  elapsedMs: number,
): InstanceResult {
  try {
    return evaluator.score(instance, output, { elapsedMs });
  } catch (error) {
    // A scorer that throws on odd output is treated as rejecting it.
    return failed(instance, { kind: 'invalid', message: error instanceof Error ? error.message : String(error) });
  }
}

export function failed(instance: Instance, failure: Failure): InstanceResult {
  return { instanceId: instance.id, score: 0, metrics: {}, failure };
}
