import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { CONFIG_SLOTS, type HarnessOutput } from './contract.js';
import { loadRealConfigs, loadRealGraph } from './data.js';
import { RegionGraph } from './graph.js';
import { harness } from './harness.js';
import { searchAlgorithm as seedProgram } from './programs/dijkstra-seed.js';
import { simulate } from './simulator.js';
import { LEADERBOARD_ID, createCloudcastTask } from './task.js';
import { validateTopology } from './validate.js';

interface GoldenEdge {
  src: string;
  dst: string;
  cost: number;
  throughput_gbps: number;
  flow_after_limits: number;
  num_partitions: number;
}
interface GoldenConfig {
  total_cost: number;
  egress_cost: number;
  instance_cost: number;
  max_transfer_time_s: number;
  num_nodes: number;
  num_edges: number;
  per_destination_time_s: Record<string, number>;
  dijkstra_node_paths: Record<string, string[]>;
  sim_graph_node_order: string[];
  edges_in_sim_order: GoldenEdge[];
  skydiscover_variant_cost: number;
  skydiscover_variant_max_time_s: number;
}
interface Golden {
  programs: {
    seed_dijkstra_by_cost: {
      total_cost: number;
      leaderboard_score: number;
      openevolve_combined_score_1_over_1_plus_cost: number;
      skydiscover_variant_total_cost: number;
      per_config: Record<string, GoldenConfig>;
    };
    direct_replication: {
      total_cost: number;
      leaderboard_score: number;
      per_config_total_cost: Record<string, number>;
      per_config_max_transfer_time_s: Record<string, number>;
    };
  };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const hasData = sharedAvailable('data/cloudcast') && sharedAvailable('golden/cloudcast.json');

describe.runIf(hasData)('cloudcast against the reference evaluator', () => {
  const golden = JSON.parse(readFileSync(goldenPath('cloudcast'), 'utf8')) as Golden;
  const seed = golden.programs.seed_dijkstra_by_cost;
  const direct = golden.programs.direct_replication;
  const task = createCloudcastTask({ dataDir: DATA_ROOT });
  const leaderboard = task.instances('train').filter((i) => i.id === LEADERBOARD_ID);

  it('builds the reference graph: 71 regions, 4,970 priced links', () => {
    const g = new RegionGraph(loadRealGraph(join(DATA_ROOT, 'cloudcast')));
    expect(g.nodes.length).toBe(71);
    expect(g.edgeCount).toBe(4970);
    expect(g.nodes[0]).toBe('aws:us-east-2');
    expect(Array.from(g.cost).every((c) => c > 0)).toBe(true);
  });

  it('the seed scores exactly the golden leaderboard numbers through the sandbox', async () => {
    expect(leaderboard).toHaveLength(1);
    const e = await evaluateProgram(task, task.programs['dijkstra-seed']!.source, leaderboard);
    expect(e.valid).toBe(true);
    expect(e.score).toBe(seed.leaderboard_score);
    expect(e.metrics.total_cost).toBe(seed.total_cost);
    expect(e.metrics.combined_score).toBe(seed.openevolve_combined_score_1_over_1_plus_cost);
    expect(rel(e.metrics.skydiscover_total_cost!, seed.skydiscover_variant_total_cost)).toBeLessThan(1e-12);
    for (const slot of CONFIG_SLOTS) expect(e.metrics[`cost_${slot}`]).toBe(seed.per_config[slot]!.total_cost);
  });

  it('direct replication scores exactly the golden numbers (0 points, clamped)', async () => {
    const e = await evaluateProgram(task, task.programs['direct-replication']!.source, leaderboard);
    expect(e.valid).toBe(true);
    expect(e.score).toBe(direct.leaderboard_score);
    expect(e.metrics.total_cost).toBe(direct.total_cost);
    for (const slot of CONFIG_SLOTS) expect(e.metrics[`cost_${slot}`]).toBe(direct.per_config_total_cost[slot]);
  });

  it('the seed chooses the golden Dijkstra paths and the simulator reproduces every golden quantity', () => {
    const dir = join(DATA_ROOT, 'cloudcast');
    const graphData = loadRealGraph(dir);
    const g = new RegionGraph(graphData);
    const configs = loadRealConfigs(dir, graphData);
    const out = harness({ searchAlgorithm: seedProgram }, { suite: 'x', graph: graphData, configs }) as HarnessOutput;
    configs.forEach((config, i) => {
      const want = seed.per_config[config.name]!;
      const topo = out.topologies[i]!;
      if ('error' in topo) throw new Error(topo.error);
      for (const [dst, lists] of topo.entries) {
        const nodePath = want.dijkstra_node_paths[dst]!;
        const hops = nodePath.slice(1).map((v, k) => [nodePath[k], v]);
        for (const list of lists as unknown[]) expect(list).toEqual(hops);
      }
      const parsed = validateTopology(g, config, topo, { strictPaths: true });
      if ('error' in parsed) throw new Error(parsed.error);
      const r = simulate(g, config, parsed);
      expect(r.totalCost).toBe(want.total_cost);
      expect(r.egressCost).toBe(want.egress_cost);
      // The golden instance_cost is total - egress (3.024000000000001), not the simulator's running sum (3.024).
      expect(r.totalCost - r.egressCost).toBe(want.instance_cost);
      expect(rel(r.instanceCost, want.instance_cost)).toBeLessThan(1e-12);
      expect(r.maxTime).toBe(want.max_transfer_time_s);
      expect(r.nodeOrder.map((v) => g.nodes[v])).toEqual(want.sim_graph_node_order);
      expect(r.edges).toHaveLength(want.num_edges);
      r.edges.forEach((e, k) => {
        const w = want.edges_in_sim_order[k]!;
        expect([g.nodes[g.edgeSrc[e.graphEdge]!], g.nodes[g.edgeDst[e.graphEdge]!]]).toEqual([w.src, w.dst]);
        expect(g.cost[e.graphEdge]).toBe(w.cost);
        // pandas' CSV float parser is not correctly rounded (spec section 2.1): a few ULP apart at most.
        expect(rel(g.throughput[e.graphEdge]!, w.throughput_gbps)).toBeLessThan(1e-14);
        expect(e.flow).toBe(w.flow_after_limits);
        expect(e.partitions).toBe(w.num_partitions);
      });
      parsed.dsts.forEach((d, k) => expect(r.dstTime[k]).toBe(want.per_destination_time_s[g.nodes[d]!]));
      expect(rel(r.skydiscoverCost, want.skydiscover_variant_cost)).toBeLessThan(1e-12);
      expect(r.skydiscoverMaxTime).toBe(want.skydiscover_variant_max_time_s);
    });
  });

  it('direct replication reproduces the golden per-config max transfer times', () => {
    const dir = join(DATA_ROOT, 'cloudcast');
    const graphData = loadRealGraph(dir);
    const g = new RegionGraph(graphData);
    for (const config of loadRealConfigs(dir, graphData)) {
      const topo = {
        entries: config.destinations.map((d): [string, unknown] => [
          d,
          Array.from({ length: config.numPartitions }, () => [[config.source, d]]),
        ]),
      };
      const parsed = validateTopology(g, config, topo);
      if ('error' in parsed) throw new Error(parsed.error);
      expect(simulate(g, config, parsed).maxTime).toBe(direct.per_config_max_transfer_time_s[config.name]);
    }
  });

  it('the human-sota Steiner arborescence meets the leaderboard best known cost (626.24)', async () => {
    const e = await evaluateProgram(task, task.programs['human-sota']!.source, leaderboard);
    expect(e.valid).toBe(true);
    expect(e.metrics.total_cost).toBeLessThanOrEqual(626.24);
    expect(e.score).toBe(100);
  });
});
