import { describe, expect, it } from 'vitest';
import type { CloudcastConfig, HarnessTopology } from './contract.js';
import { graphFromRows, RegionGraph, type EdgeRow } from './graph.js';
import { anchorScore } from './score.js';
import { pyRound2, simulate, type ParsedTopology } from './simulator.js';
import { steinerTopology } from './steiner.js';
import { validateTopology } from './validate.js';

// A small hand-made graph: three AWS regions, two GCP regions, every ordered pair a link.
const NAMES = ['aws:a', 'aws:b', 'aws:c', 'gcp:x', 'gcp:y'];
const PRICE: Record<string, number> = { aws: 0.09, gcp: 0.12 };
function smallGraph(throughput = 12): RegionGraph {
  const rows: EdgeRow[] = [];
  for (const u of NAMES) {
    for (const v of NAMES) {
      const same = u.slice(0, 3) === v.slice(0, 3);
      rows.push({ src: u, dst: v, cost: same ? 0.02 : PRICE[u.slice(0, 3)]!, throughputGbps: throughput });
    }
  }
  return new RegionGraph(graphFromRows(rows));
}

const config = (source: string, destinations: string[]): CloudcastConfig => ({
  name: 'test',
  source,
  destinations,
  dataVolGb: 300,
  numPartitions: 10,
  ingressLimit: { aws: 10, gcp: 16, azure: 16 },
  egressLimit: { aws: 5, gcp: 7, azure: 16 },
});

/** All partitions on the same hop list per destination. */
function topo(g: RegionGraph, c: CloudcastConfig, routes: Record<string, string[][]>): ParsedTopology {
  const t: HarnessTopology = {
    entries: Object.entries(routes).map(([d, hops]) => [d, Array.from({ length: c.numPartitions }, () => hops)]),
  };
  const parsed = validateTopology(g, c, t);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

describe('pyRound2 is Python round(x, 2)', () => {
  it('rounds exact binary ties to even and everything else to nearest', () => {
    expect(pyRound2(0.125)).toBe(0.12);
    expect(pyRound2(0.375)).toBe(0.38);
    expect(pyRound2(2.675)).toBe(2.67); // 2.67499999... in binary
    expect(pyRound2(1028.5714285714287)).toBe(1028.57);
    expect(pyRound2(685.7142857142857)).toBe(685.71);
    expect(pyRound2(1440.0000000000002)).toBe(1440);
    expect(pyRound2(857.1428571428571)).toBe(857.14);
  });
});

describe('the broadcast simulator', () => {
  const g = smallGraph();

  it('splits a provider egress limit evenly over a region out-links (12 Gbit/s links, AWS egress 10)', () => {
    const c = config('aws:a', ['aws:b', 'aws:c']);
    const r = simulate(g, c, topo(g, c, { 'aws:b': [['aws:a', 'aws:b']], 'aws:c': [['aws:a', 'aws:c']] }));
    expect(r.edges.map((e) => e.flow)).toEqual([5, 5]);
    expect(r.maxTime).toBe((10 * 30 * 8) / 5);
    expect(r.egressCost).toBe(10 * 30 * 0.02 + 10 * 30 * 0.02);
    let vm = 0;
    for (let i = 0; i < 3; i++) vm += 2 * (0.54 / 3600) * 480;
    expect(r.instanceCost).toBe(vm);
    expect(r.totalCost).toBe(r.egressCost + vm);
  });

  it('multiplies by the reciprocal of the link count, as the reference does (14 * (1/3))', () => {
    const c = config('gcp:x', ['aws:a', 'aws:b', 'gcp:y']);
    const r = simulate(
      g,
      c,
      topo(g, c, { 'aws:a': [['gcp:x', 'aws:a']], 'aws:b': [['gcp:x', 'aws:b']], 'gcp:y': [['gcp:x', 'gcp:y']] }),
    );
    expect(r.edges[0]!.flow).toBe(14 * (1 / 3));
    expect(r.edges[0]!.flow).not.toBe(14 / 3);
  });

  it('charges a link shared by two destinations once per distinct partition', () => {
    const c = config('gcp:x', ['aws:a', 'aws:b']);
    const shared = simulate(
      g,
      c,
      topo(g, c, {
        'aws:a': [['gcp:x', 'aws:a']],
        'aws:b': [
          ['gcp:x', 'aws:a'],
          ['aws:a', 'aws:b'],
        ],
      }),
    );
    expect(shared.egressCost).toBe(10 * 30 * 0.12 + 10 * 30 * 0.02);
    expect(shared.edges.map((e) => e.partitions)).toEqual([10, 10]);
    expect(shared.nodeOrder.map((v) => g.nodes[v])).toEqual(['gcp:x', 'aws:a', 'aws:b']);
  });

  it('a relay region that sends on many links slows its own links only, in visiting order', () => {
    // b relays to c, x and y: its 10 Gbit/s AWS egress is split three ways; a -> b keeps 10 (a has one link).
    const c = config('aws:a', ['aws:c', 'gcp:x', 'gcp:y']);
    const r = simulate(
      g,
      c,
      topo(g, c, {
        'aws:c': [
          ['aws:a', 'aws:b'],
          ['aws:b', 'aws:c'],
        ],
        'gcp:x': [
          ['aws:a', 'aws:b'],
          ['aws:b', 'gcp:x'],
        ],
        'gcp:y': [
          ['aws:a', 'aws:b'],
          ['aws:b', 'gcp:y'],
        ],
      }),
    );
    expect(r.edges.map((e) => e.flow)).toEqual([10, 10 * (1 / 3), 10 * (1 / 3), 10 * (1 / 3)]);
    expect(r.maxTime).toBe((10 * 30 * 8) / (10 * (1 / 3)));
  });

  it('times a destination by its listed hops only, unless tree-aware time is on', () => {
    // c lists only b -> c (the tree is listed once); its data still crosses a -> b, which a shares with a -> x.
    const c = config('aws:a', ['aws:b', 'aws:c', 'gcp:x']);
    const t = topo(g, c, {
      'aws:b': [['aws:a', 'aws:b']],
      'aws:c': [['aws:b', 'aws:c']],
      'gcp:x': [['aws:a', 'gcp:x']],
    });
    expect(simulate(g, c, t).dstTime).toEqual([480, 240, 480]);
    expect(simulate(g, c, t, { treeAwareTime: true }).dstTime).toEqual([480, 480, 480]);
  });

  it('the exact Steiner tree beats sending directly when a cheap relay exists', () => {
    const c = config('gcp:x', ['aws:a', 'aws:b', 'aws:c']);
    const steiner = simulate(g, c, steinerTopology(g, c));
    const direct = simulate(
      g,
      c,
      topo(g, c, { 'aws:a': [['gcp:x', 'aws:a']], 'aws:b': [['gcp:x', 'aws:b']], 'aws:c': [['gcp:x', 'aws:c']] }),
    );
    expect(steiner.egressCost).toBeCloseTo(300 * 0.12 + 2 * 300 * 0.02, 12);
    expect(direct.egressCost).toBeCloseTo(3 * 300 * 0.12, 12);
  });
});

describe('the leaderboard score', () => {
  it('divides before scaling (the reference digits) and clamps to [0, 100]', () => {
    expect(anchorScore(1045.860405, 1199, 626.24)).toBe(26.737131608352556);
    expect(anchorScore(1300, 1199, 626.24)).toBe(0);
    expect(anchorScore(600, 1199, 626.24)).toBe(100);
  });
});
