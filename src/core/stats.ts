// Numeric helpers whose exact rounding matters: goldens were produced with numpy.

/** numpy's pairwise summation (blocks of 8 partial sums below 128, halves above). */
export function pairwiseSum(xs: readonly number[], start = 0, n = xs.length): number {
  if (n < 8) {
    let s = 0;
    for (let i = start; i < start + n; i++) s += xs[i]!;
    return n === 0 ? 0 : s;
  }
  if (n <= 128) {
    const p = xs.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) p[k]! += xs[start + i + k]!;
    }
    let s = p[0]! + p[1]! + (p[2]! + p[3]!) + (p[4]! + p[5]! + (p[6]! + p[7]!));
    for (; i < n; i++) s += xs[start + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(xs, start, n2) + pairwiseSum(xs, start + n2, n - n2);
}

/** numpy.mean of a float64 vector. */
export function numpyMean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : pairwiseSum(xs) / xs.length;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** Two-sided Student-t quantile for 95% intervals (table up to 30 df, normal beyond). */
export function t95(df: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
    2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  return df >= 1 && df <= 30 ? table[df - 1]! : 1.96;
}

/** Mean with a 95% t-interval half-width. */
export function meanCi(xs: readonly number[]): { mean: number; half: number; n: number } {
  const n = xs.length;
  return { mean: mean(xs), half: n < 2 ? NaN : (t95(n - 1) * stdev(xs)) / Math.sqrt(n), n };
}
