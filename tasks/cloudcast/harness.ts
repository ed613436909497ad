// Runs inside the sandbox (bundled by esbuild with contract.ts). Builds the
// program's read-only view of the region graph, calls
// searchAlgorithm(src, dsts, g, numPartitions, info) once per configuration of
// the suite, and copies each answer out as plain data. It judges nothing: the
// host validates and simulates from its own copy of the instance.
import type { Harness } from '../../src/core/task.js';
import {
  effectiveLimits,
  MAX_HOPS_PER_CONFIG,
  NUM_VMS,
  VM_PRICE_PER_HOUR,
  type CloudcastInstanceData,
  type GraphData,
  type HarnessOutput,
  type HarnessTopology,
} from './contract.js';

interface EdgeView {
  readonly cost: number;
  readonly throughputGbps: number;
}

const EMPTY: readonly string[] = Object.freeze([]);

function graphView(data: GraphData): object {
  const succ = new Map<string, string[]>();
  const pred = new Map<string, string[]>();
  const edges = new Map<string, Map<string, EdgeView>>();
  for (const name of data.nodes) {
    succ.set(name, []);
    pred.set(name, []);
    edges.set(name, new Map());
  }
  for (let e = 0; e < data.edges.length; e += 4) {
    const u = data.nodes[data.edges[e]!]!;
    const v = data.nodes[data.edges[e + 1]!]!;
    succ.get(u)!.push(v);
    pred.get(v)!.push(u);
    edges.get(u)!.set(v, Object.freeze({ cost: data.edges[e + 2]!, throughputGbps: data.edges[e + 3]! }));
  }
  for (const l of succ.values()) Object.freeze(l);
  for (const l of pred.values()) Object.freeze(l);
  return Object.freeze({
    nodes: data.nodes,
    successors: (u: string): readonly string[] => succ.get(u) ?? EMPTY,
    predecessors: (v: string): readonly string[] => pred.get(v) ?? EMPTY,
    edge: (u: string, v: string): EdgeView | undefined => edges.get(u)?.get(v),
  });
}

/** Plain-data copy of one partition's hop list; strings only, anything else marked for the host. */
function copyHops(list: unknown, budget: { left: number }): unknown {
  if (!Array.isArray(list))
    return list === undefined || list === null ? null : `expected a list of hops, got ${typeof list}`;
  const out: unknown[] = [];
  for (let h = 0; h < list.length; h++) {
    if (--budget.left < 0) return `more than ${MAX_HOPS_PER_CONFIG} hops in one configuration`;
    const hop: unknown = list[h];
    if (Array.isArray(hop)) {
      const u: unknown = hop[0];
      const v: unknown = hop[1];
      out.push([
        typeof u === 'string' ? u : { notAString: typeof u },
        typeof v === 'string' ? v : { notAString: typeof v },
      ]);
    } else out.push({ notAHop: typeof hop });
  }
  return out;
}

/** Partition lists as an array: an array as is, or an object keyed "0".."P-1" (Python-style). */
function partitionLists(value: unknown, budget: { left: number }): unknown {
  let lists: unknown[];
  if (Array.isArray(value)) lists = value;
  else if (value !== null && typeof value === 'object' && !(value instanceof Map)) {
    const keys = Object.keys(value);
    if (!keys.every((k) => /^(0|[1-9]\d{0,5})$/.test(k))) {
      return 'partition paths must be a list, or an object keyed by partition index 0..P-1';
    }
    lists = [];
    for (const k of keys) lists[Number(k)] = (value as Record<string, unknown>)[k];
  } else return 'partition paths must be a list, or an object keyed by partition index 0..P-1';
  const out: unknown[] = [];
  for (let p = 0; p < lists.length; p++) {
    const hops = copyHops(lists[p], budget);
    if (typeof hops === 'string' && hops.startsWith('more than')) return hops;
    out.push(hops);
  }
  return out;
}

function copyTopology(result: unknown): HarnessTopology {
  if (result === null || typeof result !== 'object') {
    return {
      error: `searchAlgorithm must return an object from destination to partition paths, got ${result === null ? 'null' : typeof result}`,
    };
  }
  const pairs: [unknown, unknown][] =
    result instanceof Map
      ? Array.from(result.entries())
      : Object.keys(result).map((k) => [k, (result as Record<string, unknown>)[k]]);
  const budget = { left: MAX_HOPS_PER_CONFIG };
  const entries: [string, unknown][] = [];
  for (const [key, value] of pairs) {
    if (typeof key !== 'string') return { error: `topology keys must be destination names, got a ${typeof key}` };
    const lists = partitionLists(value, budget);
    if (typeof lists === 'string' && lists.startsWith('more than')) return { error: lists };
    entries.push([key, lists]);
  }
  return { entries };
}

type Search = (src: string, dsts: readonly string[], g: object, numPartitions: number, info: object) => unknown;

export const harness: Harness = (candidate, input) => {
  const search = candidate.searchAlgorithm;
  if (typeof search !== 'function') {
    throw new TypeError(
      'invalid output: the program must export a function searchAlgorithm(src, dsts, g, numPartitions, info)',
    );
  }
  const data = input as CloudcastInstanceData;
  const g = graphView(data.graph);
  const output: HarnessOutput = { topologies: [] };
  for (const config of data.configs) {
    const { ingress, egress } = effectiveLimits(config);
    const info = Object.freeze({
      dataVolGb: config.dataVolGb,
      numVms: NUM_VMS,
      ingressLimitGbps: Object.freeze(ingress),
      egressLimitGbps: Object.freeze(egress),
      vmPricePerHour: VM_PRICE_PER_HOUR,
    });
    const result = (search as Search)(config.source, config.destinations, g, config.numPartitions, info);
    output.topologies.push(copyTopology(result));
  }
  return output;
};
