// Seeded synthetic availability traces with the shape of the real data: per
// env an alternating renewal process of available / unavailable periods, cut
// into 554-tick windows at 300 start offsets shared by all envs.
import type { CblDataset, CblTrace } from './data.js';
import { GAP_SECONDS } from './data.js';

export const MASTER_TICKS = 1781;
export const WINDOW_TICKS = 554;
export const WINDOWS = 300;
/** Ticks simulated and dropped before the master trace, so it starts mid-period. */
const BURN_IN = 1000;

/**
 * Run lengths (ticks) of each state are a mixture of two geometric laws:
 * with probability `w` mean `short`, otherwise mean `long`. Fitted by EM to
 * the ordered run-length lists of `run_length_stats.json` (the full real
 * traces); EM keeps each list's mean, so w*short + (1-w)*long is the real mean
 * run length. The mixture keeps the heavy tails (an unavailable run of 585
 * ticks in us-west-2b_k80_1) that one geometric law would lose.
 */
export interface RunLengthMix {
  w: number;
  short: number;
  long: number;
}
export interface EnvModel {
  available: RunLengthMix;
  unavailable: RunLengthMix;
}

export const ENV_MODELS: Record<string, EnvModel> = {
  'us-west-2a_k80_8': { available: mix(0.62, 4.19, 21.98), unavailable: mix(0.832, 5.04, 28.41) },
  'us-west-2b_k80_1': { available: mix(0.932, 5.73, 71.57), unavailable: mix(0.806, 1.63, 149.63) },
  'us-west-2b_k80_8': { available: mix(0.635, 3.34, 15.34), unavailable: mix(0.47, 1.0, 9.44) },
  'us-west-2a_v100_1': { available: mix(0.696, 3.29, 37.63), unavailable: mix(0.797, 2.51, 21.33) },
  'us-west-2a_v100_8': { available: mix(0.665, 1.58, 9.24), unavailable: mix(0.622, 1.58, 19.45) },
  'us-west-2b_v100_1': { available: mix(0.404, 1.7, 18.62), unavailable: mix(0.548, 1.3, 16.16) },
  'us-west-2a_k80_1': { available: mix(0.317, 2.24, 56.84), unavailable: mix(0.592, 1.0, 3.33) },
  'us-west-2b_v100_8': { available: mix(0.396, 1.0, 5.09), unavailable: mix(0.51, 1.0, 12.63) },
};

function mix(w: number, short: number, long: number): RunLengthMix {
  return { w, short, long };
}

export const meanRun = (m: RunLengthMix): number => m.w * m.short + (1 - m.w) * m.long;
/** Long-run fraction of ticks with spot capacity. */
export const modelAvailability = (e: EnvModel): number =>
  meanRun(e.available) / (meanRun(e.available) + meanRun(e.unavailable));

/** mulberry32: small, fast, good enough for workload generation. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: splits one seed into independent streams per env. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A geometric run length on 1, 2, ... with the given mean. */
function geometric(rand: () => number, mean: number): number {
  if (mean <= 1) return 1;
  const u = 1 - rand(); // in (0, 1]
  return 1 + Math.floor(Math.log(u) / Math.log(1 - 1 / mean));
}

function runLength(rand: () => number, m: RunLengthMix): number {
  return geometric(rand, rand() < m.w ? m.short : m.long);
}

/** One env's master trace: `unavailable[k]` = 1 when no spot capacity during tick k. */
export function masterTrace(model: EnvModel, rand: () => number, ticks = MASTER_TICKS): Uint8Array {
  const total = ticks + BURN_IN;
  const all = new Uint8Array(total);
  let available = rand() < modelAvailability(model);
  for (let k = 0; k < total;) {
    const len = runLength(rand, available ? model.available : model.unavailable);
    all.fill(available ? 0 : 1, k, Math.min(total, k + len));
    k += len;
    available = !available;
  }
  return all.slice(BURN_IN);
}

/** 300 window starts in [0, 1781 - 554], shared by all envs (as in the real data). */
export function windowStarts(seed: number): number[] {
  const rand = mulberry32(hashSeed(`${seed}:window-starts`));
  const span = MASTER_TICKS - WINDOW_TICKS + 1;
  return Array.from({ length: WINDOWS }, () => Math.floor(rand() * span));
}

/** The synthetic counterpart of `loadRealTraces`: files `0.json` .. `299.json` per env, listed in path order. */
export function generateSynthetic(seed: number, envs: readonly string[]): CblDataset {
  const starts = windowStarts(seed);
  const out = new Map<string, CblTrace[]>();
  for (const env of envs) {
    const model = ENV_MODELS[env];
    if (!model) throw new Error(`no synthetic model for env ${env}`);
    const master = masterTrace(model, mulberry32(hashSeed(`${seed}:${env}`)));
    const traces = starts.map((s, n) => ({ file: `${n}.json`, unavailable: master.slice(s, s + WINDOW_TICKS) }));
    out.set(
      env,
      traces.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    );
  }
  return { gapSeconds: GAP_SECONDS, envs: out };
}
