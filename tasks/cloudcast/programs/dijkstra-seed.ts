// Cloudcast: deliver a data object from one cloud region to every destination
// region at minimum dollar cost (egress $/GB on every used link + VM time in
// every region touched). The object is split into numPartitions stripes; for
// each destination and partition, return the chain of hops it travels.

interface EdgeData {
  readonly cost: number; // $/GB egress
  readonly throughputGbps: number; // measured, for the region's VMs
}

interface RegionGraph {
  readonly nodes: readonly string[];
  successors(u: string): readonly string[];
  predecessors(v: string): readonly string[];
  edge(u: string, v: string): EdgeData | undefined;
}

interface CloudcastInfo {
  readonly dataVolGb: number;
  readonly numVms: number;
  readonly ingressLimitGbps: Readonly<Record<string, number>>;
  readonly egressLimitGbps: Readonly<Record<string, number>>;
  readonly vmPricePerHour: number;
}

type Hop = [from: string, to: string];
type Topology = Record<string, Hop[][]>;

// Binary min-heap on (distance, push counter): pops in exactly the order of
// Python's heapq over (distance, counter, node) tuples.
class Heap {
  private readonly d: number[] = [];
  private readonly c: number[] = [];
  private readonly v: string[] = [];
  get size(): number {
    return this.d.length;
  }
  private less(i: number, j: number): boolean {
    return this.d[i]! < this.d[j]! || (this.d[i] === this.d[j] && this.c[i]! < this.c[j]!);
  }
  private swap(i: number, j: number): void {
    [this.d[i], this.d[j]] = [this.d[j]!, this.d[i]!];
    [this.c[i], this.c[j]] = [this.c[j]!, this.c[i]!];
    [this.v[i], this.v[j]] = [this.v[j]!, this.v[i]!];
  }
  push(dist: number, counter: number, node: string): void {
    this.d.push(dist);
    this.c.push(counter);
    this.v.push(node);
    for (let i = this.d.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }
  pop(): [number, string] {
    const top: [number, string] = [this.d[0]!, this.v[0]!];
    const last = this.d.length - 1;
    this.swap(0, last);
    this.d.pop();
    this.c.pop();
    this.v.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.d.length && this.less(l, m)) m = l;
      if (r < this.d.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/**
 * networkx's Dijkstra from src to dst: a node's tentative distance and
 * predecessor change only on a strictly smaller distance; stops when dst is
 * popped. Edges into src are skipped (the reference deletes them first).
 */
function dijkstraPath(
  g: RegionGraph,
  src: string,
  dst: string,
  weight: (u: string, v: string, e: EdgeData) => number,
): string[] {
  const final = new Map<string, number>();
  const seen = new Map<string, number>([[src, 0]]);
  const pred = new Map<string, string>();
  const heap = new Heap();
  let counter = 0;
  heap.push(0, counter++, src);
  while (heap.size > 0) {
    const [d, v] = heap.pop();
    if (final.has(v)) continue;
    final.set(v, d);
    if (v === dst) break;
    for (const u of g.successors(v)) {
      if (u === src) continue;
      const vu = d + weight(v, u, g.edge(v, u)!);
      if (final.has(u)) continue;
      const old = seen.get(u);
      if (old === undefined || vu < old) {
        seen.set(u, vu);
        heap.push(vu, counter++, u);
        pred.set(u, v);
      }
    }
  }
  if (!final.has(dst)) throw new Error(`no path from ${src} to ${dst}`);
  const path = [dst];
  while (path[path.length - 1] !== src) path.push(pred.get(path[path.length - 1]!)!);
  return path.reverse();
}

/** Key of the directed link u -> v in a set of used links. */
function linkKey(u: string, v: string): string {
  return u + '>' + v;
}

/** Records every link of a node path as used. */
function markUsed(used: Set<string>, path: readonly string[]): void {
  for (let i = 0; i + 1 < path.length; i++) used.add(linkKey(path[i]!, path[i + 1]!));
}

/** Every partition of a destination travels that destination's node path. */
function toTopology(routes: ReadonlyMap<string, readonly string[]>, numPartitions: number): Topology {
  const topology: Topology = {};
  for (const [dst, path] of routes) {
    const lists: Hop[][] = [];
    for (let p = 0; p < numPartitions; p++) {
      const hops: Hop[] = [];
      for (let i = 0; i + 1 < path.length; i++) hops.push([path[i]!, path[i + 1]!]);
      lists.push(hops);
    }
    topology[dst] = lists;
  }
  return topology;
}

// EVOLVE-BLOCK-START
// Cheapest path per destination by egress price; every partition of a
// destination takes that same path. The knobs below reproduce the reference
// seed exactly at these values: a link already chosen for an earlier
// destination costs REUSE_FACTOR x its price, slow links cost
// THROUGHPUT_WEIGHT / throughput extra, and every hop HOP_PENALTY extra.
const REUSE_FACTOR = 1.0;
const THROUGHPUT_WEIGHT = 0.0;
const HOP_PENALTY = 0.0;

function linkWeight(u: string, v: string, e: EdgeData, used: ReadonlySet<string>): number {
  let w = e.cost;
  if (used.has(linkKey(u, v))) {
    w = w * REUSE_FACTOR;
  }
  w = w + THROUGHPUT_WEIGHT / e.throughputGbps;
  w = w + HOP_PENALTY;
  return w;
}

export function searchAlgorithm(
  src: string,
  dsts: readonly string[],
  g: RegionGraph,
  numPartitions: number,
  _info?: CloudcastInfo,
): Topology {
  const used = new Set<string>();
  const routes = new Map<string, string[]>();
  for (const dst of dsts) {
    const path = dijkstraPath(g, src, dst, (u, v, e) => linkWeight(u, v, e, used));
    routes.set(dst, path);
    markUsed(used, path);
  }
  return toTopology(routes, numPartitions);
}
// EVOLVE-BLOCK-END
