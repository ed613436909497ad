// Parses the reference's `evaluation_data.csv` into clean snapshots, building
// interfaces in column order exactly as the reference's CSV adapter does (the
// first column naming an interface creates it). Pure: no file access.

import type { CleanSnapshot } from './contract.js';

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const NUMBER = String.raw`-?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|inf|nan)`;
const GROUND = new RegExp(String.raw`'ground_truth':\s*(${NUMBER})`);
const PERTURBED = new RegExp(String.raw`'perturbed':\s*(None|${NUMBER})`);

/** The value the reference uses for a counter cell: `perturbed` unless None, then `ground_truth`. */
export function counterCell(cell: string, where: string): number {
  const g = GROUND.exec(cell);
  const p = PERTURBED.exec(cell);
  if (!g || !p)
    throw new Error(`${where}: expected a dict literal with ground_truth and perturbed, got ${cell.slice(0, 80)}`);
  const value = Number(p[1] === 'None' ? g[1] : p[1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${where}: counter ${value} is not a finite rate >= 0`);
  return value;
}

const EGRESS = /^low_(.+)_egress_to_(.+)$/;
const INGRESS = /^low_(.+)_ingress_from_(.+)$/;

/** One clean snapshot per data row; `file` names the source in errors. */
export function snapshotsFromCsv(text: string, file: string): CleanSnapshot[] {
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  if (!header) throw new Error(`${file}: empty file`);
  const timeCol = header.indexOf('timestamp');
  if (timeCol < 0) throw new Error(`${file}: no timestamp column`);
  const counterCols: { col: number; name: string; kind: 'rx' | 'tx'; local: string; remote: string }[] = [];
  header.forEach((name, col) => {
    const e = EGRESS.exec(name);
    const i = e ? null : INGRESS.exec(name);
    if (e) counterCols.push({ col, name, kind: 'tx', local: e[1]!, remote: e[2]! });
    else if (i) counterCols.push({ col, name, kind: 'rx', local: i[1]!, remote: i[2]! });
  });
  if (counterCols.length === 0) throw new Error(`${file}: no low_<R>_egress_to_<S> / low_<R>_ingress_from_<S> columns`);
  return rows.map((row, r) => {
    if (row.length !== header.length)
      throw new Error(`${file}: row ${r + 1} has ${row.length} fields, the header ${header.length}`);
    const byId = new Map<string, CleanSnapshot['interfaces'][number]>();
    for (const c of counterCols) {
      const id = `${c.local}_to_${c.remote}`;
      let entry = byId.get(id);
      if (!entry) {
        entry = { id, localRouter: c.local, remoteRouter: c.remote, rxRate: 0, txRate: 0 };
        byId.set(id, entry);
      }
      const value = counterCell(row[c.col]!, `${file}: row ${r + 1}, column ${c.name}`);
      if (c.kind === 'tx') entry.txRate = value;
      else entry.rxRate = value;
    }
    for (const i of byId.values()) {
      if (!byId.has(`${i.remoteRouter}_to_${i.localRouter}`))
        throw new Error(`${file}: row ${r + 1}: interface ${i.id} has no peer ${i.remoteRouter}_to_${i.localRouter}`);
    }
    return { label: row[timeCol]!, interfaces: [...byId.values()] };
  });
}
