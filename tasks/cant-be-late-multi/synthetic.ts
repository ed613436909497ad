import { deriveRng, type Rng } from '../../src/core/rng.js';
import type { RegionTrace } from './data.js';
import type { Region } from './scenarios.js';

/** Ticks per window file (1107 x 195 s = 59.96 h), as in the real data. */
export const TRACE_LENGTH = 1107;
/**
 * Ticks of the shared timeline the windows are cut from: about 45 days of
 * 195 s ticks, the span the real windows' start times cover (Feb-Apr 2023).
 */
export const MASTER_LENGTH = 20_000;

export interface RegionStats {
  /** Fraction of ticks with spot available. */
  availability: number;
  /** Mean length (ticks) of an available run. */
  meanAvailableRun: number;
  /** Spot price level and the observed range of prices[0] ($/h). */
  price: { mean: number; min: number; max: number };
}

/**
 * Targets from the spec's table (first 960 ticks of the 100 real files). The
 * mean unavailable run is derived, a(1-p)/p, so that the renewal process has
 * exactly the table's availability p; the table's own unavailable-run means
 * are censored by the window ends and slightly off from that identity.
 */
export const REGION_STATS: Record<Region, RegionStats> = {
  'us-east-1a_v100_1': { availability: 0.18, meanAvailableRun: 13.5, price: { mean: 1.659, min: 1.509, max: 1.838 } },
  'us-east-1c_v100_1': { availability: 0.46, meanAvailableRun: 24.5, price: { mean: 1.291, min: 1.177, max: 1.405 } },
  'us-east-1d_v100_1': { availability: 0.473, meanAvailableRun: 30.7, price: { mean: 1.248, min: 1.129, max: 1.363 } },
  'us-east-1f_v100_1': { availability: 0.614, meanAvailableRun: 41.9, price: { mean: 1.278, min: 1.152, max: 1.4 } },
  'us-east-2a_v100_1': { availability: 0.746, meanAvailableRun: 83.5, price: { mean: 0.924, min: 0.918, max: 0.956 } },
  'us-east-2b_v100_1': { availability: 0.673, meanAvailableRun: 71.6, price: { mean: 0.924, min: 0.918, max: 0.997 } },
  'us-west-2a_v100_1': { availability: 0.911, meanAvailableRun: 115.2, price: { mean: 0.941, min: 0.918, max: 1.011 } },
  'us-west-2b_v100_1': { availability: 0.931, meanAvailableRun: 183.9, price: { mean: 0.944, min: 0.918, max: 1.018 } },
  'us-west-2c_v100_1': { availability: 0.919, meanAvailableRun: 126.3, price: { mean: 0.936, min: 0.918, max: 1.0 } },
};

export const meanUnavailableRun = (s: RegionStats): number =>
  (s.meanAvailableRun * (1 - s.availability)) / s.availability;

/** Geometric run length on {1, 2, ...} with the given mean. */
function runLength(rng: Rng, mean: number): number {
  if (mean <= 1) return 1;
  const u = 1 - rng.float(); // (0, 1]
  return 1 + Math.floor(Math.log(u) / Math.log(1 - 1 / mean));
}

/** A region's whole timeline: alternating available (0) / unavailable (1) runs with geometric lengths. */
export function generateMasterAvailability(seed: number, region: Region, length = MASTER_LENGTH): Uint8Array {
  const stats = REGION_STATS[region];
  const rng = deriveRng(seed, 'cant-be-late-multi', 'availability', region);
  const out = new Uint8Array(length);
  let available = rng.float() < stats.availability;
  let t = 0;
  while (t < length) {
    const len = runLength(rng, available ? stats.meanAvailableRun : meanUnavailableRun(stats));
    out.fill(available ? 0 : 1, t, Math.min(length, t + len));
    t += len;
    available = !available;
  }
  return out;
}

/** Mean-reversion per tick of the price walk (a half-life of about 350 ticks, 19 h). */
const PRICE_REVERSION = 0.002;

/**
 * A region's spot price timeline: a slow mean-reverting walk around the
 * region's level, its stationary spread half the distance to the nearer end of
 * the observed range, clipped to that range, rounded to 4 decimals like the data.
 */
export function generateMasterPrices(seed: number, region: Region, length = MASTER_LENGTH): Float64Array {
  const { mean, min, max } = REGION_STATS[region].price;
  const rng = deriveRng(seed, 'cant-be-late-multi', 'prices', region);
  const spread = Math.min(mean - min, max - mean) / 2;
  const step = spread * Math.sqrt(2 * PRICE_REVERSION - PRICE_REVERSION ** 2);
  const clip = (p: number): number => Math.min(max, Math.max(min, p));
  const out = new Float64Array(length);
  let p = clip(mean + spread * rng.normal());
  for (let t = 0; t < length; t++) {
    out[t] = Math.round(p * 1e4) / 1e4;
    p = clip(p + PRICE_REVERSION * (mean - p) + step * rng.normal());
  }
  return out;
}

/** Start tick of window n on the shared timeline: the same for every region (aligned windows). */
export function windowStart(seed: number, n: number): number {
  return deriveRng(seed, 'cant-be-late-multi', 'window', n).int(MASTER_LENGTH - TRACE_LENGTH + 1);
}

export type MasterCache = Map<string, { availability: Uint8Array; prices: Float64Array }>;

/** Synthetic window `n.json` of `region`, the shape of the real files (`cache` reuses a region's timeline). */
export function generateTrace(seed: number, region: Region, n: number, cache: MasterCache = new Map()): RegionTrace {
  const key = `${seed}/${region}`;
  let master = cache.get(key);
  if (!master) {
    master = { availability: generateMasterAvailability(seed, region), prices: generateMasterPrices(seed, region) };
    cache.set(key, master);
  }
  const start = windowStart(seed, n);
  return {
    startTime: `synthetic seed ${seed}, tick ${start}`,
    availability: master.availability.slice(start, start + TRACE_LENGTH),
    prices: master.prices.slice(start, start + TRACE_LENGTH),
  };
}
