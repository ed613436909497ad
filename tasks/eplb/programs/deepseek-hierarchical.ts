// EPLB: expert-parallel load balancing for a Mixture-of-Experts model.
// DeepSeek's hierarchical balancer (as ported to vLLM), written from the case
// spec: pack expert groups onto nodes, replicate hot experts inside each node,
// then pack the replicas onto the node's GPUs. Arithmetic is float32
// (Math.fround) and the descending sorts follow PyTorch's CPU sort
// (libstdc++ introsort, not stable) so that the placements equal the reference.

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

/** 'introsort' = PyTorch's tie order (the reference); 'stable' = ties keep index order. */
const TIE_RULE: string = 'introsort';
const INSERTION_THRESHOLD = 16;

// ---- Descending sort of (key, index) pairs with libstdc++ std::sort's exact tie order ----
function swap(k: Float64Array, v: Int32Array, i: number, j: number): void {
  const tk = k[i]!;
  k[i] = k[j]!;
  k[j] = tk;
  const tv = v[i]!;
  v[i] = v[j]!;
  v[j] = tv;
}

function linearInsert(k: Float64Array, v: Int32Array, last: number): void {
  const vk = k[last]!;
  const vv = v[last]!;
  let next = last - 1;
  while (vk > k[next]!) {
    k[last] = k[next]!;
    v[last] = v[next]!;
    last = next;
    next--;
  }
  k[last] = vk;
  v[last] = vv;
}

function insertionSort(k: Float64Array, v: Int32Array, first: number, last: number): void {
  for (let i = first + 1; i < last; i++) {
    if (k[i]! > k[first]!) {
      const vk = k[i]!;
      const vv = v[i]!;
      for (let j = i; j > first; j--) {
        k[j] = k[j - 1]!;
        v[j] = v[j - 1]!;
      }
      k[first] = vk;
      v[first] = vv;
    } else linearInsert(k, v, i);
  }
}

function adjustHeap(
  k: Float64Array,
  v: Int32Array,
  first: number,
  hole: number,
  len: number,
  vk: number,
  vv: number,
): void {
  const top = hole;
  let second = hole;
  while (second < (len - 1) >> 1) {
    second = 2 * (second + 1);
    if (k[first + second]! > k[first + second - 1]!) second--;
    k[first + hole] = k[first + second]!;
    v[first + hole] = v[first + second]!;
    hole = second;
  }
  if ((len & 1) === 0 && second === (len - 2) >> 1) {
    second = 2 * (second + 1);
    k[first + hole] = k[first + second - 1]!;
    v[first + hole] = v[first + second - 1]!;
    hole = second - 1;
  }
  let parent = (hole - 1) >> 1;
  while (hole > top && k[first + parent]! > vk) {
    k[first + hole] = k[first + parent]!;
    v[first + hole] = v[first + parent]!;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  k[first + hole] = vk;
  v[first + hole] = vv;
}

function heapSort(k: Float64Array, v: Int32Array, first: number, last: number): void {
  const len = last - first;
  if (len >= 2) {
    for (let parent = (len - 2) >> 1; parent >= 0; parent--)
      adjustHeap(k, v, first, parent, len, k[first + parent]!, v[first + parent]!);
  }
  while (last - first > 1) {
    last--;
    const vk = k[last]!;
    const vv = v[last]!;
    k[last] = k[first]!;
    v[last] = v[first]!;
    adjustHeap(k, v, first, 0, last - first, vk, vv);
  }
}

function moveMedianToFirst(k: Float64Array, v: Int32Array, result: number, a: number, b: number, c: number): void {
  if (k[a]! > k[b]!) {
    if (k[b]! > k[c]!) swap(k, v, result, b);
    else if (k[a]! > k[c]!) swap(k, v, result, c);
    else swap(k, v, result, a);
  } else if (k[a]! > k[c]!) swap(k, v, result, a);
  else if (k[b]! > k[c]!) swap(k, v, result, c);
  else swap(k, v, result, b);
}

function introsortLoop(k: Float64Array, v: Int32Array, first: number, last: number, depth: number): void {
  while (last - first > INSERTION_THRESHOLD) {
    if (depth === 0) {
      heapSort(k, v, first, last);
      return;
    }
    depth--;
    moveMedianToFirst(k, v, first, first + 1, first + ((last - first) >> 1), last - 1);
    let lo = first + 1;
    let hi = last;
    for (;;) {
      while (k[lo]! > k[first]!) lo++;
      hi--;
      while (k[first]! > k[hi]!) hi--;
      if (!(lo < hi)) break;
      swap(k, v, lo, hi);
      lo++;
    }
    introsortLoop(k, v, lo, last, depth);
    last = lo;
  }
}

/** Indices of keys[0..n) ordered by descending key. */
function sortDescending(keys: ArrayLike<number>, n: number): Int32Array {
  const k = new Float64Array(n);
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    k[i] = keys[i]!;
    v[i] = i;
  }
  if (TIE_RULE === 'stable') {
    const order = Array.from(v).sort((a, b) => k[b]! - k[a]! || a - b);
    return Int32Array.from(order);
  }
  if (n < 2) return v;
  let lg = 0;
  while (2 ** (lg + 1) <= n) lg++;
  introsortLoop(k, v, 0, n, 2 * lg);
  if (n > INSERTION_THRESHOLD) {
    insertionSort(k, v, 0, INSERTION_THRESHOLD);
    for (let i = INSERTION_THRESHOLD; i < n; i++) linearInsert(k, v, i);
  } else insertionSort(k, v, 0, n);
  return v;
}

// EVOLVE-BLOCK-START
/**
 * Packs n weighted items into m packs of exactly n/m items: heaviest first,
 * each into the lightest pack that still has room (lowest index on ties).
 */
function balancedPacking(weights: ArrayLike<number>, n: number, m: number, pack: Int32Array, rank: Int32Array): void {
  const perPack = n / m;
  if (perPack === 1) {
    for (let j = 0; j < n; j++) {
      pack[j] = j;
      rank[j] = 0;
    }
    return;
  }
  const order = sortDescending(weights, n);
  const packWeight = new Float64Array(m);
  const packItems = new Int32Array(m);
  for (let t = 0; t < n; t++) {
    const item = order[t]!;
    let best = -1;
    for (let p = 0; p < m; p++) {
      if (packItems[p]! < perPack && (best < 0 || packWeight[p]! < packWeight[best]!)) best = p;
    }
    pack[item] = best;
    rank[item] = packItems[best]!;
    packWeight[best] = Math.fround(packWeight[best]! + weights[item]!);
    packItems[best]!++;
  }
}

/**
 * Gives each of n experts one replica, then each further slot (up to k) to
 * the expert with the highest load per replica (first index on ties).
 */
function replicate(
  weights: ArrayLike<number>,
  n: number,
  k: number,
  phy2log: Int32Array,
  rank: Int32Array,
  count: Int32Array,
): void {
  for (let j = 0; j < n; j++) {
    phy2log[j] = j;
    rank[j] = 0;
    count[j] = 1;
  }
  for (let i = n; i < k; i++) {
    let best = 0;
    let bestValue = Math.fround(weights[0]! / count[0]!);
    for (let j = 1; j < n; j++) {
      const value = Math.fround(weights[j]! / count[j]!);
      if (value > bestValue) {
        best = j;
        bestValue = value;
      }
    }
    phy2log[i] = best;
    rank[i] = count[best]!;
    count[best]!++;
  }
}

export function rebalanceExperts(inp: EplbInput): EplbOutput {
  const L = inp.numLayers;
  const E = inp.numLogical;
  const R = inp.numReplicas;
  const hierarchical = inp.numGroups % inp.numNodes === 0;
  const groups = hierarchical ? inp.numGroups : 1;
  const nodes = hierarchical ? inp.numNodes : 1;
  const groupSize = E / groups;
  const groupsPerNode = groups / nodes;
  const perNode = E / nodes; // logical experts per node
  const slotsPerNode = R / nodes;
  const gpusPerNode = inp.numGpus / nodes;
  const slotsPerGpu = R / inp.numGpus;
  const X = R - E + 1;

  const phy2log = new Int32Array(L * R);
  const phyRank = new Int32Array(L * R);
  const logcnt = new Int32Array(L * E);
  const log2phy = new Int32Array(L * E * X).fill(-1);

  const weight = new Float64Array(E);
  const groupWeight = new Float64Array(groups);
  const groupPack = new Int32Array(groups);
  const groupRank = new Int32Array(groups);
  const log2mlog = new Int32Array(E);
  const mlog2log = new Int32Array(E);
  const mlogWeight = new Float64Array(perNode);
  const mlogCount = new Int32Array(E);
  const phy2mlog = new Int32Array(slotsPerNode);
  const replicaRank = new Int32Array(slotsPerNode);
  const count = new Int32Array(perNode);
  const replicaWeight = new Float64Array(slotsPerNode);
  const gpuOf = new Int32Array(slotsPerNode);
  const posOnGpu = new Int32Array(slotsPerNode);

  for (let l = 0; l < L; l++) {
    for (let e = 0; e < E; e++) weight[e] = Math.fround(inp.load[l * E + e]!);
    // Step 1: expert groups onto nodes, balancing the groups' total load.
    for (let q = 0; q < groups; q++) {
      let s = 0;
      for (let o = 0; o < groupSize; o++) s = Math.fround(s + weight[q * groupSize + o]!);
      groupWeight[q] = s;
    }
    balancedPacking(groupWeight, groups, nodes, groupPack, groupRank);
    for (let e = 0; e < E; e++) {
      const q = Math.floor(e / groupSize);
      const meta = (groupPack[q]! * groupsPerNode + groupRank[q]!) * groupSize + (e % groupSize);
      log2mlog[e] = meta;
      mlog2log[meta] = e;
    }
    for (let node = 0; node < nodes; node++) {
      // Step 2: replicate the node's experts into its slots.
      for (let j = 0; j < perNode; j++) mlogWeight[j] = weight[mlog2log[node * perNode + j]!]!;
      replicate(mlogWeight, perNode, slotsPerNode, phy2mlog, replicaRank, count);
      // Step 3: pack the replicas (load / replica count) onto the node's GPUs.
      for (let i = 0; i < slotsPerNode; i++) {
        const j = phy2mlog[i]!;
        replicaWeight[i] = Math.fround(mlogWeight[j]! / count[j]!);
      }
      balancedPacking(replicaWeight, slotsPerNode, gpusPerNode, gpuOf, posOnGpu);
      for (let i = 0; i < slotsPerNode; i++) {
        const slot = l * R + node * slotsPerNode + gpuOf[i]! * slotsPerGpu + posOnGpu[i]!;
        phy2log[slot] = mlog2log[node * perNode + phy2mlog[i]!]!;
        phyRank[slot] = replicaRank[i]!;
      }
      for (let j = 0; j < perNode; j++) mlogCount[node * perNode + j] = count[j]!;
    }
    for (let e = 0; e < E; e++) logcnt[l * E + e] = mlogCount[log2mlog[e]!]!;
    for (let s = 0; s < R; s++) log2phy[(l * E + phy2log[l * R + s]!) * X + phyRank[l * R + s]!] = s;
  }
  return { phy2log, logcnt, log2phy, maxReplicasX: X };
}
// EVOLVE-BLOCK-END
