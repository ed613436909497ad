/**
 * Seeded xoshiro128** generator. Every random choice in a run comes from a
 * generator derived from (run seed, labels), e.g. `deriveRng(seed, 'plan', 17)`
 * for iteration 17's planning, so the same seed gives the same run whatever
 * the timing of proposals and evaluations.
 */
export class Rng {
  private s: Uint32Array;

  constructor(state: readonly number[]) {
    this.s = Uint32Array.from(state);
    if (this.s.every((x) => x === 0)) this.s[0] = 1;
  }

  /** Serialisable state, for resume. */
  state(): number[] {
    return Array.from(this.s);
  }

  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits. */
  float(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int needs n > 0, got ${n}`);
    return Math.floor(this.float() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Index chosen with probability proportional to weights (all >= 0, some > 0). */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return this.int(weights.length);
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A generator for (seed, labels): independent streams by label, stable across runs. */
export function deriveRng(seed: number, ...labels: (string | number)[]): Rng {
  let h = splitmix(seed >>> 0) ^ splitmix(Math.floor(seed / 2 ** 32));
  for (const label of labels) {
    for (const ch of String(label)) h = splitmix(h ^ ch.charCodeAt(0));
    h = splitmix(h ^ 0x9e3779b9);
  }
  const state = [0, 0, 0, 0].map(() => (h = splitmix(h)));
  return new Rng(state);
}

function splitmix(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
