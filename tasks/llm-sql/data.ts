// Where the tables come from: the reference files in the shared data folder
// (beer.csv is real; the other four are the spec's shipped shape-alikes, the
// instances the golden numbers were computed on), or the seeded generator.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMNS, type Shape } from './contract.js';
import { readCsvFrame } from './csv.js';
import { generateTable } from './synthetic.js';
import { prepareTable, type PreparedTable } from './table.js';

/** The reference instance set, in the golden file's order. */
export const REAL_FILES: readonly { id: string; shape: Shape; file: string }[] = [
  { id: 'beer', shape: 'beer', file: 'beer.csv' },
  { id: 'movies_synth', shape: 'movies', file: 'movies_synth.csv' },
  { id: 'BIRD_synth', shape: 'BIRD', file: 'BIRD_synth.csv' },
  { id: 'PDMX_synth', shape: 'PDMX', file: 'PDMX_synth.csv' },
  { id: 'products_synth', shape: 'products', file: 'products_synth.csv' },
];

export const PROBE_FILE = 'beer.csv';

/** Reads and prepares one reference table, checking it has its shape's columns and some rows. */
export function loadRealTable(dir: string, entry: (typeof REAL_FILES)[number]): PreparedTable {
  const path = join(dir, entry.file);
  if (!existsSync(path))
    throw new Error(`${path} is missing (the llm-sql data folder needs ${REAL_FILES.map((f) => f.file).join(', ')})`);
  const frame = readCsvFrame(readFileSync(path, 'utf8'), path);
  const names = frame.columns.map((c) => c.name);
  const expected = COLUMNS[entry.shape];
  const missing = expected.filter((c) => !names.includes(c));
  const extra = names.filter((c) => !expected.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${path}: expected the ${entry.shape} columns ${expected.join(', ')}` +
        (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; unexpected ${extra.join(', ')}` : ''),
    );
  }
  if (frame.rows === 0) throw new Error(`${path}: no data rows`);
  return prepareTable(entry.id, entry.shape, frame);
}

/** Id of the generated table of `shape` with `seed`. */
export const syntheticId = (shape: Shape, seed: number): string => `synthetic-${shape}-${seed}`;

/** One generated table per shape, in the reference workload's shape order. */
export function syntheticTables(seed: number): PreparedTable[] {
  return (['beer', 'movies', 'BIRD', 'PDMX', 'products'] as const).map((shape) =>
    prepareTable(syntheticId(shape, seed), shape, generateTable(shape, seed)),
  );
}
