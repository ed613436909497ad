import { meanCi } from '../core/stats.js';
import type { Split } from '../core/types.js';
import type { RunStore } from '../store/store.js';
import { unifiedDiff } from '../ui/program-detail.js';
import { overview, programColumns, proposerStats, type ProposerStat, type RunOverview } from '../ui/queries.js';
import { series, type Series } from '../ui/series.js';

export interface SplitResult {
  score: number | null;
  valid: boolean;
  /** Mean of the per-instance scores with a 95% t-interval. */
  instances: { mean: number; half: number; n: number } | null;
}

export interface ProgramRow {
  label: string;
  programId: string;
  train: SplitResult | null;
  test: SplitResult | null;
}

export interface ReportData {
  name: string;
  generatedAt: number;
  overview: RunOverview;
  series: Series;
  rows: ProgramRow[];
  best: { id: string; iteration: number; generation: number; source: string; lineage: number } | null;
  diffSeed: string | null;
  diffHuman: string | null;
  proposers: ProposerStat[];
  failures: Record<string, number>;
}

const HUMAN = 'ref:human-sota';

function splitResult(store: RunStore, id: string, split: Split): SplitResult | null {
  const e =
    (split === 'train' ? store.getEvaluation(id, 'train', 'search') : undefined) ??
    store.getEvaluation(id, split, 'final');
  if (!e) return null;
  const scores = e.instances.filter((r) => !r.failure).map((r) => r.score);
  return { score: e.score, valid: e.valid, instances: scores.length > 0 ? meanCi(scores) : null };
}

/** Everything a report shows, read from the run's store. */
export function reportData(name: string, store: RunStore): ReportData {
  const o = overview(name, store);
  const s = series(programColumns(store));
  const bestId = o.best?.programId;
  const ids: [string, string][] = [['seed', 'p0']];
  if (store.getProgram(HUMAN)) ids.push(['human SOTA', HUMAN]);
  if (bestId && bestId !== 'p0') ids.push(['best', bestId]);
  const rows = ids.map(([label, id]) => ({
    label,
    programId: id,
    train: splitResult(store, id, 'train'),
    test: splitResult(store, id, 'test'),
  }));
  const best = bestId ? store.getProgram(bestId) : undefined;
  const seed = store.getProgram('p0');
  const human = store.getProgram(HUMAN);
  let depth = 0;
  for (let p = best; p && p.parentIds[0] && depth < 100_000; p = store.getProgram(p.parentIds[0])) depth++;
  const failures: Record<string, number> = {};
  for (const r of store.db
    .prepare(
      `SELECT 'rejected' AS kind, COUNT(*) AS n FROM iterations WHERE status = 'rejected'
       UNION ALL SELECT COALESCE(failure_kind, 'invalid'), COUNT(*) FROM evaluations
       WHERE purpose = 'search' AND valid = 0 GROUP BY failure_kind`,
    )
    .all() as { kind: string; n: number }[])
    if (r.n > 0) failures[r.kind] = r.n;
  return {
    name,
    generatedAt: Date.now(),
    overview: o,
    series: s,
    rows,
    best: best
      ? { id: best.id, iteration: best.iteration, generation: best.generation, source: best.source, lineage: depth }
      : null,
    diffSeed: best && seed && best.id !== seed.id ? unifiedDiff('seed p0', seed.source, best.id, best.source) : null,
    diffHuman: best && human ? unifiedDiff('human SOTA', human.source, best.id, best.source) : null,
    proposers: proposerStats(store),
    failures,
  };
}
