// Cloudcast, the human approach: one minimum-cost Steiner arborescence rooted at
// the source (relays allowed, so an expensive inter-cloud crossing is paid once
// and fanned out over cheap links), every partition sent along it. The Cloudcast
// paper (NSDI'24) finds such trees with an ILP; with at most a handful of
// destinations the Dreyfus-Wagner dynamic program finds the cost-optimal tree
// exactly, which is what this program does (egress price only; VM time ignored).

interface EdgeData {
  readonly cost: number;
  readonly throughputGbps: number;
}

interface RegionGraph {
  readonly nodes: readonly string[];
  successors(u: string): readonly string[];
  predecessors(v: string): readonly string[];
  edge(u: string, v: string): EdgeData | undefined;
}

type Hop = [from: string, to: string];
type Topology = Record<string, Hop[][]>;

// EVOLVE-BLOCK-START
const NONE = -1;

export function searchAlgorithm(src: string, dsts: readonly string[], g: RegionGraph, numPartitions: number): Topology {
  const names = g.nodes;
  const n = names.length;
  const id = new Map<string, number>();
  names.forEach((name, i) => id.set(name, i));
  const root = id.get(src)!;
  // Reverse adjacency with weights (edges into the source are never useful).
  const predOf: number[][] = [];
  const predCost: number[][] = [];
  for (let v = 0; v < n; v++) {
    predOf.push([]);
    predCost.push([]);
  }
  for (let u = 0; u < n; u++) {
    for (const vName of g.successors(names[u]!)) {
      const v = id.get(vName)!;
      if (v === root) continue;
      predOf[v]!.push(u);
      predCost[v]!.push(g.edge(names[u]!, vName)!.cost);
    }
  }
  const k = dsts.length;
  const full = (1 << k) - 1;
  // dp[S * n + v]: cheapest arborescence rooted at v reaching the terminals in S.
  const dp = new Float64Array((full + 1) * n).fill(Infinity);
  // How dp[S][v] was reached: a split (subset) or a first edge v -> next.
  const split = new Int32Array((full + 1) * n).fill(NONE);
  const next = new Int32Array((full + 1) * n).fill(NONE);
  for (let t = 0; t < k; t++) dp[(1 << t) * n + id.get(dsts[t]!)!] = 0;
  const done = new Uint8Array(n);
  for (let S = 1; S <= full; S++) {
    const row = S * n;
    for (let A = (S - 1) & S; A > 0; A = (A - 1) & S) {
      if (A < (S ^ A)) continue; // each unordered split once
      const rowA = A * n;
      const rowB = (S ^ A) * n;
      for (let v = 0; v < n; v++) {
        const c = dp[rowA + v]! + dp[rowB + v]!;
        if (c < dp[row + v]!) {
          dp[row + v] = c;
          split[row + v] = A;
          next[row + v] = NONE;
        }
      }
    }
    // Dijkstra backwards: dp[S][u] <= cost(u, v) + dp[S][v].
    done.fill(0);
    for (;;) {
      let v = NONE;
      for (let x = 0; x < n; x++)
        if (!done[x] && dp[row + x]! < Infinity && (v === NONE || dp[row + x]! < dp[row + v]!)) v = x;
      if (v === NONE) break;
      done[v] = 1;
      const preds = predOf[v]!;
      for (let i = 0; i < preds.length; i++) {
        const u = preds[i]!;
        const c = predCost[v]![i]! + dp[row + v]!;
        if (c < dp[row + u]!) {
          dp[row + u] = c;
          next[row + u] = v;
          split[row + u] = NONE;
        }
      }
    }
  }
  if (!(dp[full * n + root]! < Infinity)) throw new Error('no arborescence reaches every destination');
  // Collect the tree's edges, then route each destination along it from the source.
  const children: number[][] = [];
  for (let v = 0; v < n; v++) children.push([]);
  const stack: [number, number][] = [[full, root]];
  while (stack.length > 0) {
    const [S, v] = stack.pop()!;
    const at = S * n + v;
    if (next[at] !== NONE) {
      if (!children[v]!.includes(next[at]!)) children[v]!.push(next[at]!);
      stack.push([S, next[at]!]);
    } else if (split[at] !== NONE) {
      stack.push([split[at]!, v], [S ^ split[at]!, v]);
    }
  }
  const parent = new Int32Array(n).fill(NONE);
  const queue = [root];
  parent[root] = root;
  for (let q = 0; q < queue.length; q++) {
    for (const c of children[queue[q]!]!) {
      if (parent[c] === NONE) {
        parent[c] = queue[q]!;
        queue.push(c);
      }
    }
  }
  const topology: Topology = {};
  for (const dst of dsts) {
    const hops: Hop[] = [];
    for (let v = id.get(dst)!; v !== root; v = parent[v]!) hops.push([names[parent[v]!]!, names[v]!]);
    hops.reverse();
    const lists: Hop[][] = [];
    for (let p = 0; p < numPartitions; p++) lists.push(hops.slice());
    topology[dst] = lists;
  }
  return topology;
}
// EVOLVE-BLOCK-END
