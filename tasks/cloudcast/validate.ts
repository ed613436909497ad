// Validity rules (spec section 4.3), applied to the untrusted topology before simulating.
import type { CloudcastConfig, HarnessTopology } from './contract.js';
import type { RegionGraph } from './graph.js';
import type { ParsedTopology } from './simulator.js';

export interface ValidateOptions {
  /** skydiscover's rule: every list is a contiguous chain from the source to its destination. */
  strictPaths?: boolean;
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/**
 * Checks (a) every hop is an edge of the region graph, (b) the destination set
 * is exactly the config's and each destination has numPartitions non-empty
 * lists, (c) for every partition the union of its hops over all destinations
 * holds a directed path from the source to every destination (data is
 * delivered), and optionally (d) strict contiguity. Returns the parsed topology
 * or the first broken rule.
 */
export function validateTopology(
  g: RegionGraph,
  config: CloudcastConfig,
  topology: HarnessTopology,
  options: ValidateOptions = {},
): ParsedTopology | { error: string } {
  if ('error' in topology) return { error: topology.error };
  const P = config.numPartitions;
  const wanted = new Set(config.destinations);
  const seen = new Set<string>();
  const dsts: number[] = [];
  const paths: Int32Array[][] = [];
  for (const [key, lists] of topology.entries) {
    if (!wanted.has(key)) {
      return { error: `the topology has an entry for ${show(key)}, which is not a destination of this configuration` };
    }
    if (seen.has(key)) return { error: `destination ${key} appears twice` };
    seen.add(key);
    if (typeof lists === 'string') return { error: `destination ${key}: ${lists}` };
    if (!Array.isArray(lists)) return { error: `destination ${key}: expected a list of ${P} partition paths` };
    if (lists.length !== P) {
      return {
        error: `destination ${key}: ${lists.length} partition paths, expected exactly ${P} (partitions 0..${P - 1})`,
      };
    }
    const perPartition: Int32Array[] = [];
    for (let p = 0; p < P; p++) {
      const hops: unknown = lists[p];
      if (typeof hops === 'string') return { error: `destination ${key}, partition ${p}: ${hops}` };
      if (!Array.isArray(hops))
        return { error: `destination ${key}, partition ${p}: missing (expected a list of hops)` };
      if (hops.length === 0)
        return { error: `destination ${key}, partition ${p}: empty path (every partition must be delivered)` };
      const ids = new Int32Array(hops.length);
      for (let h = 0; h < hops.length; h++) {
        const hop: unknown = hops[h];
        if (!Array.isArray(hop) || typeof hop[0] !== 'string' || typeof hop[1] !== 'string') {
          return {
            error: `destination ${key}, partition ${p}, hop ${h}: expected [from, to] region names, got ${show(hop)}`,
          };
        }
        const u = g.index.get(hop[0]);
        const v = g.index.get(hop[1]);
        if (u === undefined || v === undefined) {
          const bad = u === undefined ? hop[0] : hop[1];
          return { error: `destination ${key}, partition ${p}, hop ${h}: ${show(bad)} is not a region of the graph` };
        }
        const e = u === v ? -1 : g.edge(u, v);
        if (e < 0)
          return {
            error: `destination ${key}, partition ${p}, hop ${h}: ${hop[0]} -> ${hop[1]} is not an edge of the graph`,
          };
        ids[h] = e;
      }
      if (options.strictPaths) {
        const broken = contiguity(g, config.source, key, ids);
        if (broken) return { error: `destination ${key}, partition ${p}: ${broken}` };
      }
      perPartition.push(ids);
    }
    dsts.push(g.index.get(key)!);
    paths.push(perPartition);
  }
  const missing = config.destinations.filter((d) => !seen.has(d));
  if (missing.length > 0)
    return { error: `no paths for destination${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  const undelivered = reachability(g, config, dsts, paths);
  if (undelivered) return { error: undelivered };
  return { dsts, paths };
}

function contiguity(g: RegionGraph, source: string, dst: string, ids: Int32Array): string | undefined {
  let at = g.index.get(source)!;
  for (let h = 0; h < ids.length; h++) {
    const e = ids[h]!;
    if (g.edgeSrc[e] !== at) {
      return `hop ${h} starts at ${g.nodes[g.edgeSrc[e]!]}, not at ${g.nodes[at]} (strict paths must be contiguous from the source)`;
    }
    at = g.edgeDst[e]!;
  }
  return g.nodes[at] === dst ? undefined : `the path ends at ${g.nodes[at]}, not at the destination`;
}

/** Rule (c): per partition, a directed path from the source to each destination in the union of its hops. */
function reachability(
  g: RegionGraph,
  config: CloudcastConfig,
  dsts: number[],
  paths: Int32Array[][],
): string | undefined {
  const n = g.nodes.length;
  const src = g.index.get(config.source)!;
  const reached = new Uint8Array(n);
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < config.numPartitions; p++) {
    for (const list of adj) list.length = 0;
    for (const perDst of paths) for (const e of perDst[p]!) adj[g.edgeSrc[e]!]!.push(g.edgeDst[e]!);
    reached.fill(0);
    reached[src] = 1;
    const stack = [src];
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (const v of adj[u]!) {
        if (!reached[v]) {
          reached[v] = 1;
          stack.push(v);
        }
      }
    }
    for (const d of dsts) {
      if (!reached[d]) {
        return `partition ${p} never reaches ${g.nodes[d]}: its hops (over all destinations) hold no path from the source ${config.source}`;
      }
    }
  }
  return undefined;
}
