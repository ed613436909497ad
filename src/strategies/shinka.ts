import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { MutationKind } from '../core/types.js';
import type { Plan } from '../propose/types.js';
import { minhash, similarity } from './novelty.js';
import type { Member, Observation, Strategy } from './types.js';

export const shinkaOptions = z.strictObject({
  name: z.literal('shinka'),
  /** Islands at the start; iteration i works on island (i - 1) mod (current island count). */
  islands: z.number().int().min(1).max(64).default(2),
  /** Upper limit on islands once stagnation spawns new ones. */
  maxIslands: z.number().int().min(1).max(64).default(4),
  /** Evaluations without a new best of the run before a new island is spawned from the best program. */
  stagnationThreshold: z.number().int().min(1).default(80),
  /** Programs kept per island. */
  populationSize: z.number().int().min(1).max(10_000).default(40),
  parentSelection: z.enum(['weighted', 'power_law', 'beam', 'hill_climb']).default('weighted'),
  /** `weighted`: sharpness of the sigmoid over median/MAD-normalised scores. */
  lambda: z.number().positive().default(1),
  /** `power_law`: probability ∝ rank^(-alpha), rank 1 = best. */
  alpha: z.number().nonnegative().default(1),
  /** `beam`: parents are drawn uniformly from the island's best this many. */
  beamWidth: z.number().int().min(1).default(4),
  /** Probabilities of a diff, a full rewrite and a crossover child (normalised). */
  mutationMix: z
    .strictObject({
      diff: z.number().nonnegative().default(0.6),
      full: z.number().nonnegative().default(0.3),
      crossover: z.number().nonnegative().default(0.1),
    })
    .default({ diff: 0.6, full: 0.3, crossover: 0.1 }),
  inspirations: z.number().int().min(0).default(2),
  /** Novelty gate: reject a child whose estimated similarity to a known program is at least this. */
  noveltyThreshold: z.number().min(0).max(1).default(0.99),
  /** Tokens per shingle and MinHash permutations of the novelty gate. */
  noveltyNgram: z.number().int().min(1).max(16).default(4),
  noveltyPermutations: z.number().int().min(8).max(512).default(64),
  /** Meta-scratchpad: every this many programs a language model would summarise what worked (needs the LLM proposer). */
  metaInterval: z.number().int().min(1).default(20),
  metaRecommendations: z.number().int().min(0).default(5),
});
export type ShinkaOptions = z.output<typeof shinkaOptions>;

interface ShinkaMember extends Member {
  children: number;
}

interface Island {
  members: ShinkaMember[];
  /** Latest invalid programs of the island (fix mode works from them when no member is valid). */
  invalid: string[];
}

export interface ShinkaState {
  islands: Island[];
  /** MinHash signatures of evaluated programs, for the novelty gate. */
  signatures: { iteration: number; id: string; sig: number[] }[];
  best: number | null;
  sinceBest: number;
  spawned: number;
}

/**
 * ShinkaEvolve-style search: islands of programs, parents drawn by one of four
 * rules (weighted by a sigmoid of the normalised score and the number of
 * children, power law over ranks, beam, hill climbing), a mix of diff, full
 * and crossover children, a MinHash novelty gate before evaluation, fix mode
 * for islands without a valid program, and a new island when the run stagnates.
 */
export class ShinkaStrategy implements Strategy {
  readonly name = 'shinka';
  private state: ShinkaState;

  constructor(private readonly o: ShinkaOptions) {
    this.state = {
      islands: Array.from({ length: o.islands }, () => ({ members: [], invalid: [] })),
      signatures: [],
      best: null,
      sinceBest: 0,
      spawned: 0,
    };
  }

  describe(proposer: string): string | undefined {
    if (proposer !== 'llm')
      return `shinka: meta-scratchpad skipped (every ${this.o.metaInterval} programs it asks a language model for up to ${this.o.metaRecommendations} recommendations; the ${proposer} proposer has none)`;
    return `shinka: meta-scratchpad every ${this.o.metaInterval} programs, up to ${this.o.metaRecommendations} recommendations in the system prompt`;
  }

  scratchpad(): { every: number; recommendations: number } | undefined {
    return this.o.metaRecommendations > 0
      ? { every: this.o.metaInterval, recommendations: this.o.metaRecommendations }
      : undefined;
  }

  plan(iteration: number, rng: Rng) {
    const islandIndex = (iteration - 1) % this.state.islands.length;
    const island = this.state.islands[islandIndex]!;
    if (island.members.length === 0 && island.invalid.length > 0) {
      // Fix mode: no valid program here yet, so mutate the latest broken one.
      return {
        parentIds: [island.invalid.at(-1)!],
        inspirationIds: [],
        island: islandIndex,
        mutation: 'diff' as const,
      };
    }
    const members = island.members.length ? island.members : this.state.islands.flatMap((i) => i.members);
    const parent = members[this.selectIndex(members, rng)]!;
    parent.children++;
    let mutation = this.mutationKind(rng);
    const parentIds = [parent.id];
    if (mutation === 'crossover') {
      const others = members.filter((m) => m.id !== parent.id);
      if (others.length) parentIds.push(others[this.selectIndex(others, rng)]!.id);
      else mutation = 'diff';
    }
    const inspirationIds = [...members]
      .sort(byScore)
      .filter((m) => !parentIds.includes(m.id))
      .slice(0, this.o.inspirations)
      .map((m) => m.id);
    return { parentIds, inspirationIds, island: islandIndex, mutation };
  }

  /** Index of the parent in `members` under the configured rule. */
  selectIndex(members: readonly ShinkaMember[], rng: Rng): number {
    switch (this.o.parentSelection) {
      case 'weighted':
        return rng.weighted(weightedProbabilities(members, this.o.lambda));
      case 'power_law':
        return rankOrder(members)[rng.weighted(powerLawWeights(members.length, this.o.alpha))]!;
      case 'beam':
        return rankOrder(members)[rng.int(Math.min(this.o.beamWidth, members.length))]!;
      case 'hill_climb':
        return rankOrder(members)[0]!;
    }
  }

  private mutationKind(rng: Rng): MutationKind {
    const { diff, full, crossover } = this.o.mutationMix;
    return (['diff', 'full', 'crossover'] as const)[rng.weighted([diff, full, crossover])]!;
  }

  gate(plan: Plan, source: string): string | undefined {
    const sig = this.signature(source);
    let best: { id: string; sim: number } | undefined;
    for (const s of this.state.signatures) {
      // Only programs known when the iteration was planned: the gate must not depend on timing.
      if (s.iteration > plan.knownThrough) break;
      const sim = similarity(sig, s.sig);
      if (!best || sim > best.sim) best = { id: s.id, sim };
    }
    if (best && best.sim >= this.o.noveltyThreshold)
      return `novelty: estimated similarity ${best.sim.toFixed(3)} to ${best.id} (threshold ${this.o.noveltyThreshold})`;
    return undefined;
  }

  observe(obs: Observation): void {
    if (obs.iteration === 0) {
      if (obs.kind !== 'evaluated' || !obs.valid) throw new Error('the seed program is not valid');
      for (const island of this.state.islands) this.insert(island, obs.member);
      if (obs.source !== undefined)
        this.state.signatures.push({ iteration: 0, id: obs.member.id, sig: this.signature(obs.source) });
      this.state.best = obs.member.score;
      return;
    }
    if (obs.kind !== 'evaluated') return;
    if (obs.source !== undefined) {
      const id = obs.valid ? obs.member.id : obs.id;
      this.state.signatures.push({ iteration: obs.iteration, id, sig: this.signature(obs.source) });
    }
    this.state.sinceBest++;
    const island = this.state.islands[obs.island]!;
    if (obs.valid) {
      this.insert(island, obs.member);
      if (this.state.best === null || obs.member.score > this.state.best) {
        this.state.best = obs.member.score;
        this.state.sinceBest = 0;
      }
    } else {
      island.invalid.push(obs.id);
      if (island.invalid.length > 5) island.invalid.shift();
    }
    if (this.state.sinceBest >= this.o.stagnationThreshold && this.state.islands.length < this.o.maxIslands) {
      const best = this.state.islands.flatMap((i) => i.members).sort(byScore)[0]!;
      this.state.islands.push({ members: [{ ...best, children: 0 }], invalid: [] });
      this.state.spawned++;
      this.state.sinceBest = 0;
    }
  }

  private signature(source: string): number[] {
    return minhash(source, this.o.noveltyNgram, this.o.noveltyPermutations);
  }

  snapshot(): ShinkaState {
    return structuredClone(this.state);
  }

  restore(state: unknown): void {
    const s = state as ShinkaState;
    if (!Array.isArray(s?.islands) || !Array.isArray(s.signatures)) throw new Error('stored shinka state is malformed');
    this.state = structuredClone(s);
  }

  private insert(island: Island, member: Member): void {
    if (island.members.some((m) => m.hash === member.hash)) return;
    // Keep only what selection needs: instance scores and features would bloat every snapshot.
    island.members.push({
      id: member.id,
      iteration: member.iteration,
      score: member.score,
      hash: member.hash,
      children: 0,
    });
    island.members.sort(byScore);
    if (island.members.length > this.o.populationSize) island.members.length = this.o.populationSize;
    island.invalid = [];
  }
}

/**
 * Shinka's weighted rule: z = (score − median) / MAD (MAD = median absolute
 * deviation; when it is 0, z is the sign of score − median), weight =
 * sigmoid(lambda · z) / (1 + children), normalised to probabilities.
 */
export function weightedProbabilities(
  members: readonly { score: number; children: number }[],
  lambda: number,
): number[] {
  const scores = members.map((m) => m.score);
  const med = median(scores);
  const mad = median(scores.map((s) => Math.abs(s - med)));
  const w = members.map((m) => {
    const z = mad > 0 ? (m.score - med) / mad : Math.sign(m.score - med);
    return 1 / (1 + Math.exp(-lambda * z)) / (1 + m.children);
  });
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Power-law weights over ranks 1..n (best first), normalised. */
export function powerLawWeights(n: number, alpha: number): number[] {
  const w = Array.from({ length: n }, (_, k) => (k + 1) ** -alpha);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Member indices best first (newer first on ties). */
function rankOrder(members: readonly Member[]): number[] {
  return members.map((_, i) => i).sort((a, b) => byScore(members[a]!, members[b]!));
}

function byScore(a: Member, b: Member): number {
  return b.score - a.score || b.iteration - a.iteration;
}
