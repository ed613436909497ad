import type { RunStore } from '../store/store.js';

// Views of a strategy's own state for the dashboard, read from its stored
// snapshot: the MAP-Elites grid (OpenEvolve-style strategies keep per-island
// `grids` of cell key -> elite id) and the per-instance Pareto front (GEPA-style
// strategies keep `candidates` with per-instance scores). Anything else: none.

export interface HeatCell {
  /** Bin per axis (the first two axes; further axes are folded into the best of the cell). */
  x: number;
  y: number;
  score: number;
  programId: string;
  island: number;
}

export type StrategyView =
  | { kind: 'map-elites'; axes: string[]; bins: number; cells: HeatCell[] }
  | { kind: 'pareto'; instances: number; candidates: { programId: string; score: number; wins: number }[] }
  | null;

interface Snapshot {
  grids?: unknown;
  islands?: unknown;
  candidates?: unknown;
}

export function strategyView(store: RunStore, config: Record<string, unknown>): StrategyView {
  const snapshot = store.getState<Snapshot>('strategy');
  if (!snapshot || typeof snapshot !== 'object') return null;
  const options = (config.strategy ?? {}) as { featureDimensions?: unknown; bins?: unknown };
  if (Array.isArray(snapshot.grids)) return mapElites(store, snapshot.grids as Record<string, string>[], options);
  if (Array.isArray(snapshot.candidates)) return pareto(snapshot.candidates as Candidate[]);
  return null;
}

function mapElites(
  store: RunStore,
  grids: Record<string, string>[],
  options: { featureDimensions?: unknown; bins?: unknown },
): StrategyView {
  const axes = Array.isArray(options.featureDimensions)
    ? options.featureDimensions.map(String)
    : ['length', 'diversity'];
  const bins = typeof options.bins === 'number' ? options.bins : 8;
  const score = store.db.prepare(
    "SELECT score FROM evaluations WHERE program_id = ? AND split = 'train' AND purpose = 'search' AND valid = 1",
  );
  const best = new Map<string, HeatCell>();
  grids.forEach((grid, island) => {
    for (const [key, programId] of Object.entries(grid ?? {})) {
      const bin = key.split(',').map(Number);
      const s = (score.get(programId) as { score: number } | undefined)?.score;
      if (s === undefined || bin.some((b) => !Number.isInteger(b))) continue;
      const cell = { x: bin[0]!, y: bin[1] ?? 0, score: s, programId, island };
      const at = `${cell.x},${cell.y}`;
      if (!best.has(at) || best.get(at)!.score < s) best.set(at, cell);
    }
  });
  return { kind: 'map-elites', axes, bins, cells: [...best.values()] };
}

interface Candidate {
  id?: unknown;
  score?: unknown;
  instanceScores?: unknown;
}

function pareto(candidates: Candidate[]): StrategyView {
  const valid = candidates.filter(
    (c): c is { id: string; score: number; instanceScores: Record<string, number> } =>
      typeof c.id === 'string' &&
      typeof c.score === 'number' &&
      !!c.instanceScores &&
      typeof c.instanceScores === 'object',
  );
  // A candidate is on the front for every instance where no other candidate scores higher.
  const top = new Map<string, number>();
  for (const c of valid)
    for (const [i, s] of Object.entries(c.instanceScores)) top.set(i, Math.max(top.get(i) ?? -Infinity, s));
  return {
    kind: 'pareto',
    instances: top.size,
    candidates: valid.map((c) => ({
      programId: c.id,
      score: c.score,
      wins: Object.entries(c.instanceScores).filter(([i, s]) => s >= top.get(i)!).length,
    })),
  };
}
