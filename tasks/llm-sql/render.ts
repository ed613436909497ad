// How the reference turns cells into prompt text: Python str()/f"{v}" on the
// values pandas holds, including the frame-level upcasts (an all-numeric row
// becomes float64 and prints integers as `0.0`).
import type { Dtype, PdColumn, PdFrame, PyValue } from './csv.js';

/** Python repr() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** str(v) of one value of a column typed `dtype`; a missing value is `nan`. */
export function pyStr(v: PyValue, dtype: Dtype): string {
  if (v === null) return 'nan';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return dtype === 'float64' ? pyFloatRepr(v) : String(v);
  return v;
}

/** The numpy type a row of these columns is interleaved into (pandas find_common_type). */
export function rowKind(dtypes: readonly Dtype[]): 'int' | 'float' | 'bool' | 'object' {
  if (dtypes.length === 0) return 'object';
  if (dtypes.every((d) => d === 'bool')) return 'bool';
  if (dtypes.some((d) => d === 'object' || d === 'bool')) return 'object';
  return dtypes.every((d) => d === 'int64') ? 'int' : 'float';
}

/** str() of a cell inside a row interleaved as `kind`: ints print as floats in a float row. */
function cellText(v: PyValue, dtype: Dtype, kind: ReturnType<typeof rowKind>): string {
  return kind === 'float' ? pyStr(v, 'float64') : pyStr(v, dtype);
}

/**
 * The rows as the metric sees them: DataFrame.iterrows(), fillna(""), astype(str),
 * joined with no separator.
 */
export function renderRows(frame: PdFrame): string[] {
  const kind = rowKind(frame.columns.map((c) => c.dtype));
  const out: string[] = [];
  for (let i = 0; i < frame.rows; i++) {
    let s = '';
    for (const c of frame.columns) {
      const v = c.values[i]!;
      if (v !== null) s += cellText(v, c.dtype, kind);
    }
    out.push(s);
  }
  return out;
}

/** Member texts of one merged cell per row: f"{v}" on the group's interleaved row. */
export function mergeTexts(members: readonly PdColumn[], rows: number): string[][] {
  const kind = rowKind(members.map((c) => c.dtype));
  return Array.from({ length: rows }, (_, i) => members.map((c) => cellText(c.values[i]!, c.dtype, kind)));
}

/**
 * The leaderboard's anchor merge: each group whose columns all exist becomes one
 * object column named by joining the members with `_`, appended at the end, in
 * the listed group order and member order.
 */
export function applyMerges(frame: PdFrame, groups: readonly (readonly string[])[]): PdFrame {
  let columns = frame.columns;
  for (const group of groups) {
    const members = group.map((name) => columns.find((c) => c.name === name));
    if (members.some((m) => m === undefined)) continue;
    const texts = mergeTexts(members as PdColumn[], frame.rows);
    columns = [
      ...columns.filter((c) => !group.includes(c.name)),
      { name: group.join('_'), dtype: 'object', values: texts.map((t) => t.join('')) },
    ];
  }
  return { columns, rows: frame.rows };
}
