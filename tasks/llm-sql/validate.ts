// Checks an untrusted output against the task's own record of the table. The
// rule: the output rows are the input rows, each exactly once, each holding
// exactly its own cells in some order, where each prescribed merge group is one
// cell made of its members' texts in some order. Nothing may be dropped,
// duplicated, moved between rows, re-typed into other text, split or altered.
import { pyFloatRepr } from './render.js';
import type { PreparedTable, RowUnits } from './table.js';

export type Checked = { rows: string[] } | { error: string };

/** The text a returned cell contributes to the prompt (Python str(), missing as ""). */
export function cellText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' && Number.isFinite(v))
    return Number.isInteger(v) ? String(Math.abs(v) === 0 ? 0 : v) : pyFloatRepr(v);
  return undefined;
}

/** An order-free fingerprint of a row's characters (collisions only cost an extra exact check). */
function fingerprint(s: string): string {
  let a = 0;
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = (a + Math.imul(c + 0x9e37, 0x85ebca6b)) | 0;
    b = (b + Math.imul(c ^ 0x5bd1e995, c + 0x27d4eb2f)) | 0;
  }
  return `${s.length}:${a}:${b}`;
}

/** Whether `s` is the members concatenated in some order. */
export function isMemberPermutation(s: string, members: readonly string[]): boolean {
  if (s.length !== members.reduce((n, m) => n + m.length, 0)) return false;
  if (members.length === 1) return s === members[0];
  if (members.length === 2) {
    const [a, b] = members as [string, string];
    return (s.startsWith(a) && s.endsWith(b)) || (s.startsWith(b) && s.endsWith(a));
  }
  const used = members.map(() => false);
  const search = (pos: number, left: number): boolean => {
    if (left === 0) return pos === s.length;
    const tried = new Set<string>();
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!;
      if (used[k] || tried.has(m) || !s.startsWith(m, pos)) continue;
      tried.add(m);
      used[k] = true;
      if (search(pos + m.length, left - 1)) return true;
      used[k] = false;
    }
    return false;
  };
  return search(0, members.length);
}

/** Whether the returned cell texts are exactly this row's units in some order. */
export function matchesRow(cells: readonly string[], units: RowUnits): boolean {
  const plain = units.plain;
  if (cells.length !== plain.length + units.groups.length) return false;
  // Rows have a dozen cells: a linear scan with used flags beats building a map.
  const taken = new Uint8Array(plain.length);
  const rest: string[] = [];
  // Cells with equal text are interchangeable, so taking plain units first is never wrong.
  for (const c of cells) {
    let k = 0;
    while (k < plain.length && (taken[k] === 1 || plain[k] !== c)) k++;
    if (k < plain.length) taken[k] = 1;
    else rest.push(c);
  }
  if (rest.length !== units.groups.length) return false;
  const used = units.groups.map(() => false);
  const assign = (i: number): boolean => {
    if (i === rest.length) return true;
    for (let g = 0; g < units.groups.length; g++) {
      if (used[g] || !isMemberPermutation(rest[i]!, units.groups[g]!)) continue;
      used[g] = true;
      if (assign(i + 1)) return true;
      used[g] = false;
    }
    return false;
  };
  return assign(0);
}

const bucketCache = new WeakMap<PreparedTable, Map<string, number[]>>();

/** Input rows by fingerprint of their full text (the same whatever the cell order), built once per table. */
function bucketsOf(p: PreparedTable): Map<string, number[]> {
  let buckets = bucketCache.get(p);
  if (!buckets) {
    buckets = new Map();
    for (let i = 0; i < p.units.length; i++) {
      const u = p.units[i]!;
      const key = fingerprint(u.plain.join('') + u.groups.map((g) => g.join('')).join(''));
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
    bucketCache.set(p, buckets);
  }
  return buckets;
}

const preview = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

/** Validates the output shape and the row bijection; returns the rendered rows in output order. */
export function checkOutput(p: PreparedTable, output: unknown): Checked {
  const n = p.units.length;
  if (!Array.isArray(output)) return { error: 'reorder must return an array of rows (arrays of cells)' };
  if (output.length !== n) return { error: `returned ${output.length} rows, the table has ${n}` };
  const texts: string[][] = [];
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: unknown = output[i];
    if (!Array.isArray(row)) return { error: `output row ${i} is not an array of cells` };
    const cells: string[] = [];
    for (let j = 0; j < row.length; j++) {
      const t = cellText(row[j]);
      if (t === undefined)
        return { error: `output row ${i} cell ${j} is not a string, finite number, boolean or null` };
      cells.push(t);
    }
    texts.push(cells);
    rows.push(cells.join(''));
  }

  const buckets = bucketsOf(p);
  const used = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const list = buckets.get(fingerprint(rows[i]!));
    if (!list) {
      return {
        error: `output row ${i} ${preview(rows[i]!)} has different characters from every input row: a value was lost, added, altered or moved between rows`,
      };
    }
    let matched = false;
    for (const k of list) {
      if (used[k] || !matchesRow(texts[i]!, p.units[k]!)) continue;
      used[k] = 1;
      matched = true;
      break;
    }
    if (!matched) {
      const taken = list.every((k) => used[k]);
      return {
        error: taken
          ? `output row ${i} ${preview(rows[i]!)} repeats an input row that was already returned`
          : `output row ${i} ${preview(rows[i]!)} has an input row's characters but not its cells: cells must be returned whole and unchanged, each merge group (${p.input.options.colMerge.map((g) => g.join('+')).join('; ')}) as one cell`,
      };
    }
  }
  return { rows };
}
