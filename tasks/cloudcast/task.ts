import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import {
  LEADERBOARD_LOWER_COST,
  LEADERBOARD_UPPER_COST,
  type CloudcastConfig,
  type CloudcastInstanceData,
  type GraphData,
} from './contract.js';
import { loadRealConfigs, loadRealGraph, THROUGHPUT_FILE } from './data.js';
import { RegionGraph } from './graph.js';
import { directCost, scoreSuite, syntheticSuiteAnchors, type ScoreOptions, type Suite } from './score.js';
import { syntheticGraph, syntheticSuite } from './synthetic.js';
import { programReader } from '../../src/core/task-programs.js';

/** Id of the instance holding the five real configurations (the leaderboard benchmark). */
export const LEADERBOARD_ID = 'leaderboard';
/** Synthetic suites per split: on the real graph 3 train (+ the leaderboard) and 8 test; 4 and 8 on a synthetic graph. */
export const TRAIN_SUITES_REAL = 3;
export const TRAIN_SUITES_SYNTHETIC = 4;
export const TEST_SUITES = 8;
export const DEFAULT_DATA_SEED = 1;

export interface CloudcastTaskOptions extends TaskOptions {
  /** Also require every listed path to be contiguous from the source to its destination (skydiscover). */
  strictPaths?: boolean;
  /** Time a destination by its best path in the per-partition union instead of its own listed hops. */
  treeAwareTime?: boolean;
}

const DESCRIPTION = `Cloudcast: multicast a data object across cloud regions at minimum dollar cost.

A source region holds dataVolGb GB (300), split into numPartitions equal partitions (10). Every partition must reach
every destination region. Hops may go through any of the regions of the AWS/Azure/GCP graph (relays). Export
  searchAlgorithm(src: string, dsts: readonly string[], g: RegionGraph, numPartitions: number, info: CloudcastInfo)
    : Record<string, [from: string, to: string][][]>
returning, for each destination, numPartitions lists of hops: topology[dst][p] = the hops partition p takes to dst.
  g.nodes: region ids ("aws:us-east-1", "azure:westeurope", "gcp:us-west1-a", ...); provider = text before ':'
  g.successors(u) / g.predecessors(v): neighbour ids (the graph is complete: every ordered pair is a link)
  g.edge(u, v): { cost ($/GB egress), throughputGbps } or undefined
  info: { dataVolGb, numVms (2), ingressLimitGbps / egressLimitGbps per provider for a region, vmPricePerHour (0.54) }
A Map or an object keyed "0".."P-1" is accepted in place of the list of partitions.

Cost of one configuration (the simulator of the ADRS leaderboard): the links used form a transfer graph; a link used by
k distinct partitions (over all destinations) costs k * (dataVolGb/numPartitions) * cost. Each link's flow starts at its
throughput; visiting regions in first-use order, if a region's summed inbound (outbound) flow exceeds its provider's
ingress (egress) limit, each inbound (outbound) link is capped at limit / (number of such links). A destination's time is
the max over its listed hops of k * (dataVolGb/numPartitions) * 8 / flow; T = the max over destinations, rounded to
0.01 s. VM cost = numVms * (0.54 / 3600) * T per region in the transfer graph. Cost = egress + VM cost.
Fewer, cheaper links shared by many destinations (for example one inter-cloud crossing, then cheap intra-cloud fan-out)
cost less; egress dominates.

Rules (any break makes the evaluation invalid): exactly the given destinations, each with numPartitions non-empty
lists; every hop is a link of g; for each partition, the union of its hops over all destinations must contain a
directed path from src to every destination (a shared tree may be listed once). An instance is a suite of five
configurations (three intra-cloud, two inter-cloud), summed: score = 100 * (LOWER - cost) / (LOWER - UPPER) clamped to
[0, 100], with LOWER ~ the cost of sending every partition directly and UPPER ~ 52% of it (the leaderboard anchors
1199.00 and 626.24 for the real suite). The task score is the mean over suites; higher is better.
Inputs are frozen (copy before changing). No I/O or timers; be deterministic and fast (well under a second per call).`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('cloudcast');
  return {
    'dijkstra-seed': read(
      'dijkstra-seed',
      'dijkstra-seed.ts',
      'cheapest path per destination, all partitions on it (the reference seed; 26.737 on the real suite)',
    ),
    'human-sota': read(
      'human-sota',
      'steiner-arborescence.ts',
      'minimum-cost Steiner arborescence (the Cloudcast idea, solved exactly by Dreyfus-Wagner), all partitions on it',
    ),
    'direct-replication': read(
      'direct-replication',
      'direct-replication.ts',
      'every partition straight to every destination (the 0-point anchor; 1199.17 on the real suite)',
    ),
  };
}

function instanceData(id: string, graph: GraphData, configs: CloudcastConfig[]): CloudcastInstanceData {
  // Copies: nothing the loop does with instance data can reach the scorer's own configs.
  return { suite: id, graph: structuredClone(graph), configs: structuredClone(configs) };
}

export function createCloudcastTask(options: CloudcastTaskOptions = {}): Task {
  const dir = resolveCaseData('cloudcast', THROUGHPUT_FILE, options.dataDir);
  const base = options.dataSeed ?? DEFAULT_DATA_SEED;
  const graphData = dir ? loadRealGraph(dir) : syntheticGraph(base);
  const graph = new RegionGraph(graphData);
  const suites: Suite[] = [];
  const split = new Map<string, Split>();
  if (dir) {
    const configs = loadRealConfigs(dir, graphData);
    suites.push({
      id: LEADERBOARD_ID,
      graph,
      configs,
      lower: LEADERBOARD_LOWER_COST,
      upper: LEADERBOARD_UPPER_COST,
      directCost: directCost(graph, configs),
    });
    split.set(LEADERBOARD_ID, 'train');
  }
  const trainSynthetic = dir ? TRAIN_SUITES_REAL : TRAIN_SUITES_SYNTHETIC;
  for (let k = 0; k < trainSynthetic + TEST_SUITES; k++) {
    const seed = base + k;
    const id = `suite-${seed}`;
    suites.push(syntheticSuiteAnchors(graph, id, syntheticSuite(graphData, seed)));
    split.set(id, k < trainSynthetic ? 'train' : 'test');
  }
  const byId = new Map(suites.map((s) => [s.id, s]));
  const scoring: ScoreOptions = { strictPaths: options.strictPaths, treeAwareTime: options.treeAwareTime };
  const last = base + trainSynthetic + TEST_SUITES - 1;
  return {
    name: 'cloudcast',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'dijkstra-seed',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 5000, memoryMb: 128 },
    dataSource: dir
      ? `real region graph and the 5 leaderboard configs from ${dir}; synthetic suites seeds ${base}..${last} over that graph`
      : `synthetic region graph (seed ${base}) and synthetic suites seeds ${base}..${last}`,
    instances: (s: Split): Instance[] =>
      suites
        .filter((suite) => split.get(suite.id) === s)
        .map((suite) => ({ id: suite.id, split: s, data: instanceData(suite.id, graphData, suite.configs) })),
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'cloudcast', 'harness.ts') },
      score(instance, output): InstanceResult {
        // Scored on the task's own graph and configs, never on what the program saw.
        const suite = byId.get(instance.id);
        if (!suite) throw new Error(`unknown cloudcast instance ${instance.id}`);
        return scoreSuite(suite, output, scoring);
      },
    },
  };
}
