import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTransactions } from './simulate.js';
import type { NamedWorkload, WorkloadSet } from './synthetic.js';

export { generateSyntheticSet, type NamedWorkload, type WorkloadSet } from './synthetic.js';

/** The reference's three workloads, summed in this order. */
export const REAL_FILES = ['workload_1.json', 'workload_2.json', 'workload_3.json'] as const;
export const REAL_SET_NAME = 'real';

/** Reads one `{"txn0": "...", ..., "txnN": "..."}` file, keeping key order (id = position). */
export function loadWorkloadFile(file: string): NamedWorkload {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${file}: expected an object {"txn0": "...", ...}`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw new Error(`${file}: no transactions`);
  const txns = entries.map(([key, value], i) => {
    if (key !== `txn${i}`) throw new Error(`${file}: field ${i} is ${JSON.stringify(key)}, expected "txn${i}"`);
    if (typeof value !== 'string') throw new Error(`${file}: field ${key} must be a string of operations`);
    return value;
  });
  parseTransactions(txns, `${file}`); // throws naming the transaction and token
  const name = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return { name, txns };
}

/** The real set: workload_1..3 from the case folder. */
export function loadRealSet(dir: string): WorkloadSet {
  return { name: REAL_SET_NAME, workloads: REAL_FILES.map((f) => loadWorkloadFile(join(dir, f))) };
}
