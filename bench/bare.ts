import type { Instance, SandboxEvaluator, Task } from '../src/core/task.js';
import type { InstanceResult } from '../src/core/types.js';
import { aggregateMean } from '../src/evaluate/aggregate.js';
import { harnessSource } from '../src/evaluate/harness-source.js';
import { transpileCandidate } from '../src/evaluate/transpile.js';

/**
 * The same evaluation as the sandbox's, run directly in this process with no
 * isolation (the candidate is trusted here): the reference for the sandbox's cost.
 */
export function evaluateBare(task: Task, source: string, instances: Instance[]): number | null {
  const evaluator = task.evaluator as SandboxEvaluator;
  const compiled = transpileCandidate(source);
  if ('failure' in compiled) throw new Error(compiled.failure.message);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const load = (code: string): unknown => (new Function(code) as () => unknown)();
  const candidate = load(`${compiled.js}\nreturn __candidate;`) as Record<string, unknown>;
  const harness = load(`return (${harnessSource(evaluator.harness)});`) as (c: unknown, i: unknown) => unknown;
  const results: InstanceResult[] = instances.map((instance) => {
    const started = performance.now();
    const output = JSON.parse(JSON.stringify(harness(candidate, structuredClone(instance.data)))) as unknown;
    return evaluator.score(instance, output, { elapsedMs: performance.now() - started });
  });
  return (task.aggregate ?? aggregateMean)(results).score;
}
