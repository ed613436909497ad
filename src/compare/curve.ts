import type { Plan } from '../propose/types.js';
import { RunStore } from '../store/store.js';

/** Best train score so far after each full evaluation, against evaluations spent. */
export interface CurvePoint {
  evaluations: number;
  best: number | null;
}

/**
 * A run's search curve, read from its store: iterations in order, each
 * costing 1 per full train evaluation plus its minibatch instances as a
 * fraction of the train split (the same accounting as the evaluation budget).
 */
export function searchCurve(dir: string): CurvePoint[] {
  const store = RunStore.open(dir, { readonly: true });
  try {
    const trainCount = store.getEvaluation('p0', 'train', 'search')?.instances.length ?? 1;
    const evals = new Map(
      (
        store.db
          .prepare(
            `SELECT e.program_id AS id, e.purpose AS purpose, e.valid AS valid, e.score AS score FROM evaluations e
             WHERE e.split = 'train' AND e.purpose IN ('search', 'minibatch')`,
          )
          .all() as { id: string; purpose: string; valid: number; score: number | null }[]
      ).map((r) => [`${r.id}:${r.purpose}`, r]),
    );
    const rows = store.db.prepare('SELECT iteration, plan, program_id FROM iterations ORDER BY iteration').all() as {
      iteration: number;
      plan: string;
      program_id: string | null;
    }[];
    const out: CurvePoint[] = [];
    let spent = 0;
    let best: number | null = null;
    for (const r of rows) {
      if (!r.program_id) continue;
      const plan = JSON.parse(r.plan) as Plan;
      if (plan.minibatch && evals.has(`${r.program_id}:minibatch`)) spent += plan.minibatch.length / trainCount;
      const full = evals.get(`${r.program_id}:search`);
      if (!full) continue;
      spent += 1;
      if (full.valid && full.score !== null && (best === null || full.score > best)) best = full.score;
      out.push({ evaluations: spent, best });
    }
    return out;
  } finally {
    store.close();
  }
}

/** The curve's value at x evaluations (null before its first point). */
export function curveAt(curve: readonly CurvePoint[], x: number): number | null {
  let value: number | null = null;
  for (const p of curve) {
    if (p.evaluations > x + 1e-9) break;
    value = p.best;
  }
  return value;
}

/** Evaluations spent when the curve first reached `target`, or null. */
export function evaluationsToReach(curve: readonly CurvePoint[], target: number): number | null {
  const hit = curve.find((p) => p.best !== null && p.best >= target);
  return hit ? hit.evaluations : null;
}
