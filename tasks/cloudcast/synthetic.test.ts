import { describe, expect, it } from 'vitest';
import { CONFIG_SLOTS, NUM_VMS, providerOf } from './contract.js';
import { RegionGraph } from './graph.js';
import { directCost, steinerCost } from './score.js';
import { MEDIAN_GBPS, REGIONS_PER_PROVIDER, syntheticGraph, syntheticSuite } from './synthetic.js';

/** Mean egress price by provider pair in the real cost.csv (for the shape check). */
const REAL_MEAN_COST: Record<string, number> = {
  'aws>aws': 0.0585,
  'aws>azure': 0.106,
  'aws>gcp': 0.106,
  'azure>aws': 0.1021,
  'azure>azure': 0.0591,
  'azure>gcp': 0.1021,
  'gcp>aws': 0.1339,
  'gcp>azure': 0.1342,
  'gcp>gcp': 0.0859,
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function byPair(g: RegionGraph): Record<string, { tp: number[]; cost: number[] }> {
  const out: Record<string, { tp: number[]; cost: number[] }> = {};
  for (let e = 0; e < g.edgeCount; e++) {
    const key = `${providerOf(g.nodes[g.edgeSrc[e]!]!)}>${providerOf(g.nodes[g.edgeDst[e]!]!)}`;
    const entry = (out[key] ??= { tp: [], cost: [] });
    entry.tp.push(g.throughput[e]! / NUM_VMS);
    entry.cost.push(g.cost[e]!);
  }
  return out;
}

describe('the synthetic region graph', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(syntheticGraph(7)).toEqual(syntheticGraph(7));
    expect(syntheticGraph(7).edges).not.toEqual(syntheticGraph(8).edges);
  });

  it('has the real shape: 25 AWS, 22 Azure, 24 GCP regions, every ordered pair a link', () => {
    const g = new RegionGraph(syntheticGraph(1));
    expect(g.nodes.length).toBe(71);
    expect(g.edgeCount).toBe(71 * 70);
    for (const [p, n] of Object.entries(REGIONS_PER_PROVIDER)) {
      expect(g.nodes.filter((x) => providerOf(x) === p)).toHaveLength(n);
    }
    for (let u = 0; u < 71; u++) for (let v = 0; v < 71; v++) expect(g.edge(u, v) >= 0).toBe(u !== v);
  });

  it('matches the real per-provider-pair statistics over seeds 1..10', () => {
    const tp: Record<string, number[]> = {};
    const cost: Record<string, number[]> = {};
    const aws002: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const pairs = byPair(new RegionGraph(syntheticGraph(seed)));
      for (const [k, v] of Object.entries(pairs)) {
        (tp[k] ??= []).push(median(v.tp));
        (cost[k] ??= []).push(v.cost.reduce((a, b) => a + b, 0) / v.cost.length);
      }
      const aws = pairs['aws>aws']!.cost;
      aws002.push(aws.filter((c) => c === 0.02).length / aws.length);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [k, want] of Object.entries(MEDIAN_GBPS)) {
      expect(Math.abs(mean(tp[k]!) / want - 1), `throughput ${k}`).toBeLessThan(0.12);
    }
    for (const [k, want] of Object.entries(REAL_MEAN_COST)) {
      expect(Math.abs(mean(cost[k]!) / want - 1), `cost ${k}`).toBeLessThan(0.3);
    }
    // Real: 52% of AWS inter-region links cost 0.02 $/GB.
    expect(mean(aws002)).toBeGreaterThan(0.4);
    expect(mean(aws002)).toBeLessThan(0.65);
  });
});

describe('synthetic multicast suites', () => {
  const graph = syntheticGraph(1);
  const g = new RegionGraph(graph);

  it('are shaped like the five real configurations', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const suite = syntheticSuite(graph, seed);
      expect(suite.map((c) => c.name)).toEqual([...CONFIG_SLOTS]);
      const providers = suite.map((c) => [providerOf(c.source), c.destinations.map(providerOf).sort()]);
      expect(providers).toEqual([
        ['aws', Array(6).fill('aws')],
        ['azure', Array(6).fill('azure')],
        ['gcp', Array(6).fill('gcp')],
        ['gcp', ['aws', 'aws', 'azure', 'azure', 'azure', 'gcp']],
        ['gcp', ['aws', 'aws', 'aws', 'azure', 'azure', 'azure', 'gcp']],
      ]);
      const [, , , agz, gaz2] = suite;
      expect(gaz2!.source).toBe(agz!.source);
      expect(gaz2!.destinations.slice(0, 6)).toEqual(agz!.destinations);
      for (const c of suite) {
        expect(new Set([c.source, ...c.destinations]).size).toBe(c.destinations.length + 1);
        expect([c.dataVolGb, c.numPartitions]).toEqual([300, 10]);
      }
    }
    expect(syntheticSuite(graph, 3)).toEqual(syntheticSuite(graph, 3));
    expect(syntheticSuite(graph, 3)).not.toEqual(syntheticSuite(graph, 4));
  });

  it('leave room between direct replication and the cheapest tree, as the real suite does (52%)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const suite = syntheticSuite(graph, seed);
      const ratio = steinerCost(g, suite) / directCost(g, suite);
      expect(ratio).toBeGreaterThan(0.3);
      expect(ratio).toBeLessThan(0.75);
    }
  });
});
