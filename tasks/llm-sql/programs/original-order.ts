// LLM-SQL seed: the leaderboard's baseline, "original order". Each merge group
// becomes one cell (members in the listed order, f"{v}" text, a missing member
// printed `nan`) appended after the other columns; rows and cells keep their
// order. Its hit rate is the anchor, so it scores 0 on the hit-rate term.
//
// The evolve block also holds a column ranking that is switched off
// (RANK_COLUMNS is 0): with it on, every row puts its cells in one order, the
// columns whose values repeat most (weighted by length) first.

type Cell = string | number | boolean | null;
interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}
interface ReorderOptions {
  readonly colMerge: readonly (readonly string[])[];
}

/** The text a cell contributes to the prompt; `inMerge` prints a missing value as Python's f"{v}" does. */
function text(v: Cell, inMerge: boolean): string {
  if (v === null) return inMerge ? 'nan' : '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

// EVOLVE-BLOCK-START
/** 0 keeps the table's column order; above 0 the columns are ranked by `columnWeight`. */
const RANK_COLUMNS = 0;
/** Weight = (mean text length)^LENGTH_POWER * (rows per distinct value - SHARE_OFFSET). */
const LENGTH_POWER = 2;
const SHARE_OFFSET = 1;
/** Columns with more than this fraction of distinct values go last, whatever their weight. */
const DISTINCT_LIMIT = 0.7;

interface ColumnInfo {
  index: number;
  weight: number;
  tooDistinct: boolean;
}

function columnInfo(cells: readonly (readonly Cell[])[], index: number): ColumnInfo {
  const n = cells.length;
  const seen = new Set<string>();
  let length = 0;
  for (const row of cells) {
    const t = text(row[index]!, false);
    seen.add(t);
    length += t.length;
  }
  const perValue = n / Math.max(1, seen.size);
  let weight = 0;
  if (seen.size < n) weight = (length / n) ** LENGTH_POWER * (perValue - SHARE_OFFSET);
  return { index, weight, tooDistinct: seen.size > DISTINCT_LIMIT * n };
}

export function reorder(table: Table, options: ReorderOptions): Cell[][] {
  let groups = options.colMerge.map((group) => group.map((name) => table.columns.indexOf(name)));
  if (RANK_COLUMNS > 0) {
    // Merge members by weight too (a name before its id lets different names share their first words).
    const weight = table.columns.map((_, j) => columnInfo(table.rows, j).weight);
    groups = groups.map((group) => [...group].sort((a, b) => weight[b]! - weight[a]!));
  }
  const merged = new Set(groups.flat());
  const plain = table.columns.map((_, j) => j).filter((j) => !merged.has(j));
  const cells: Cell[][] = table.rows.map((row) => [
    ...plain.map((j) => row[j]!),
    ...groups.map((group) => group.map((j) => text(row[j]!, true)).join('')),
  ]);
  const order = (cells[0] ?? []).map((_, j) => j);
  if (RANK_COLUMNS > 0) {
    const info = order.map((j) => columnInfo(cells, j));
    order.sort((a, b) => {
      const x = info[a]!;
      const y = info[b]!;
      if (x.tooDistinct !== y.tooDistinct) return x.tooDistinct ? 1 : -1;
      return y.weight - x.weight;
    });
  }
  return cells.map((row) => order.map((j) => row[j]!));
}
// EVOLVE-BLOCK-END
