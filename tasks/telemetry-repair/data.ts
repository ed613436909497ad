// Real data: the 30 reference cases shipped as `fixed_instances_seed42.json`
// (and the clean snapshots in `evaluation_data.csv`, used to check that our
// perturbation model regenerates those cases). Shapes are checked and errors
// name the file, the case and the field.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUG_TYPES, type BugType, type CleanSnapshot, type IfCounters, type TelemetryCase } from './contract.js';
import { snapshotsFromCsv } from './csv-snapshots.js';

export const FIXED_CASES_FILE = 'fixed_instances_seed42.json';
export const SNAPSHOTS_FILE = 'evaluation_data.csv';
/** The reference evaluator's seed (`random.seed(42)`). */
export const REFERENCE_SEED = 42;

/** The six fields the program may see; every other key of a raw record (e.g. `_ground_truth_rx`) is dropped. */
const PUBLIC_FIELDS = ['interface_status', 'rx_rate', 'tx_rate', 'connected_to', 'local_router', 'remote_router'];

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rate(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new Error(`${where}: expected a rate >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`${where}: expected a non-empty string`);
  return v;
}

function status(v: unknown, where: string): 'up' | 'down' {
  if (v !== 'up' && v !== 'down') throw new Error(`${where}: expected 'up' or 'down', got ${JSON.stringify(v)}`);
  return v;
}

/** A raw perturbed record reduced to the public fields (camelCase). */
export function publicRecord(raw: unknown, where: string): IfCounters {
  if (!isObject(raw)) throw new Error(`${where}: expected an object`);
  for (const f of PUBLIC_FIELDS) if (!(f in raw)) throw new Error(`${where}: missing field ${f}`);
  return {
    interfaceStatus: status(raw.interface_status, `${where}.interface_status`),
    rxRate: rate(raw.rx_rate, `${where}.rx_rate`),
    txRate: rate(raw.tx_rate, `${where}.tx_rate`),
    connectedTo: text(raw.connected_to, `${where}.connected_to`),
    localRouter: text(raw.local_router, `${where}.local_router`),
    remoteRouter: text(raw.remote_router, `${where}.remote_router`),
  };
}

function parseCase(raw: unknown, i: number, file: string): TelemetryCase {
  const where = `${file}: case ${i}`;
  if (!isObject(raw)) throw new Error(`${where}: expected an object`);
  if (raw.case !== i) throw new Error(`${where}: field case is ${JSON.stringify(raw.case)}, expected ${i}`);
  if (!BUG_TYPES.includes(raw.bug_type as BugType))
    throw new Error(`${where}: unknown bug_type ${JSON.stringify(raw.bug_type)}`);
  if (!Number.isInteger(raw.csv_row_index)) throw new Error(`${where}: csv_row_index must be an integer`);
  const { perturbed, ground_truth: truthRaw, topology: topoRaw } = raw;
  if (!isObject(perturbed) || !isObject(truthRaw) || !isObject(topoRaw))
    throw new Error(`${where}: perturbed, ground_truth and topology must be objects`);
  const telemetry: Record<string, IfCounters> = {};
  const truth: TelemetryCase['truth'] = {};
  for (const [id, rec] of Object.entries(perturbed)) telemetry[id] = publicRecord(rec, `${where}.perturbed.${id}`);
  for (const [id, rec] of Object.entries(truthRaw)) {
    const w = `${where}.ground_truth.${id}`;
    if (!isObject(rec)) throw new Error(`${w}: expected an object`);
    if (!(id in telemetry)) throw new Error(`${w}: no perturbed record for this interface`);
    truth[id] = {
      rxRate: rate(rec.rx_rate, `${w}.rx_rate`),
      txRate: rate(rec.tx_rate, `${w}.tx_rate`),
      interfaceStatus: status(rec.interface_status, `${w}.interface_status`),
    };
  }
  const topology: Record<string, string[]> = {};
  for (const [router, ids] of Object.entries(topoRaw)) {
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' && x in telemetry))
      throw new Error(`${where}.topology.${router}: expected a list of interface ids of this case`);
    topology[router] = ids as string[];
  }
  for (const [id, rec] of Object.entries(telemetry)) {
    if (!(id in truth)) throw new Error(`${where}: interface ${id} has no ground_truth`);
    if (!(rec.connectedTo in telemetry))
      throw new Error(`${where}.perturbed.${id}.connected_to: unknown interface ${rec.connectedTo}`);
    if (!topology[rec.localRouter]?.includes(id))
      throw new Error(`${where}.topology: ${id} is not listed under ${rec.localRouter}`);
  }
  return {
    index: i,
    snapshot: raw.csv_row_index as number,
    label: typeof raw.timestamp === 'string' ? raw.timestamp : `row ${raw.csv_row_index as number}`,
    bugType: raw.bug_type as BugType,
    input: { telemetry, topology },
    truth,
  };
}

/** The shipped reference cases, with every private key stripped from what the program will see. */
export function loadFixedCases(dir: string): TelemetryCase[] {
  const file = join(dir, FIXED_CASES_FILE);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${file}: expected a non-empty list of cases`);
  return raw.map((c, i) => parseCase(c, i, file));
}

/** The clean Abilene snapshots (one per CSV row). */
export function loadSnapshots(dir: string): CleanSnapshot[] {
  const file = join(dir, SNAPSHOTS_FILE);
  return snapshotsFromCsv(readFileSync(file, 'utf8'), file);
}
