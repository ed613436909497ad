// Load placement and balancedness (cases/eplb.md §2), computed in float64 in
// the spec's canonical order so that results are exact and machine-independent.
// Pure module: used by the host to score, never trusted from the sandbox.

/** The cluster of the reference evaluators. */
export const CLUSTER = { numReplicas: 288, numGroups: 8, numNodes: 4, numGpus: 32 } as const;
export const SLOTS_PER_GPU = CLUSTER.numReplicas / CLUSTER.numGpus;

/** A checked placement: per (layer, expert) the replica count and the slots listed for it. */
export interface Decisions {
  numLayers: number;
  numLogical: number;
  /** L*E replica counts. */
  logcnt: Int32Array;
  /** The listed slots of expert (l, e) are `slots[offsets[l*E+e] .. offsets[l*E+e+1])` (at most logcnt of them). */
  slots: Int32Array;
  offsets: Int32Array;
}

export interface Balance {
  balGpu: number;
  balExpert: number;
}

/**
 * Slot loads of one layer under the reference semantics: an expert's load is
 * split evenly over its `logcnt` replicas and added to the slots it lists;
 * negative slot ids wrap (-1 is the last slot); a slot listed twice by the
 * same expert receives the share once; experts without replicas drop their
 * load (the validity rules reject that whenever the load is positive).
 */
export function layerSlotLoads(
  d: Decisions,
  layer: number,
  load: Float64Array,
  out: Float64Array,
  stamp: Int32Array,
  stampBase: number,
): void {
  const R = out.length;
  out.fill(0);
  for (let e = 0; e < d.numLogical; e++) {
    const k = layer * d.numLogical + e;
    const x = load[k]!;
    const c = d.logcnt[k]!;
    if (x <= 0 || c <= 0) continue;
    const share = x / c;
    const mark = stampBase + e + 1;
    for (let i = d.offsets[k]!; i < d.offsets[k + 1]!; i++) {
      const raw = d.slots[i]!;
      const s = raw < 0 ? raw + R : raw;
      if (stamp[s] === mark) continue;
      stamp[s] = mark;
      out[s]! += share;
    }
  }
}

/** GPU-level and expert(slot)-level balancedness of a placement on one window's load. */
export function balancedness(d: Decisions, load: Float64Array): Balance {
  const R = CLUSTER.numReplicas;
  const G = CLUSTER.numGpus;
  const slotLoad = new Float64Array(R);
  const stamp = new Int32Array(R);
  let sumMeanGpu = 0;
  let sumMaxGpu = 0;
  let sumMeanSlot = 0;
  let sumMaxSlot = 0;
  for (let l = 0; l < d.numLayers; l++) {
    layerSlotLoads(d, l, load, slotLoad, stamp, l * (d.numLogical + 1));
    let total = 0;
    let maxSlot = -Infinity;
    for (let s = 0; s < R; s++) {
      const v = slotLoad[s]!;
      total += v;
      if (v > maxSlot) maxSlot = v;
    }
    let gpuTotal = 0;
    let maxGpu = -Infinity;
    for (let g = 0; g < G; g++) {
      let v = 0;
      for (let s = g * SLOTS_PER_GPU; s < (g + 1) * SLOTS_PER_GPU; s++) v += slotLoad[s]!;
      gpuTotal += v;
      if (v > maxGpu) maxGpu = v;
    }
    sumMeanSlot += total / R;
    sumMaxSlot += maxSlot;
    sumMeanGpu += gpuTotal / G;
    sumMaxGpu += maxGpu;
  }
  return {
    balGpu: sumMaxGpu > 0 ? sumMeanGpu / sumMaxGpu : 0,
    balExpert: sumMaxSlot > 0 ? sumMeanSlot / sumMaxSlot : 0,
  };
}

/** Plain left-to-right mean (the reference averages transitions with Python's sum / len). */
export function leftToRightMean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? NaN : s / xs.length;
}
