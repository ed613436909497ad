// The region graph on the host: node and edge indices in networkx insertion order.
import type { GraphData } from './contract.js';

/** One measured (or generated) directed link before indexing. */
export interface EdgeRow {
  src: string;
  dst: string;
  cost: number;
  throughputGbps: number;
}

export class RegionGraph {
  readonly nodes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly edgeSrc: Int32Array;
  readonly edgeDst: Int32Array;
  readonly cost: Float64Array;
  readonly throughput: Float64Array;
  /** Out-edge ids of each node in insertion order (networkx successor order). */
  readonly out: readonly Int32Array[];
  private readonly lookup: Int32Array;

  constructor(data: GraphData) {
    const n = data.nodes.length;
    const m = data.edges.length / 4;
    if (!Number.isInteger(m)) throw new Error('graph edges must hold 4 numbers per edge');
    this.nodes = [...data.nodes];
    this.index = new Map(data.nodes.map((name, i) => [name, i]));
    if (this.index.size !== n) throw new Error('graph nodes must be distinct');
    this.edgeSrc = new Int32Array(m);
    this.edgeDst = new Int32Array(m);
    this.cost = new Float64Array(m);
    this.throughput = new Float64Array(m);
    this.lookup = new Int32Array(n * n).fill(-1);
    const outLists: number[][] = Array.from({ length: n }, () => []);
    for (let e = 0; e < m; e++) {
      const u = data.edges[4 * e]!;
      const v = data.edges[4 * e + 1]!;
      if (!Number.isInteger(u) || !Number.isInteger(v) || u < 0 || v < 0 || u >= n || v >= n || u === v) {
        throw new Error(`graph edge ${e}: bad endpoints ${u} -> ${v}`);
      }
      if (this.lookup[u * n + v] !== -1)
        throw new Error(`graph edge ${e}: duplicate ${data.nodes[u]} -> ${data.nodes[v]}`);
      this.edgeSrc[e] = u;
      this.edgeDst[e] = v;
      this.cost[e] = data.edges[4 * e + 2]!;
      this.throughput[e] = data.edges[4 * e + 3]!;
      this.lookup[u * n + v] = e;
      outLists[u]!.push(e);
    }
    this.out = outLists.map((l) => Int32Array.from(l));
  }

  get edgeCount(): number {
    return this.edgeSrc.length;
  }

  /** Edge id of u -> v, or -1. */
  edge(u: number, v: number): number {
    return this.lookup[u * this.nodes.length + v]!;
  }
}

/**
 * networkx DiGraph semantics for a row stream: self pairs skipped, nodes in
 * first-appearance order (source, then destination), a repeated pair keeps its
 * first position and takes the last values.
 */
export function graphFromRows(rows: readonly EdgeRow[]): GraphData {
  const nodes: string[] = [];
  const index = new Map<string, number>();
  const id = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = nodes.length;
      index.set(name, i);
      nodes.push(name);
    }
    return i;
  };
  const pos = new Map<string, number>();
  const edges: number[] = [];
  for (const r of rows) {
    if (r.src === r.dst) continue;
    const u = id(r.src);
    const v = id(r.dst);
    const key = `${u},${v}`;
    const at = pos.get(key);
    if (at === undefined) {
      pos.set(key, edges.length / 4);
      edges.push(u, v, r.cost, r.throughputGbps);
    } else {
      edges[4 * at + 2] = r.cost;
      edges[4 * at + 3] = r.throughputGbps;
    }
  }
  return { nodes, edges };
}
