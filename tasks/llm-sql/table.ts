// One table prepared for evaluation: what the program sees, and the task's own
// pristine record of every row's cells (after the prescribed merges) that the
// host checks outputs against and renders the anchor from.
import type { PdFrame } from './csv.js';
import type { Cell, LlmSqlInput, Shape, Table } from './contract.js';
import { MERGES, SOLVER_OPTIONS } from './contract.js';
import { prefixHits } from './metric.js';
import { applyMerges, mergeTexts, pyStr, renderRows } from './render.js';

/** The cells of one row after merging: plain cell texts, and each merge group's member texts. */
export interface RowUnits {
  plain: string[];
  groups: string[][];
}

export interface PreparedTable {
  id: string;
  shape: Shape;
  input: LlmSqlInput;
  units: RowUnits[];
  anchor: { hitCount: number; totalChars: number; hitRate: number };
}

/** A frame's cells as the program receives them (float64 as its Python text, so it prints unchanged). */
export function toTable(frame: PdFrame): Table {
  const rows: Cell[][] = [];
  for (let i = 0; i < frame.rows; i++) {
    rows.push(
      frame.columns.map((c): Cell => {
        const v = c.values[i]!;
        if (v === null) return null;
        return c.dtype === 'float64' ? pyStr(v, 'float64') : v;
      }),
    );
  }
  return { columns: frame.columns.map((c) => c.name), rows };
}

/**
 * Prepares a table with its shape's merge spec. The anchor is the original
 * row order with the merges applied in the listed order (leaderboard §4.1). A
 * table whose anchor text depends on a frame-wide numeric upcast (every column
 * numeric with a float, or a merge group of ints and floats) is refused: the
 * cell contract could not express it.
 */
export function prepareTable(id: string, shape: Shape, frame: PdFrame): PreparedTable {
  const merges = MERGES[shape];
  for (const group of merges) {
    const missing = group.filter((name) => !frame.columns.some((c) => c.name === name));
    if (missing.length > 0) throw new Error(`${id}: merge columns ${missing.join(', ')} are not in the table`);
  }
  const inGroup = new Set(merges.flat());
  const plainColumns = frame.columns.filter((c) => !inGroup.has(c.name));
  const groupTexts = merges.map((group) =>
    mergeTexts(
      group.map((name) => frame.columns.find((c) => c.name === name)!),
      frame.rows,
    ),
  );
  const units: RowUnits[] = [];
  for (let i = 0; i < frame.rows; i++) {
    units.push({
      plain: plainColumns.map((c) => (c.values[i] === null ? '' : pyStr(c.values[i]!, c.dtype))),
      groups: groupTexts.map((g) => g[i]!),
    });
  }
  const anchorRows = renderRows(applyMerges(frame, merges));
  anchorRows.forEach((s, i) => {
    const u = units[i]!;
    if (s !== u.plain.join('') + u.groups.map((g) => g.join('')).join(''))
      throw new Error(`${id}: row ${i} prints differently as a whole row than cell by cell (pandas numeric upcast)`);
  });
  const { hitCount, totalChars, hitRate } = prefixHits(anchorRows);
  return {
    id,
    shape,
    input: { dataset: id, table: toTable(frame), options: { ...SOLVER_OPTIONS, colMerge: merges } },
    units,
    anchor: { hitCount, totalChars, hitRate },
  };
}
