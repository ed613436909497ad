// A pandas-compatible CSV reader: RFC-4180 fields, then the column typing that
// pandas.read_csv (C engine, default options, low_memory=False) applies. The
// metric renders cells with Python's str(), so the type decides the text:
// an integer column with a gap becomes float64 and prints `13.0`.

/** The pandas dtype read_csv would give a column. */
export type Dtype = 'int64' | 'float64' | 'bool' | 'object';

/** One cell as pandas holds it; null is a missing value (NaN). */
export type PyValue = string | number | boolean | null;

export interface PdColumn {
  name: string;
  dtype: Dtype;
  /** int64: numbers (or canonical digit strings beyond 2^53); float64: numbers or null; bool: booleans; object: strings, booleans or null. */
  values: PyValue[];
}

export interface PdFrame {
  columns: PdColumn[];
  rows: number;
}

/** pandas' default na_values (pandas 2.x). */
export const NA_STRINGS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const TRUE_STRINGS = new Set(['True', 'TRUE', 'true']);
const FALSE_STRINGS = new Set(['False', 'FALSE', 'false']);
const INT_RE = /^\s*[+-]?\d+\s*$/;
const FLOAT_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const INF_RE = /^\s*([+-]?)(inf|infinity)\s*$/i;

/** Splits CSV text into records (quoted fields may hold commas, quotes and newlines); blank lines are skipped. */
export function parseCsv(text: string, file: string): string[][] {
  const records: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record: string[] = [];
  for (;;) {
    // One field per pass: quoted (with "" escapes) or plain up to the next comma or line end.
    let field: string;
    let quoted = false;
    if (text.charCodeAt(i) === 34) {
      quoted = true;
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new Error(`${file}: a quoted field is not closed before the end of the file`);
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Characters after the closing quote belong to the field, as in pandas.
      let j = i;
      while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
      field = out + text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
      field = text.slice(i, j);
      i = j;
    }
    record.push(field);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === 44) {
      i++;
      continue;
    }
    // End of record (newline or end of text); a blank line is skipped.
    if (record.length > 1 || record[0] !== '' || quoted) records.push(record);
    record = [];
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === -1 || ++i >= n) break;
  }
  return records;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 10 || c === 13;
}

/** Types one column from its raw fields as read_csv does: int64, float64, bool, else object. */
export function inferColumn(name: string, fields: readonly string[]): PdColumn {
  const missing = fields.map((f) => NA_STRINGS.has(f));
  const present = fields.filter((_, i) => !missing[i]);
  const anyMissing = present.length < fields.length;
  if (!anyMissing && present.every((f) => INT_RE.test(f))) {
    const values = present.map((f): PyValue => {
      const n = Number(f);
      if (Number.isSafeInteger(n)) return n;
      return BigInt(f.trim()).toString(); // beyond 2^53: keep the exact digits
    });
    return { name, dtype: 'int64', values };
  }
  if (present.every((f) => FLOAT_RE.test(f) || INF_RE.test(f))) {
    const values = fields.map((f, i): PyValue => (missing[i] ? null : parseFloatField(f)));
    return { name, dtype: 'float64', values };
  }
  if (present.every((f) => TRUE_STRINGS.has(f) || FALSE_STRINGS.has(f))) {
    const values = fields.map((f, i): PyValue => (missing[i] ? null : TRUE_STRINGS.has(f)));
    return { name, dtype: anyMissing ? 'object' : 'bool', values };
  }
  return { name, dtype: 'object', values: fields.map((f, i) => (missing[i] ? null : f)) };
}

function parseFloatField(f: string): number {
  const inf = INF_RE.exec(f);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return Number(f.trim());
}

/** Reads a CSV file's text into typed columns; every record must have the header's width. */
export function readCsvFrame(text: string, file: string): PdFrame {
  const records = parseCsv(text, file);
  const header = records[0];
  if (!header || header.length === 0) throw new Error(`${file}: no header row`);
  const body = records.slice(1);
  body.forEach((r, i) => {
    if (r.length !== header.length)
      throw new Error(`${file}: record ${i + 1} has ${r.length} fields, the header has ${header.length}`);
  });
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`${file}: column "${name}" appears twice in the header`);
    seen.add(name);
  }
  const columns = header.map((name, j) =>
    inferColumn(
      name,
      body.map((r) => r[j]!),
    ),
  );
  return { columns, rows: body.length };
}
