import { describe, expect, it } from 'vitest';
import { deriveRng } from '../src/core/rng.js';
import { bootstrapCi, quantile, signFlipTest } from '../src/compare/stats.js';
import { GepaStrategy, gepaOptions, type GepaState } from '../src/strategies/gepa.js';
import { jaccard, minhash, shingles, similarity } from '../src/strategies/novelty.js';
import { OpenEvolveStrategy, openevolveOptions } from '../src/strategies/openevolve.js';
import { dominates, paretoFrequencies } from '../src/strategies/pareto.js';
import { powerLawWeights, ShinkaStrategy, shinkaOptions, weightedProbabilities } from '../src/strategies/shinka.js';
import type { Member } from '../src/strategies/types.js';

const rng = deriveRng(1, 'test');
const member = (id: string, iteration: number, score: number, features: Record<string, number> = {}): Member => ({
  id,
  iteration,
  score,
  hash: `h-${id}`,
  features,
});

describe('shinka parent selection', () => {
  it('weighted: sigmoid of the median/MAD-normalised score over 1 + children', () => {
    // scores 1, 2, 3, 10: median 2.5, absolute deviations 1.5, 0.5, 0.5, 7.5 -> MAD 1; z = -1.5, -0.5, 0.5, 7.5.
    const p = weightedProbabilities(
      [
        { score: 1, children: 0 },
        { score: 2, children: 1 },
        { score: 3, children: 0 },
        { score: 10, children: 0 },
      ],
      1,
    );
    // sigmoid(z) = 0.182426, 0.377541 / 2, 0.622459, 0.999447; normalised:
    const expected = [0.0915284246, 0.0947118088, 0.3123067474, 0.5014530192];
    p.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 9));
  });

  it('weighted: with MAD 0 the sign of the deviation decides', () => {
    const p = weightedProbabilities(
      [
        { score: 5, children: 0 },
        { score: 5, children: 0 },
        { score: 7, children: 0 },
      ],
      1,
    );
    // z = 0, 0, +1 -> 0.5, 0.5, 0.731059
    const t = 0.5 + 0.5 + 0.7310585786;
    expect(p[0]).toBeCloseTo(0.5 / t, 9);
    expect(p[2]).toBeCloseTo(0.7310585786 / t, 9);
  });

  it('power law over ranks: rank^-alpha', () => {
    const w = powerLawWeights(3, 1);
    expect(w[0]).toBeCloseTo(6 / 11, 12);
    expect(w[1]).toBeCloseTo(3 / 11, 12);
    expect(w[2]).toBeCloseTo(2 / 11, 12);
    expect(powerLawWeights(4, 0)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('hill climbing always takes the best; beam stays within the best k', () => {
    const members = [10, 30, 20, 40, 5].map((s, i) => ({ ...member(`p${i}`, i, s), children: 0 }));
    const hill = new ShinkaStrategy(shinkaOptions.parse({ name: 'shinka', parentSelection: 'hill_climb' }));
    const beam = new ShinkaStrategy(shinkaOptions.parse({ name: 'shinka', parentSelection: 'beam', beamWidth: 2 }));
    for (let k = 0; k < 50; k++) {
      expect(hill.selectIndex(members, rng)).toBe(3);
      expect([3, 1]).toContain(beam.selectIndex(members, rng));
    }
  });

  it('fix mode: an island without a valid program mutates its latest invalid one', () => {
    const s = new ShinkaStrategy(shinkaOptions.parse({ name: 'shinka', islands: 2 }));
    s.restore({
      islands: [
        { members: [{ ...member('p0', 0, 1), children: 0 }], invalid: [] },
        { members: [], invalid: ['p4', 'p6'] },
      ],
      signatures: [],
      best: 1,
      sinceBest: 0,
      spawned: 0,
    });
    expect(s.plan(2, rng)).toMatchObject({ parentIds: ['p6'], island: 1, mutation: 'diff' });
  });

  it('spawns an island from the best program after the stagnation threshold', () => {
    const s = new ShinkaStrategy(shinkaOptions.parse({ name: 'shinka', islands: 1, stagnationThreshold: 3 }));
    s.observe({ iteration: 0, kind: 'evaluated', island: -1, valid: true, member: member('p0', 0, 1) });
    s.observe({ iteration: 1, kind: 'evaluated', island: 0, valid: true, member: member('p1', 1, 2) });
    for (let i = 2; i <= 4; i++) s.observe({ iteration: i, kind: 'evaluated', island: 0, valid: false, id: `p${i}` });
    const state = s.snapshot();
    expect(state.islands).toHaveLength(2);
    expect(state.islands[1]!.members.map((m) => m.id)).toEqual(['p1']);
    expect(s.plan(6, rng).island).toBe(1); // (6 - 1) mod 2
  });

  it('the novelty gate only knows programs observed up to plan.knownThrough', () => {
    const s = new ShinkaStrategy(shinkaOptions.parse({ name: 'shinka' }));
    const seed = 'export function f(x: number) { return x * 2 + 1; }';
    const other = 'export function g(items: string[]) { return items.map((s) => s.trim()).filter(Boolean).join(","); }';
    s.observe({ iteration: 0, kind: 'evaluated', island: -1, valid: true, member: member('p0', 0, 1), source: seed });
    s.observe({ iteration: 5, kind: 'evaluated', island: 0, valid: false, id: 'p5', source: other });
    const plan = (knownThrough: number) => ({
      iteration: 9,
      parentIds: ['p0'],
      inspirationIds: [],
      island: 0,
      mutation: 'diff' as const,
      knownThrough,
    });
    expect(s.gate(plan(0), seed)).toMatch(/^novelty: estimated similarity 1\.000 to p0/);
    expect(s.gate(plan(4), other)).toBeUndefined();
    expect(s.gate(plan(5), other)).toMatch(/to p5/);
  });
});

describe('MinHash', () => {
  it('estimates the Jaccard similarity of token shingles', () => {
    const a = Array.from({ length: 60 }, (_, i) => `v${i}`).join(' + ');
    const b = Array.from({ length: 60 }, (_, i) => `v${i + 20}`).join(' + ');
    const exact = jaccard(shingles(a, 3), shingles(b, 3));
    // 60 tokens v0..v59 joined by '+': 117 3-shingles; shifting by 20 names shares those over v20..v59.
    expect(exact).toBeCloseTo(77 / 157, 9);
    const est = similarity(minhash(a, 3, 512), minhash(b, 3, 512));
    expect(Math.abs(est - exact)).toBeLessThan(0.07);
    expect(similarity(minhash(a), minhash(a))).toBe(1);
    expect(similarity(minhash('alpha beta gamma delta'), minhash('one two three four'))).toBe(0);
  });
});

describe('gepa', () => {
  it('Pareto frequencies count the instances a candidate is best on (ties count for all)', () => {
    const cands = [
      { id: 'A', instanceScores: { i1: 3, i2: 1, i3: 2 } },
      { id: 'B', instanceScores: { i1: 3, i2: 2, i3: 0 } },
      { id: 'C', instanceScores: { i1: 1, i2: 0, i3: 2 } },
      { id: 'D', instanceScores: { i1: 0, i2: 0, i3: 0 } },
    ];
    expect(paretoFrequencies(cands, ['i1', 'i2', 'i3'])).toEqual([2, 2, 1, 0]);
    expect(dominates(cands[0]!, cands[2]!, ['i1', 'i2', 'i3'])).toBe(true);
    expect(dominates(cands[1]!, cands[2]!, ['i1', 'i2', 'i3'])).toBe(false);
  });

  it('selects parents in proportion to their Pareto frequency', () => {
    const g = new GepaStrategy(gepaOptions.parse({ name: 'gepa', mergeRate: 0 }));
    const state: GepaState = {
      instances: ['i1', 'i2', 'i3'],
      pending: {},
      candidates: [
        { id: 'A', iteration: 1, score: 2, hash: 'a', parents: [], instanceScores: { i1: 3, i2: 1, i3: 2 } },
        { id: 'B', iteration: 2, score: 1.7, hash: 'b', parents: [], instanceScores: { i1: 3, i2: 2, i3: 0 } },
        { id: 'C', iteration: 3, score: 1, hash: 'c', parents: [], instanceScores: { i1: 1, i2: 0, i3: 2 } },
        { id: 'D', iteration: 4, score: 0, hash: 'd', parents: [], instanceScores: { i1: 0, i2: 0, i3: 0 } },
      ],
    };
    g.restore(state);
    const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    const r = deriveRng(3, 'gepa');
    for (let k = 0; k < 5000; k++) {
      const plan = g.plan(k + 10, r);
      counts[plan.parentIds[0]!]!++;
      expect(plan.minibatch).toHaveLength(3);
    }
    // Frequencies 2 : 2 : 1 : 0.
    expect(counts.D).toBe(0);
    expect(counts.A! / 5000).toBeCloseTo(0.4, 1);
    expect(counts.C! / 5000).toBeCloseTo(0.2, 1);
  });

  it('merges only front candidates that share an ancestor and do not descend from each other', () => {
    const g = new GepaStrategy(gepaOptions.parse({ name: 'gepa' }));
    const c = (id: string, parents: string[]) => ({
      id,
      iteration: Number(id.slice(1)),
      score: 1,
      hash: id,
      parents,
      instanceScores: {},
    });
    g.restore({
      instances: [],
      pending: {},
      candidates: [c('p0', []), c('p1', ['p0']), c('p2', ['p0']), c('p3', ['p1'])],
    });
    const pairs = g.mergePairs([c('p1', ['p0']), c('p2', ['p0']), c('p3', ['p1'])]).map(([a, b]) => `${a.id}+${b.id}`);
    expect(pairs).toEqual(['p1+p2', 'p2+p3']);
  });
});

describe('openevolve', () => {
  it('assigns bins by equal-width intervals of the observed range, clamped', () => {
    const bin = (v: number) => OpenEvolveStrategy.bin(v, { min: 0, max: 10 }, 4);
    expect([0, 2.49, 2.5, 5, 9.99, 10, 12, -1].map(bin)).toEqual([0, 0, 1, 2, 3, 3, 3, 0]);
    expect(OpenEvolveStrategy.bin(3, { min: 3, max: 3 }, 4)).toBe(0);
  });

  it('re-bins stored programs when a feature range widens', () => {
    const s = new OpenEvolveStrategy(openevolveOptions.parse({ name: 'openevolve', islands: 1, bins: 8 }));
    const seed = member('p0', 0, 1, { length: 100, diversity: 0 });
    s.observe({ iteration: 0, kind: 'evaluated', island: -1, valid: true, member: seed });
    expect(s.cellOf(seed)).toEqual([0, 0]);
    const child = member('p1', 1, 2, { length: 200, diversity: 0.5 });
    s.observe({ iteration: 1, kind: 'evaluated', island: 0, valid: true, member: child });
    expect(s.cellOf(child)).toEqual([7, 7]);
    const mid = member('p2', 2, 0.5, { length: 150, diversity: 0.25 });
    s.observe({ iteration: 2, kind: 'evaluated', island: 0, valid: true, member: mid });
    expect(s.cellOf(mid)).toEqual([4, 4]);
    // A longer program widens the length range: p1 (200 of 100..300) moves from bin 7 to bin 4.
    const long = member('p3', 3, 0.1, { length: 300, diversity: 0.5 });
    s.observe({ iteration: 3, kind: 'evaluated', island: 0, valid: true, member: long });
    expect(s.cellOf(child)).toEqual([4, 7]);
    expect(s.snapshot().grids[0]).toEqual({ '0,0': 'p0', '2,4': 'p2', '4,7': 'p1', '7,7': 'p3' });
  });

  it('migrates the best fraction of each island to the next one in the ring', () => {
    const s = new OpenEvolveStrategy(
      openevolveOptions.parse({ name: 'openevolve', islands: 3, migrationRate: 0.5, migrationInterval: 1000 }),
    );
    s.observe({ iteration: 0, kind: 'evaluated', island: -1, valid: true, member: member('p0', 0, 0) });
    const scores = [5, 7, 3, 9, 1, 4];
    scores.forEach((score, k) =>
      s.observe({
        iteration: k + 1,
        kind: 'evaluated',
        island: k % 3,
        valid: true,
        member: member(`p${k + 1}`, k + 1, score),
      }),
    );
    // Island 0 holds p0 (0), p1 (5), p4 (9); island 1 p0, p2 (7), p5 (1); island 2 p0, p3 (3), p6 (4).
    expect(s.migrants()).toEqual([
      { from: 0, to: 1, ids: ['p4', 'p1'] },
      { from: 1, to: 2, ids: ['p2', 'p5'] },
      { from: 2, to: 0, ids: ['p6', 'p3'] },
    ]);
  });
});

describe('compare statistics', () => {
  it('sign-flip test: exact over all sign assignments', () => {
    // |±1 ±2 ±3| over the 8 assignments: 6, 4, 2, 0, 0, 2, 4, 6 -> 2 of 8 reach 6.
    expect(signFlipTest([1, 2, 3])).toEqual({ p: 0.25, exact: true });
    expect(signFlipTest([1, -1])).toEqual({ p: 1, exact: true });
    expect(signFlipTest([2, 2, 2, 2, 2]).p).toBeCloseTo(2 / 32, 12);
  });

  it('bootstrap interval is seeded and brackets the mean', () => {
    const xs = [1, 2, 3, 4, 10];
    const a = bootstrapCi(xs, deriveRng(1, 'b'), 2000);
    const b = bootstrapCi(xs, deriveRng(1, 'b'), 2000);
    expect(a).toEqual(b);
    expect(a.mean).toBe(4);
    expect(a.lo).toBeLessThan(4);
    expect(a.hi).toBeGreaterThan(4);
    expect(a.lo).toBeGreaterThanOrEqual(1);
    expect(bootstrapCi([2, 2, 2], rng, 100)).toEqual({ mean: 2, lo: 2, hi: 2 });
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });
});
