import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import { paretoFrequencies } from './pareto.js';
import type { Observation, Strategy } from './types.js';

export const gepaOptions = z.strictObject({
  name: z.literal('gepa'),
  /** Train instances a child is first evaluated on; it must beat its parent there (0 = no acceptance test). */
  minibatchSize: z.number().int().min(0).default(3),
  /** Probability of merging two Pareto candidates that share an ancestor (when such a pair exists). */
  mergeRate: z.number().min(0).max(1).default(0.1),
  /** Inspirations offered to the proposer (the best candidates other than the parent). */
  inspirations: z.number().int().min(0).default(0),
});
export type GepaOptions = z.output<typeof gepaOptions>;

export interface GepaCandidate {
  id: string;
  iteration: number;
  score: number;
  hash: string;
  parents: string[];
  instanceScores: Record<string, number>;
}

export interface GepaState {
  candidates: GepaCandidate[];
  /** Train instance ids, in the evaluator's order (from the seed's evaluation). */
  instances: string[];
  /** Parents of planned iterations not yet observed (a child's lineage, for merges). */
  pending: Record<string, string[]>;
}

/**
 * GEPA-style search: parents are drawn from the per-instance Pareto front with
 * probability proportional to the number of train instances they are best on;
 * each child must beat its parent on a random minibatch of train instances
 * (evaluated by the controller before the full evaluation, with the parent's
 * per-instance results shown to the proposer for reflection); now and then two
 * front candidates with a common ancestor are merged (crossover).
 */
export class GepaStrategy implements Strategy {
  readonly name = 'gepa';
  private state: GepaState = { candidates: [], instances: [], pending: {} };

  constructor(private readonly o: GepaOptions) {}

  plan(iteration: number, rng: Rng) {
    const s = this.state;
    const freq = paretoFrequencies(s.candidates, s.instances);
    const front = s.candidates.filter((_, i) => freq[i]! > 0);
    let parentIds: string[];
    let mutation: 'diff' | 'crossover' = 'diff';
    const pairs = rng.float() < this.o.mergeRate ? this.mergePairs(front) : [];
    if (pairs.length) {
      const [a, b] = rng.pick(pairs);
      parentIds = a.score >= b.score ? [a.id, b.id] : [b.id, a.id];
      mutation = 'crossover';
    } else {
      const pool = front.length ? front : s.candidates;
      const weights = front.length ? freq.filter((f) => f > 0) : pool.map(() => 1);
      parentIds = [pool[rng.weighted(weights)]!.id];
    }
    s.pending[String(iteration)] = parentIds;
    const inspirationIds = [...s.candidates]
      .sort((a, b) => b.score - a.score || b.iteration - a.iteration)
      .filter((c) => !parentIds.includes(c.id))
      .slice(0, this.o.inspirations)
      .map((c) => c.id);
    const size = Math.min(this.o.minibatchSize, s.instances.length);
    const minibatch = size > 0 ? rng.shuffle([...s.instances]).slice(0, size) : undefined;
    return { parentIds, inspirationIds, island: 0, mutation, ...(minibatch ? { minibatch } : {}) };
  }

  observe(obs: Observation): void {
    const parents = this.state.pending[String(obs.iteration)] ?? [];
    delete this.state.pending[String(obs.iteration)];
    if (obs.iteration === 0) {
      if (obs.kind !== 'evaluated' || !obs.valid) throw new Error('the seed program is not valid');
      this.state.instances = Object.keys(obs.member.instanceScores ?? {});
    }
    if (obs.kind !== 'evaluated' || !obs.valid) return;
    const m = obs.member;
    if (this.state.candidates.some((c) => c.hash === m.hash)) return;
    this.state.candidates.push({
      id: m.id,
      iteration: m.iteration,
      score: m.score,
      hash: m.hash,
      parents,
      instanceScores: m.instanceScores ?? {},
    });
  }

  /** Ids of a candidate's ancestors (parents, their parents, ...). */
  ancestors(id: string): Set<string> {
    const byId = new Map(this.state.candidates.map((c) => [c.id, c]));
    const out = new Set<string>();
    const stack = [...(byId.get(id)?.parents ?? [])];
    while (stack.length) {
      const p = stack.pop()!;
      if (out.has(p)) continue;
      out.add(p);
      stack.push(...(byId.get(p)?.parents ?? []));
    }
    return out;
  }

  /** Pairs of front candidates that share an ancestor and where neither descends from the other. */
  mergePairs(front: readonly GepaCandidate[]): [GepaCandidate, GepaCandidate][] {
    const anc = new Map(front.map((c) => [c.id, this.ancestors(c.id)]));
    const pairs: [GepaCandidate, GepaCandidate][] = [];
    for (let i = 0; i < front.length; i++) {
      for (let j = i + 1; j < front.length; j++) {
        const a = front[i]!;
        const b = front[j]!;
        const A = anc.get(a.id)!;
        const B = anc.get(b.id)!;
        if (A.has(b.id) || B.has(a.id) || a.hash === b.hash) continue;
        if ([...A].some((x) => B.has(x))) pairs.push([a, b]);
      }
    }
    return pairs;
  }

  snapshot(): GepaState {
    return structuredClone(this.state);
  }

  restore(state: unknown): void {
    const s = state as GepaState;
    if (!Array.isArray(s?.candidates) || !Array.isArray(s.instances)) throw new Error('stored gepa state is malformed');
    this.state = structuredClone(s);
  }
}
