// EPLB: expert-parallel load balancing for a Mixture-of-Experts model.
// Starting point: load-blind round-robin. Every expert gets the same number of
// replicas (the first experts one more when the slots do not divide evenly)
// and replicas are dealt to the GPUs in turn. The switches below turn on
// load-aware replication and placement; as shipped they are all off.

interface EplbInput {
  readonly numLayers: number; // L
  readonly numLogical: number; // E logical experts per layer
  readonly load: Float64Array; // L*E token counts of the last window, row-major
  readonly numReplicas: number; // R physical slots per layer (288)
  readonly numGroups: number; // expert groups (8), contiguous
  readonly numNodes: number; // 4
  readonly numGpus: number; // 32; slot s is on GPU floor(s / (R / numGpus))
}

interface EplbOutput {
  phy2log: Int32Array; // L*R: logical expert held by each slot
  logcnt: Int32Array; // L*E: replica count of each expert
  log2phy: Int32Array; // L*E*X: slots of each expert, first logcnt used, rest -1
  maxReplicasX: number; // X
}

// EVOLVE-BLOCK-START
/** > 0.5: extra replicas go to the experts with the most load per replica; otherwise round-robin. */
const REPLICATE_BY_LOAD = 0;
/** > 0.5: deal the heaviest replicas first; otherwise in expert order. */
const DEAL_HEAVIEST_FIRST = 0;
/** > 0.5: reverse the GPU order on every other dealing round (a "snake"). */
const SNAKE_ROUNDS = 0;

/** Priority of giving expert one more replica; the highest wins (first expert on ties). */
function replicaPriority(load: number, replicas: number): number {
  if (REPLICATE_BY_LOAD > 0.5) return load / replicas;
  return 1 / replicas;
}

export function rebalanceExperts(inp: EplbInput): EplbOutput {
  const L = inp.numLayers;
  const E = inp.numLogical;
  const R = inp.numReplicas;
  const G = inp.numGpus;
  const X = R - E + 1;
  const phy2log = new Int32Array(L * R);
  const logcnt = new Int32Array(L * E);
  const log2phy = new Int32Array(L * E * X).fill(-1);
  const count = new Int32Array(E);
  const replicaExpert = new Int32Array(R);
  const replicaRank = new Int32Array(R);
  const replicaLoad = new Float64Array(R);
  for (let l = 0; l < L; l++) {
    const load = (e: number): number => inp.load[l * E + e]!;
    for (let e = 0; e < E; e++) count[e] = 1;
    for (let extra = E; extra < R; extra++) {
      let best = 0;
      for (let e = 1; e < E; e++) {
        if (replicaPriority(load(e), count[e]!) > replicaPriority(load(best), count[best]!)) best = e;
      }
      count[best]!++;
    }
    let n = 0;
    for (let e = 0; e < E; e++) {
      for (let r = 0; r < count[e]!; r++) {
        replicaExpert[n] = e;
        replicaRank[n] = r;
        replicaLoad[n] = load(e) / count[e]!;
        n++;
      }
    }
    const order = Array.from({ length: R }, (_, j) => j);
    if (DEAL_HEAVIEST_FIRST > 0.5) order.sort((a, b) => replicaLoad[b]! - replicaLoad[a]! || a - b);
    for (let j = 0; j < R; j++) {
      const round = Math.floor(j / G);
      let gpu = j % G;
      if (SNAKE_ROUNDS > 0.5 && round % 2 === 1) gpu = G - 1 - gpu;
      const slot = gpu * (R / G) + round;
      const replica = order[j]!;
      const e = replicaExpert[replica]!;
      phy2log[l * R + slot] = e;
      log2phy[(l * E + e) * X + replicaRank[replica]!] = slot;
    }
    for (let e = 0; e < E; e++) logcnt[l * E + e] = count[e]!;
  }
  return { phy2log, logcnt, log2phy, maxReplicasX: X };
}
// EVOLVE-BLOCK-END
