import type { ProgramWithEval } from '../propose/types.js';
import type { Evaluation, InstanceResult } from './types.js';

// GEPA's minibatch acceptance, as pure functions of stored evaluations.

/**
 * Why a child is rejected on its minibatch, or undefined when it passes: the
 * sum of its instance scores there must beat its first parent's (read from the
 * parent's full train evaluation).
 */
export function judgeMinibatch(
  ids: readonly string[],
  child: Evaluation,
  parent: Evaluation | undefined,
): string | undefined {
  if (!child.valid)
    return `minibatch: invalid on ${ids.length} train instances (${child.failure?.kind}: ${child.failure?.message})`;
  const sum = (rs: readonly InstanceResult[]): number => {
    const byId = new Map(rs.map((r) => [r.instanceId, r.score]));
    return ids.reduce((a, id) => a + (byId.get(id) ?? 0), 0);
  };
  const mine = sum(child.instances);
  const base = sum(parent?.instances ?? []);
  if (mine > base) return undefined;
  const f = (x: number): string => (x / ids.length).toPrecision(6);
  return `minibatch: mean ${f(mine)} does not beat the parent's ${f(base)} on ${ids.length} train instances`;
}

/** The parent as the proposer sees it, with its per-instance results on the minibatch spelled out (reflection). */
export function withInstanceFeedback(parent: ProgramWithEval, ids: readonly string[]): ProgramWithEval {
  const wanted = new Set(ids);
  const lines = parent.evaluation.instances
    .filter((r) => wanted.has(r.instanceId))
    .map((r) => {
      const failure = r.failure ? ` (${r.failure.kind}: ${r.failure.message})` : '';
      return `instance ${r.instanceId}: score ${r.score}${failure}${r.feedback ? ` — ${r.feedback}` : ''}`;
    });
  if (lines.length === 0) return parent;
  const feedback = [parent.evaluation.feedback, 'Per-instance results on this minibatch:', ...lines]
    .filter(Boolean)
    .join('\n');
  return { ...parent, evaluation: { ...parent.evaluation, feedback } };
}
