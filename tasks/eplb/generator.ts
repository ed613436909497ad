// The synthetic expert-load generator of the case spec (cases/eplb.md §3.2).
// Integer-only so that every language produces the same windows; with the
// reference parameters it reproduces `synthetic_windows_v1.json` exactly.
// Pure module (no Node APIs).

/** mulberry32 on a 32-bit unsigned state; `next()` returns an unsigned 32-bit integer. */
export class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    const a = this.a;
    let t = Math.imul(a ^ (a >>> 15), a | 1) >>> 0;
    t = (t ^ ((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0)) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** `next() mod n` (the spec's u(n)). */
  u(n: number): number {
    return this.next() % n;
  }
}

export interface GeneratorParams {
  seed: number;
  numLayers: number;
  numLogical: number;
  numWindows: number;
  /** Window at which every layer's popularity is redrawn (the abrupt regime change). */
  regimeSwitchWindow: number;
}

export const REFERENCE_PARAMS: GeneratorParams = {
  seed: 20251023,
  numLayers: 26,
  numLogical: 64,
  numWindows: 24,
  regimeSwitchWindow: 12,
};

const MAX_AFFINITY = 2 ** 20;
const MIN_AFFINITY = 16;
const EXPERTS_PER_TOKEN = 6;

/** Fisher-Yates permutation; the k-th expert of it gets a Zipf-like affinity 65536/(k+4). */
function zipfReset(rng: Mulberry32, affinity: number[]): void {
  const n = affinity.length;
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i >= 1; i--) {
    const j = rng.u(i + 1);
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  for (let k = 0; k < n; k++) affinity[p[k]!] = Math.floor(65536 / (k + 4));
}

/**
 * Windows `[w][l][e]` of integer token loads. Each window: a token budget of
 * 400k..800k tokens (6 experts each); affinities follow a multiplicative
 * random walk (x 0.75..1.37 per window), except at the regime switch where
 * they are redrawn; each load is the affinity share with +-12% noise, and
 * about one expert in 64 gets no load at all.
 */
export function generateWindows(params: GeneratorParams = REFERENCE_PARAMS): number[][][] {
  const { numLayers: L, numLogical: E, numWindows: W, regimeSwitchWindow: S } = params;
  const rng = new Mulberry32(params.seed);
  const affinity: number[][] = Array.from({ length: L }, () => new Array<number>(E).fill(0));
  for (const row of affinity) zipfReset(rng, row);
  const windows: number[][][] = [];
  for (let w = 0; w < W; w++) {
    const tokens = 400000 + rng.u(400001);
    const layers: number[][] = [];
    for (let l = 0; l < L; l++) {
      const a = affinity[l]!;
      if (w > 0) {
        if (w === S) zipfReset(rng, a);
        else {
          for (let e = 0; e < E; e++) {
            const m = 192 + rng.u(160);
            a[e] = Math.min(MAX_AFFINITY, Math.max(MIN_AFFINITY, Math.floor((a[e]! * m) / 256)));
          }
        }
      }
      let s = 0;
      for (let e = 0; e < E; e++) s += a[e]!;
      const row: number[] = [];
      for (let e = 0; e < E; e++) {
        // tokens * 6 * affinity < 4.8e6 * 2^20 < 2^53: exact in doubles.
        const base = Math.floor((tokens * EXPERTS_PER_TOKEN * a[e]!) / s);
        const c = rng.u(64);
        const nz = rng.u(257);
        row.push(c === 0 ? 0 : Math.floor((base * (896 + nz)) / 1024));
      }
      layers.push(row);
    }
    windows.push(layers);
  }
  return windows;
}
