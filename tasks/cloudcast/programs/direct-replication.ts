// Cloudcast baseline: every partition goes straight from the source to each
// destination (no relays, no sharing). It defines the 0-point anchor.

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
export function searchAlgorithm(src: string, dsts: readonly string[], g: RegionGraph, numPartitions: number): Topology {
  const topology: Topology = {};
  for (const dst of dsts) {
    if (!g.edge(src, dst)) throw new Error(`no direct link ${src} -> ${dst}`);
    const lists: Hop[][] = [];
    for (let p = 0; p < numPartitions; p++) lists.push([[src, dst]]);
    topology[dst] = lists;
  }
  return topology;
}
// EVOLVE-BLOCK-END
