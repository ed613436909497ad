import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { Member, Observation, Strategy } from './types.js';

export const islandsOptions = z.strictObject({
  name: z.literal('islands'),
  /** Independent sub-populations; iteration i works on island i mod islands. */
  islands: z.number().int().min(1).max(64).default(3),
  /** Elites kept per island. */
  populationSize: z.number().int().min(1).max(10_000).default(16),
  /** Parents are the best of this many members drawn at random. */
  tournamentSize: z.number().int().min(1).default(3),
  /** Probability of a uniformly random parent instead of a tournament (exploration). */
  exploreRate: z.number().min(0).max(1).default(0.1),
  /** Probability of a crossover child when the island has two members. */
  crossoverRate: z.number().min(0).max(1).default(0.2),
  /** Every this many observed evaluations, each island's best move to the next island (ring). */
  migrationInterval: z.number().int().min(1).default(24),
  migrationCount: z.number().int().min(0).default(1),
  /** Inspirations offered to the proposer (the island's best other than the parent). */
  inspirations: z.number().int().min(0).default(3),
});
export type IslandsOptions = z.output<typeof islandsOptions>;

interface IslandsState {
  islands: Member[][];
  evaluations: number;
}

/**
 * Elitist islands with tournament selection: each island keeps its best
 * `populationSize` distinct programs; parents are tournament winners; the
 * islands exchange their best programs in a ring every `migrationInterval`
 * evaluations.
 */
export class IslandsStrategy implements Strategy {
  readonly name = 'islands';
  private state: IslandsState;

  constructor(private readonly o: IslandsOptions) {
    this.state = { islands: Array.from({ length: o.islands }, () => []), evaluations: 0 };
  }

  plan(iteration: number, rng: Rng) {
    const island = (iteration - 1) % this.o.islands;
    const members = this.nonEmpty(island);
    const parent = this.select(members, rng);
    const crossover = members.length >= 2 && rng.float() < this.o.crossoverRate;
    const parentIds = [parent.id];
    if (crossover) {
      const others = members.filter((m) => m.id !== parent.id);
      parentIds.push(this.select(others, rng).id);
    }
    const inspirationIds = [...members]
      .sort(byScore)
      .filter((m) => !parentIds.includes(m.id))
      .slice(0, this.o.inspirations)
      .map((m) => m.id);
    return { parentIds, inspirationIds, island, mutation: crossover ? ('crossover' as const) : ('diff' as const) };
  }

  observe(obs: Observation): void {
    if (obs.iteration === 0) {
      if (obs.kind !== 'evaluated' || !obs.valid) {
        throw new Error(
          'the seed program is not valid, so there is nothing to evolve from; fix it first (see its failure above)',
        );
      }
      for (const island of this.state.islands) island.push(obs.member);
      return;
    }
    if (obs.kind !== 'evaluated') return;
    this.state.evaluations++;
    if (obs.valid) this.insert(obs.island, obs.member);
    if (this.state.evaluations % this.o.migrationInterval === 0 && this.o.islands > 1) this.migrate();
  }

  snapshot(): IslandsState {
    return structuredClone(this.state);
  }

  restore(state: unknown): void {
    const s = state as IslandsState;
    if (!Array.isArray(s?.islands) || s.islands.length !== this.o.islands) {
      throw new Error(`stored islands state does not match the configured ${this.o.islands} islands`);
    }
    this.state = structuredClone(s);
  }

  private nonEmpty(island: number): Member[] {
    const members = this.state.islands[island]!;
    if (members.length > 0) return members;
    return this.state.islands.flat();
  }

  private select(members: Member[], rng: Rng): Member {
    if (rng.float() < this.o.exploreRate) return rng.pick(members);
    let best = rng.pick(members);
    for (let k = 1; k < this.o.tournamentSize; k++) {
      const m = rng.pick(members);
      if (byScore(m, best) < 0) best = m;
    }
    return best;
  }

  private insert(island: number, member: Member): void {
    const members = this.state.islands[island]!;
    if (members.some((m) => m.hash === member.hash)) return;
    members.push(member);
    members.sort(byScore);
    if (members.length > this.o.populationSize) members.length = this.o.populationSize;
  }

  private migrate(): void {
    const bests = this.state.islands.map((members) => [...members].sort(byScore).slice(0, this.o.migrationCount));
    bests.forEach((migrants, i) => {
      const target = (i + 1) % this.o.islands;
      for (const m of migrants) this.insert(target, m);
    });
  }
}

/**
 * Higher score first; on ties the newer program first, so that a population on
 * a plateau keeps drifting (neutral variation) instead of freezing on its
 * first members.
 */
function byScore(a: Member, b: Member): number {
  return b.score - a.score || b.iteration - a.iteration;
}
