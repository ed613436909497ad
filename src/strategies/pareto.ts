/** A candidate with its score on each train instance (by instance id). */
export interface InstanceScored {
  id: string;
  instanceScores: Record<string, number>;
}

/** Scores closer than this count as a tie for the per-instance best. */
const TIE = 1e-9;

/**
 * Per-instance Pareto frequencies: for every instance, the candidates that
 * reach the best score on it (ties all count); a candidate's frequency is the
 * number of instances it is best on. Candidates best nowhere get 0, and an
 * instance a candidate was not scored on counts as -Infinity for it.
 */
export function paretoFrequencies(candidates: readonly InstanceScored[], instances: readonly string[]): number[] {
  const freq = candidates.map(() => 0);
  for (const inst of instances) {
    let best = -Infinity;
    for (const c of candidates) best = Math.max(best, c.instanceScores[inst] ?? -Infinity);
    if (best === -Infinity) continue;
    candidates.forEach((c, i) => {
      if ((c.instanceScores[inst] ?? -Infinity) >= best - TIE) freq[i]!++;
    });
  }
  return freq;
}

/** True when a is at least as good as b on every instance and better on one. */
export function dominates(a: InstanceScored, b: InstanceScored, instances: readonly string[]): boolean {
  let better = false;
  for (const inst of instances) {
    const x = a.instanceScores[inst] ?? -Infinity;
    const y = b.instanceScores[inst] ?? -Infinity;
    if (x < y - TIE) return false;
    if (x > y + TIE) better = true;
  }
  return better;
}
