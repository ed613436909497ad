// LLM-SQL: one LLM call per table row, prompt = the row's cells concatenated.
// Reorder the rows, and the cells inside each row, so that each row's string
// shares a long prefix with an earlier row's (prefix-cache hits).
//
// GGR ("QuickGreedy", MLSys'25 LLM-SQL paper), OpenEvolve's initial program,
// ported step by step from the pandas reference, including its pandas quirks:
// stable sorts, numbers sorting before strings in a mixed column, `True == 1`
// as a counting key, and column labels that follow their values when a chunk
// falls straight back to the fixed reorder.

type Cell = string | number | boolean | null;
interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}
interface ReorderOptions {
  readonly earlyStop: number;
  readonly rowStop: number;
  readonly colStop: number;
  readonly colMerge: readonly (readonly string[])[];
  readonly oneWayDep: readonly (readonly [string, string])[];
  readonly distinctValueThreshold: number;
  readonly parallel: boolean;
}

/** A (sub-)table: column labels, which columns pandas types `bool`, and the rows. */
interface Frame {
  labels: string[];
  isBool: boolean[];
  rows: Cell[][];
}

interface ColumnStat {
  label: string;
  groups: number;
  score: number;
}

/** The reference adds the row number as a last column and carries it through the recursion. */
const INDEX = 'original_index';

/** Counting key: Python's dict treats True as 1 and False as 0. */
function keyOf(v: Cell): string | number | null {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

let astral = false;
/** Python len(): code points (the surrogate scan only runs when the table has any). */
function strLen(s: string): number {
  if (!astral) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** len(str(v)) of a cell as pandas' astype(str) prints it (a missing value prints `nan`). */
function textLen(v: Cell): number {
  if (v === null) return 3;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'number') return String(v).length;
  return strLen(v);
}

/** f"{v}", as the column merge renders each member. */
function format(v: Cell): string {
  if (v === null) return 'nan';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Python string order (code points), not UTF-16 units. */
function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800)
        return (x >= 0xe000 ? x - 0x800 : x + 0x2000) - (y >= 0xe000 ? y - 0x800 : y + 0x2000);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** pandas' sort order inside one column: numbers (bools as 0/1) first, then strings, missing last. */
function compareCell(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const sa = typeof a === 'string';
  const sb = typeof b === 'string';
  if (sa && sb) return compareText(a, b);
  if (sa) return 1;
  if (sb) return -1;
  return Number(a) - Number(b);
}

/** DataFrame.sort_values order over every column (used with the stable Array sort: a lexsort). */
function compareRows(x: readonly Cell[], y: readonly Cell[]): number {
  for (let j = 0; j < x.length; j++) {
    const c = compareCell(x[j]!, y[j]!);
    if (c !== 0) return c;
  }
  return 0;
}

function nunique(rows: readonly (readonly Cell[])[], j: number): number {
  const seen = new Set<string | number>();
  for (const row of rows) {
    const k = keyOf(row[j]!);
    if (k !== null) seen.add(k);
  }
  return seen.size;
}

/** Column concatenation of all members' f"{v}", in the given member order. */
function mergeGroup(frame: Frame, members: readonly string[]): Frame {
  const at = members.map((m) => frame.labels.indexOf(m));
  if (at.includes(-1)) throw new Error(`columns to merge ${members.join(', ')} are not all in the table`);
  const counts = new Set(at.map((j) => nunique(frame.rows, j)));
  if (at.length === 0 || counts.size !== 1)
    throw new Error(`columns to merge ${members.join(', ')} do not have the same number of unique values`);
  const keep = frame.labels.map((_, j) => j).filter((j) => !at.includes(j));
  return {
    labels: [...keep.map((j) => frame.labels[j]!), members.join('_')],
    isBool: [...keep.map((j) => frame.isBool[j]!), false],
    rows: frame.rows.map((row) => [...keep.map((j) => row[j]!), at.map((j) => format(row[j]!)).join('')]),
  };
}

// EVOLVE-BLOCK-START
/** Recursive halving stops at chunks of at most this many rows (the reference's `base`). */
const CHUNK_ROWS = 2000;
/** Squared length the value weight gives a boolean (len('True') ** 2). */
const BOOL_WEIGHT_LEN = 16;
/** Mean text length the column score gives a boolean column. */
const BOOL_COLUMN_LEN = 4;
/** Scales options.earlyStop: values whose weight is below it are not grouped on. */
const EARLY_STOP_SCALE = 1;
/** Scales options.distinctValueThreshold: columns more distinct than it are set aside. */
const DISTINCT_SCALE = 1;

/** Per column: (mean text length)^2 * (rows per distinct value - 1); 0 when all values differ. */
function columnStats(frame: Frame, withIndex: boolean): ColumnStat[] {
  const n = frame.rows.length;
  const stats: ColumnStat[] = [];
  frame.labels.forEach((label, j) => {
    if (label === INDEX) return;
    const groups = nunique(frame.rows, j);
    let avg = BOOL_COLUMN_LEN;
    if (!frame.isBool[j]) {
      let total = 0;
      for (const row of frame.rows) total += textLen(row[j]!);
      avg = total / n;
    }
    const len2 = avg * avg;
    let score = 0;
    if (groups > 0 && groups !== n) score = len2 * (n / groups - 1);
    stats.push({ label, groups, score });
  });
  if (withIndex && frame.labels.includes(INDEX)) stats.push({ label: INDEX, groups: n, score: 0 });
  return stats.sort((a, b) => b.score - a.score);
}

/** Columns by score (row index last), then rows sorted lexicographically. */
function fixedReorder(frame: Frame): Frame {
  const order = columnStats(frame, true).map((s) => frame.labels.indexOf(s.label));
  const rows = frame.rows.map((row) => order.map((j) => row[j]!));
  rows.sort(compareRows);
  return { labels: order.map((j) => frame.labels[j]!), isBool: order.map((j) => frame.isBool[j]!), rows };
}

/** The value with the largest len^2 * (count - 1), first seen on ties; null below the early stop. */
function maxGroupValue(
  frame: Frame,
  valueLen: Map<string | number, number>,
  earlyStop: number,
): string | number | null {
  const counts = new Map<string | number, number>();
  for (const row of frame.rows)
    for (const v of row) {
      const k = keyOf(v);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  let best: string | number | null = null;
  let bestWeight = -Infinity;
  for (const [k, count] of counts) {
    const weight = valueLen.get(k)! * (count - 1);
    if (weight > bestWeight) {
      best = k;
      bestWeight = weight;
    }
  }
  if (best === null || bestWeight < earlyStop) return null;
  return best;
}

interface Context {
  valueLen: Map<string | number, number>;
  earlyStop: number;
  rowStop: number;
  colStop: number;
}

/** GGR's recursion: group the rows holding the best value, put it first, recurse on the rest. */
function recursiveReorder(frame: Frame, r: number, c: number, ctx: Context): Frame {
  if (frame.rows.length === 0 || frame.labels.length === 0) return frame;
  if (r >= ctx.rowStop) return fixedReorder(frame);
  if (c >= ctx.colStop) return fixedReorder(frame);
  const v = maxGroupValue(frame, ctx.valueLen, ctx.earlyStop);
  if (v === null) return fixedReorder(frame);
  const grouped: Cell[][] = [];
  const remaining: Cell[][] = [];
  for (const row of frame.rows) (row.some((x) => keyOf(x) === v) ? grouped : remaining).push(row);
  if (grouped.length === 0) return fixedReorder(frame);

  // Column recursion: the cells equal to v move to the front, the rest keep their order.
  const moved = grouped.map((row) => [...row.filter((x) => keyOf(x) === v), ...row.filter((x) => keyOf(x) !== v)]);
  const width = frame.labels.length;
  const isBool: boolean[] = [];
  for (let j = 1; j < width; j++) isBool.push(moved.every((row) => typeof row[j] === 'boolean'));
  const rest = recursiveReorder(
    { labels: frame.labels.slice(1), isBool, rows: moved.map((row) => row.slice(1)) },
    r,
    c + 1,
    ctx,
  );
  const head = moved.map((row, i) => [row[0]!, ...rest.rows[i]!]);

  // Row recursion on the rows without v (they keep the parent's column types).
  const tail = recursiveReorder({ labels: frame.labels, isBool: frame.isBool, rows: remaining }, r + 1, c, ctx);
  return { labels: frame.labels, isBool: frame.isBool, rows: [...head, ...tail.rows] };
}

/** Halve until a chunk fits, reorder each, concatenate aligning columns by label (pd.concat). */
function splitAndReorder(frame: Frame, ctx: Context): Frame {
  if (frame.rows.length <= CHUNK_ROWS) return recursiveReorder(frame, 0, 0, ctx);
  const mid = Math.floor(frame.rows.length / 2);
  const top = splitAndReorder({ ...frame, rows: frame.rows.slice(0, mid) }, ctx);
  const bottom = splitAndReorder({ ...frame, rows: frame.rows.slice(mid) }, ctx);
  const at = top.labels.map((label) => bottom.labels.indexOf(label));
  return { ...top, rows: [...top.rows, ...bottom.rows.map((row) => at.map((j) => row[j]!))] };
}

export function reorder(table: Table, options: ReorderOptions): Cell[][] {
  astral = table.rows.some((row) => row.some((v) => typeof v === 'string' && /[\ud800-\udfff]/.test(v)));
  let frame: Frame = {
    labels: [...table.columns],
    isBool: table.columns.map((_, j) => table.rows.every((row) => typeof row[j] === 'boolean')),
    rows: table.rows.map((row) => [...row]),
  };

  // Merge each group, its members in column-score order.
  if (options.colMerge.length > 0) {
    const ranked = columnStats(frame, true).map((s) => s.label);
    for (const group of options.colMerge)
      frame = mergeGroup(
        frame,
        ranked.filter((label) => group.includes(label)),
      );
  }

  // Set aside the too-distinct columns; they are re-attached to their rows at the end.
  const stats = columnStats(frame, true);
  const scoreOf = new Map(stats.map((s) => [s.label, s.score]));
  const limit = frame.rows.length * options.distinctValueThreshold * DISTINCT_SCALE;
  const discard = stats.filter((s) => s.groups > limit).map((s) => frame.labels.indexOf(s.label));
  discard.sort((a, b) => scoreOf.get(frame.labels[b]!)! - scoreOf.get(frame.labels[a]!)! || a - b);
  const keep = frame.labels.map((_, j) => j).filter((j) => !discard.includes(j));
  const recurse: Frame = {
    labels: [...keep.map((j) => frame.labels[j]!), INDEX],
    isBool: [...keep.map((j) => frame.isBool[j]!), false],
    rows: frame.rows.map((row, i) => [...keep.map((j) => row[j]!), i]),
  };

  // Squared value lengths, from each value's first occurrence (row-major).
  const valueLen = new Map<string | number, number>();
  for (const row of recurse.rows)
    for (const v of row) {
      const k = keyOf(v);
      if (k === null || valueLen.has(k)) continue;
      const len = textLen(v);
      valueLen.set(k, typeof v === 'boolean' ? BOOL_WEIGHT_LEN : len * len);
    }

  const ctx: Context = {
    valueLen,
    earlyStop: options.earlyStop * EARLY_STOP_SCALE,
    rowStop: options.rowStop || recurse.rows.length,
    colStop: options.colStop || recurse.labels.length,
  };
  const sorted = fixedReorder(recurse);
  const out = options.parallel ? splitAndReorder(sorted, ctx) : recursiveReorder(sorted, 0, 0, ctx);
  const at = out.labels.indexOf(INDEX);
  const rows = out.rows.map((row) => {
    const original = frame.rows[row[at] as number]!;
    return [...row.filter((_, j) => j !== at), ...discard.map((j) => original[j]!)];
  });
  // The reference's last step (the total hit count does not depend on the row order).
  rows.sort(compareRows);
  return rows;
}
// EVOLVE-BLOCK-END
