import type { ProgramColumns } from './queries.js';

/** Evaluated programs in iteration order with the running best and the dollars spent by then. */
export interface Series {
  /** Row indices of the columns, sorted by iteration. */
  order: number[];
  /** 1-based evaluation number per sorted row. */
  evalNo: number[];
  score: (number | null)[];
  best: (number | null)[];
  dollars: number[];
  ids: string[];
  min: number;
  max: number;
}

export function emptyColumns(): ProgramColumns {
  return {
    cursor: 0,
    id: [],
    iteration: [],
    parent: [],
    island: [],
    generation: [],
    mutation: [],
    score: [],
    failure: [],
    costIteration: [],
    cost: [],
  };
}

/** Appends a page of new rows (the cost table is replaced whole). */
export function mergeColumns(a: ProgramColumns, b: ProgramColumns): ProgramColumns {
  return {
    cursor: Math.max(a.cursor, b.cursor),
    id: a.id.concat(b.id),
    iteration: a.iteration.concat(b.iteration),
    parent: a.parent.concat(b.parent),
    island: a.island.concat(b.island),
    generation: a.generation.concat(b.generation),
    mutation: a.mutation.concat(b.mutation),
    score: a.score.concat(b.score),
    failure: a.failure.concat(b.failure),
    costIteration: b.costIteration,
    cost: b.cost,
  };
}

export function series(c: ProgramColumns): Series {
  const order = c.iteration.map((_, i) => i).sort((x, y) => c.iteration[x]! - c.iteration[y]!);
  const costAt = new Map<number, number>();
  c.costIteration.forEach((it, k) => costAt.set(it, c.cost[k]!));
  const costIters = [...c.costIteration].sort((a, b) => a - b);
  let ci = 0;
  let spent = 0;
  let best: number | null = null;
  let min = Infinity;
  let max = -Infinity;
  const out: Series = { order, evalNo: [], score: [], best: [], dollars: [], ids: [], min: 0, max: 0 };
  order.forEach((row, k) => {
    const it = c.iteration[row]!;
    // Dollars spent on every proposal up to this iteration, rejected ones included.
    while (ci < costIters.length && costIters[ci]! <= it) spent += costAt.get(costIters[ci++]!)!;
    const s = c.score[row]!;
    if (s !== null) {
      best = best === null ? s : Math.max(best, s);
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    out.evalNo.push(k + 1);
    out.score.push(s);
    out.best.push(best);
    out.dollars.push(spent);
    out.ids.push(c.id[row]!);
  });
  out.min = Number.isFinite(min) ? min : 0;
  out.max = Number.isFinite(max) ? max : 1;
  return out;
}
