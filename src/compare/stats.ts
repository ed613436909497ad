import type { Rng } from '../core/rng.js';
import { mean } from '../core/stats.js';

/** The q-quantile (0..1) of a sample by linear interpolation between order statistics (numpy's default). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap interval of the mean: `resamples` samples of the same
 * size drawn with replacement from `xs` with the given (seeded) generator, and
 * the (1 − level)/2 and (1 + level)/2 quantiles of their means.
 */
export function bootstrapCi(
  xs: readonly number[],
  rng: Rng,
  resamples = 10_000,
  level = 0.95,
): { mean: number; lo: number; hi: number } {
  if (xs.length === 0) return { mean: NaN, lo: NaN, hi: NaN };
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let k = 0; k < xs.length; k++) s += xs[rng.int(xs.length)]!;
    means.push(s / xs.length);
  }
  return { mean: mean(xs), lo: quantile(means, (1 - level) / 2), hi: quantile(means, (1 + level) / 2) };
}

/**
 * Paired sign-flip permutation test of "mean difference = 0", two-sided. Under
 * the null each paired difference is as likely negative as positive, so the
 * p-value is the fraction of the 2^n sign assignments whose |sum| is at least
 * the observed |sum|. Exact (enumerated) up to `exactUpTo` pairs; beyond that,
 * `samples` random assignments from the seeded generator (plus the observed one).
 */
export function signFlipTest(
  diffs: readonly number[],
  rng?: Rng,
  exactUpTo = 20,
  samples = 100_000,
): { p: number; exact: boolean } {
  const n = diffs.length;
  if (n === 0) return { p: 1, exact: true };
  const observed = Math.abs(diffs.reduce((a, b) => a + b, 0));
  const tol = 1e-12 * Math.max(1, observed);
  if (n <= exactUpTo) {
    let hits = 0;
    const total = 2 ** n;
    for (let mask = 0; mask < total; mask++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += mask & (1 << k) ? -diffs[k]! : diffs[k]!;
      if (Math.abs(s) >= observed - tol) hits++;
    }
    return { p: hits / total, exact: true };
  }
  if (!rng) throw new Error('signFlipTest: more than exactUpTo pairs needs a generator');
  let hits = 1;
  for (let r = 0; r < samples; r++) {
    let s = 0;
    for (const d of diffs) s += rng.float() < 0.5 ? -d : d;
    if (Math.abs(s) >= observed - tol) hits++;
  }
  return { p: hits / (samples + 1), exact: false };
}
