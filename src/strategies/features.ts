import type { Metrics } from '../core/types.js';
import { jaccard, shingles } from './novelty.js';

/** Shingle size of the structural-diversity feature. */
const DIVERSITY_NGRAM = 3;

/**
 * Descriptors of a program, for MAP-Elites grids and the like:
 * - `length`: the source's length in characters;
 * - `diversity`: 1 − Jaccard similarity between the program's and the seed's
 *   sets of token 3-grams (0 = the seed's structure, 1 = nothing in common).
 *   It depends on the program and the seed only, so it is deterministic and
 *   never needs recomputing when the population changes;
 * - every metric the task reports, under its own name (the two built-ins win on a clash).
 */
export class FeatureExtractor {
  private readonly seed: Set<string>;

  constructor(seedSource: string) {
    this.seed = shingles(seedSource, DIVERSITY_NGRAM);
  }

  features(source: string, metrics: Metrics): Record<string, number> {
    const diversity = 1 - jaccard(shingles(source, DIVERSITY_NGRAM), this.seed);
    return { ...metrics, length: source.length, diversity };
  }
}
