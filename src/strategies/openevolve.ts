import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { Member, Observation, Strategy } from './types.js';

export const openevolveOptions = z.strictObject({
  name: z.literal('openevolve'),
  /** Independent MAP-Elites grids; iteration i works on island (i - 1) mod islands. */
  islands: z.number().int().min(1).max(64).default(3),
  /** Grid axes: `length`, `diversity`, `score` or any metric the task reports (see features.ts). */
  featureDimensions: z.array(z.string().min(1)).min(1).max(4).default(['length', 'diversity']),
  /** Bins per axis. */
  bins: z.number().int().min(1).max(100).default(8),
  /** Programs kept per island (the grid's elites are never evicted). */
  populationSize: z.number().int().min(1).max(10_000).default(60),
  /** Best programs of the whole run that parents are drawn from when exploiting. */
  archiveSize: z.number().int().min(1).max(10_000).default(30),
  /** Probability of a uniformly random parent from the island. */
  explorationRatio: z.number().min(0).max(1).default(0.2),
  /** Probability of a uniformly random parent from the elite archive; the rest is fitness-proportional over the island's grid. */
  exploitationRatio: z.number().min(0).max(1).default(0.6),
  /** Every this many observed evaluations, each island sends its best programs to the next island (ring). */
  migrationInterval: z.number().int().min(1).default(25),
  /** Fraction of an island's programs (its best, at least one) that migrate. */
  migrationRate: z.number().min(0).max(1).default(0.1),
  /** Inspirations: the island's best, then elites of the parent's neighbouring cells. */
  inspirations: z.number().int().min(0).default(3),
});
export type OpenEvolveOptions = z.output<typeof openevolveOptions>;

interface Range {
  min: number;
  max: number;
}

export interface OpenEvolveState {
  /** Programs per island, best first. */
  islands: Member[][];
  /** Best of the run, best first. */
  archive: Member[];
  /** Observed range of each feature dimension; bins are re-assigned when it widens. */
  ranges: Range[];
  /** Per island: cell key -> id of the cell's elite. */
  grids: Record<string, string>[];
  evaluations: number;
}

/**
 * OpenEvolve-style search: one MAP-Elites grid per island over the configured
 * feature dimensions (each cell keeps its best program), a run-wide elite
 * archive, parents drawn by exploration / exploitation / fitness-proportional
 * choice, inspirations from the island's best and neighbouring cells, and a
 * periodic ring migration of each island's best fraction.
 */
export class OpenEvolveStrategy implements Strategy {
  readonly name = 'openevolve';
  private state: OpenEvolveState;

  constructor(private readonly o: OpenEvolveOptions) {
    if (o.explorationRatio + o.exploitationRatio > 1)
      throw new Error('openevolve: explorationRatio + exploitationRatio must be at most 1');
    this.state = {
      islands: Array.from({ length: o.islands }, () => []),
      archive: [],
      ranges: o.featureDimensions.map(() => ({ min: Infinity, max: -Infinity })),
      grids: Array.from({ length: o.islands }, () => ({})),
      evaluations: 0,
    };
  }

  plan(iteration: number, rng: Rng) {
    const island = (iteration - 1) % this.o.islands;
    const members = this.state.islands[island]!.length ? this.state.islands[island]! : this.state.islands.flat();
    const parent = this.selectParent(island, members, rng);
    const inspirationIds = this.inspirationsFor(island, parent).map((m) => m.id);
    return { parentIds: [parent.id], inspirationIds, island, mutation: 'diff' as const };
  }

  observe(obs: Observation): void {
    if (obs.iteration === 0) {
      if (obs.kind !== 'evaluated' || !obs.valid) throw new Error('the seed program is not valid');
      for (let i = 0; i < this.o.islands; i++) this.insert(i, obs.member);
      return;
    }
    if (obs.kind !== 'evaluated') return;
    this.state.evaluations++;
    if (obs.valid) this.insert(obs.island, obs.member);
    if (this.o.islands > 1 && this.state.evaluations % this.o.migrationInterval === 0) this.migrate();
  }

  snapshot(): OpenEvolveState {
    return structuredClone(this.state);
  }

  restore(state: unknown): void {
    const s = state as OpenEvolveState;
    if (!Array.isArray(s?.islands) || s.islands.length !== this.o.islands)
      throw new Error(`stored openevolve state does not match the configured ${this.o.islands} islands`);
    this.state = structuredClone(s);
    // JSON turns ±Infinity into null.
    for (const r of this.state.ranges) {
      r.min ??= Infinity;
      r.max ??= -Infinity;
    }
  }

  /** The value of one feature dimension for a member (0 when the program does not report it). */
  featureValue(m: Member, dim: string): number {
    if (dim === 'score') return m.score;
    return m.features?.[dim] ?? 0;
  }

  /** Bin index of a value within a range: equal-width bins, clamped; a degenerate range is bin 0. */
  static bin(value: number, range: Range, bins: number): number {
    if (!(range.max > range.min)) return 0;
    const b = Math.floor(((value - range.min) / (range.max - range.min)) * bins);
    return Math.min(bins - 1, Math.max(0, b));
  }

  /** The member's cell coordinates under the current ranges. */
  cellOf(m: Member): number[] {
    return this.o.featureDimensions.map((d, k) =>
      OpenEvolveStrategy.bin(this.featureValue(m, d), this.state.ranges[k]!, this.o.bins),
    );
  }

  private selectParent(island: number, members: Member[], rng: Rng): Member {
    const r = rng.float();
    if (r < this.o.explorationRatio) return rng.pick(members);
    if (r < this.o.explorationRatio + this.o.exploitationRatio && this.state.archive.length)
      return rng.pick(this.state.archive);
    const elites = this.elites(island);
    const pool = elites.length ? elites : members;
    // Fitness-proportional, shifted so the worst elite still has a small chance.
    const low = Math.min(...pool.map((m) => m.score));
    const high = Math.max(...pool.map((m) => m.score));
    const eps = high > low ? (high - low) * 0.01 : 1;
    return pool[rng.weighted(pool.map((m) => m.score - low + eps))]!;
  }

  /** The island's best, then elites of cells next to the parent's (best first). */
  private inspirationsFor(island: number, parent: Member): Member[] {
    if (this.o.inspirations === 0) return [];
    const members = this.state.islands[island]!;
    const out: Member[] = [];
    const best = members[0];
    if (best && best.id !== parent.id) out.push(best);
    const home = this.cellOf(parent);
    const near = this.elites(island)
      .filter((m) => m.id !== parent.id && !out.includes(m))
      .filter((m) => {
        const c = this.cellOf(m);
        return c.every((x, k) => Math.abs(x - home[k]!) <= 1);
      });
    out.push(...near.sort(byScore));
    return out.slice(0, this.o.inspirations);
  }

  elites(island: number): Member[] {
    const ids = new Set(Object.values(this.state.grids[island]!));
    return this.state.islands[island]!.filter((m) => ids.has(m.id));
  }

  private insert(island: number, member: Member): void {
    const members = this.state.islands[island]!;
    if (members.some((m) => m.hash === member.hash)) return;
    members.push(member);
    members.sort(byScore);
    if (this.widen(member)) this.rebinAll();
    else this.place(island, member);
    this.addToArchive(member);
    if (members.length > this.o.populationSize) {
      // Evict the worst program that is not a cell's elite.
      const elite = new Set(Object.values(this.state.grids[island]!));
      for (let k = members.length - 1; k >= 0; k--) {
        if (!elite.has(members[k]!.id)) {
          members.splice(k, 1);
          break;
        }
      }
    }
  }

  /** Widens the feature ranges to include the member; true when a range changed (bins drift). */
  private widen(m: Member): boolean {
    let changed = false;
    this.o.featureDimensions.forEach((d, k) => {
      const v = this.featureValue(m, d);
      const r = this.state.ranges[k]!;
      if (v < r.min) {
        r.min = v;
        changed = true;
      }
      if (v > r.max) {
        r.max = v;
        changed = true;
      }
    });
    return changed;
  }

  /** Puts a member in its cell if it beats the cell's elite (newer wins ties, so plateaus drift). */
  private place(island: number, m: Member): void {
    const grid = this.state.grids[island]!;
    const key = this.cellOf(m).join(',');
    const current = grid[key] ? this.state.islands[island]!.find((x) => x.id === grid[key]) : undefined;
    if (!current || byScore(m, current) < 0) grid[key] = m.id;
  }

  /** Re-assigns every stored program to its cell under the new ranges. */
  private rebinAll(): void {
    this.state.islands.forEach((members, i) => {
      this.state.grids[i] = {};
      for (const m of [...members].sort((a, b) => a.iteration - b.iteration)) this.place(i, m);
    });
  }

  private addToArchive(m: Member): void {
    const a = this.state.archive;
    if (a.some((x) => x.hash === m.hash)) return;
    a.push(m);
    a.sort(byScore);
    if (a.length > this.o.archiveSize) a.length = this.o.archiveSize;
  }

  /** Which programs move where at a migration: island i's best fraction goes to island i + 1 (mod n). */
  migrants(): { from: number; to: number; ids: string[] }[] {
    return this.state.islands.map((members, i) => ({
      from: i,
      to: (i + 1) % this.o.islands,
      ids: members
        .slice(0, Math.max(1, Math.ceil(members.length * this.o.migrationRate)))
        .filter(() => members.length > 0)
        .map((m) => m.id),
    }));
  }

  private migrate(): void {
    const moves = this.migrants().map((mv) => ({
      ...mv,
      members: this.state.islands[mv.from]!.filter((m) => mv.ids.includes(m.id)),
    }));
    for (const mv of moves) for (const m of mv.members) this.insert(mv.to, m);
  }
}

/** Higher score first; newer first on ties. */
function byScore(a: Member, b: Member): number {
  return b.score - a.score || b.iteration - a.iteration;
}
