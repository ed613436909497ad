import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GAP_SECONDS } from './simulator.js';
import { neededTraces, type Region } from './scenarios.js';
import { generateTrace, type MasterCache } from './synthetic.js';

/** One region's window `n.json`: availability (0 = spot available) and spot prices per tick. */
export interface RegionTrace {
  startTime: string;
  availability: Uint8Array;
  prices: Float64Array;
}

/** Traces by `${region}/${n}`. */
export type TraceStore = Map<string, RegionTrace>;
export const traceKey = (region: Region, n: number): string => `${region}/${n}`;

/** A file every real-data folder holds: how resolveCaseData recognises the folder. */
export const PROBE_FILE = 'us-east-1a_v100_1/0.json';

/** Reads one `<region>/<n>.json` in the reference format, checking its shape. */
export function loadTrace(dir: string, region: Region, n: number): RegionTrace {
  const file = join(dir, region, `${n}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (raw === null || typeof raw !== 'object') fail('expected an object with metadata, data and prices');
  const { metadata, data, prices } = raw as { metadata?: unknown; data?: unknown; prices?: unknown };
  const meta = (metadata ?? {}) as { gap_seconds?: unknown; start_time?: unknown };
  // The simulator's tick arithmetic is fixed to the traces' 195 s step.
  if (meta.gap_seconds !== GAP_SECONDS) fail(`metadata.gap_seconds must be ${GAP_SECONDS}`);
  if (!Array.isArray(data) || data.length === 0) fail('data must be a non-empty list of 0/1');
  if (!Array.isArray(prices)) fail('prices must be a list of numbers');
  const d = data as unknown[];
  const p = prices as unknown[];
  if (p.length !== d.length) fail(`prices has ${p.length} entries but data has ${d.length}`);
  const availability = new Uint8Array(d.length);
  const priceArray = new Float64Array(p.length);
  d.forEach((v, i) => {
    if (v !== 0 && v !== 1) fail(`data[${i}] must be 0 or 1`);
    availability[i] = v as number;
  });
  p.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(`prices[${i}] must be a positive number`);
    priceArray[i] = v as number;
  });
  return { startTime: typeof meta.start_time === 'string' ? meta.start_time : '', availability, prices: priceArray };
}

/** Every trace the six scenarios read, from the real-data folder. */
export function loadTraces(dir: string): TraceStore {
  const store: TraceStore = new Map();
  for (const [region, files] of neededTraces()) {
    for (const n of files) store.set(traceKey(region, n), loadTrace(dir, region, n));
  }
  return store;
}

/** The same traces drawn by the synthetic generator (deterministic for a seed). */
export function syntheticTraces(seed: number): TraceStore {
  const store: TraceStore = new Map();
  const cache: MasterCache = new Map();
  for (const [region, files] of neededTraces()) {
    for (const n of files) store.set(traceKey(region, n), generateTrace(seed, region, n, cache));
  }
  return store;
}
