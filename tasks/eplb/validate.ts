// Host-side checks of the (untrusted) decisions the harness reported.
// The reference evaluators check replica counts only; the strict rule
// (default) also demands that the listed slots form a real placement.
import { CLUSTER, type Decisions } from './simulate.js';

/** `reference`: the leaderboard's checks only. `strict` (default): plus slot consistency (spec §4.3.1). */
export type CheckMode = 'strict' | 'reference';

/** What the harness sends back: plain arrays copied out of the candidate's answer. */
export interface EplbReport {
  phy2log: number[];
  logcnt: number[];
  maxReplicasX: number;
  /** For each (layer, expert) in order, the first min(logcnt, X) entries of its log2phy row. */
  used: number[];
  /** Fine-grained duration (ms) of the call and the copy of its answer, measured in the sandbox. */
  timeMs: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

function intArray(value: unknown, name: string, length: number): number[] | string {
  if (!Array.isArray(value)) return `${name} is missing or not an array`;
  if (value.length !== length) return `${name} has ${value.length} entries, expected ${length}`;
  for (let i = 0; i < value.length; i++) {
    if (!isInt(value[i])) return `${name}[${i}] is not an integer`;
  }
  return value as number[];
}

/**
 * Validates a report against the task's own copy of the scored window
 * (`nextLoad`, L*E). Returns the decisions to simulate, or the broken rule.
 */
export function checkReport(
  report: unknown,
  numLayers: number,
  numLogical: number,
  nextLoad: Float64Array,
  mode: CheckMode,
): { decisions: Decisions } | { error: string } {
  const R = CLUSTER.numReplicas;
  const L = numLayers;
  const E = numLogical;
  if (report === null || typeof report !== 'object') return { error: 'rebalance returned no placement' };
  const r = report as Partial<EplbReport>;
  const X = r.maxReplicasX;
  if (!isInt(X) || X < 1 || X > R) {
    return { error: `maxReplicasX (the width of log2phy) must be an integer in 1..${R}` };
  }
  const phy2log = intArray(r.phy2log, 'phy2log', L * R);
  if (typeof phy2log === 'string') return { error: phy2log };
  const logcnt = intArray(r.logcnt, 'logcnt', L * E);
  if (typeof logcnt === 'string') return { error: logcnt };
  const offsets = new Int32Array(L * E + 1);
  for (let l = 0; l < L; l++) {
    let sum = 0;
    for (let e = 0; e < E; e++) {
      const c = logcnt[l * E + e]!;
      if (c < 0) return { error: `layer ${l}: expert ${e} has a negative replica count ${c}` };
      if (c === 0 && nextLoad[l * E + e]! > 0) {
        return {
          error: `layer ${l}: expert ${e} has no replica but receives load (every expert that gets tokens needs one)`,
        };
      }
      sum += c;
      offsets[l * E + e + 1] = offsets[l * E + e]! + Math.min(c, X);
    }
    if (sum !== R) return { error: `layer ${l}: replica counts sum to ${sum}, must be exactly ${R} (the slot count)` };
  }
  const used = r.used;
  if (!Array.isArray(used) || used.length !== offsets[L * E]) {
    return { error: 'log2phy entries are missing (harness report is inconsistent with logcnt)' };
  }
  const slots = new Int32Array(used.length);
  for (let i = 0; i < used.length; i++) {
    const s = used[i] as unknown;
    if (!isInt(s) || s < -R || s >= R) return { error: `log2phy holds slot id ${String(s)}, outside -${R}..${R - 1}` };
    slots[i] = s;
  }
  if (mode === 'strict') {
    const owner = new Int32Array(R);
    for (let l = 0; l < L; l++) {
      owner.fill(-1);
      for (let e = 0; e < E; e++) {
        const k = l * E + e;
        if (logcnt[k]! > X)
          return { error: `layer ${l}: expert ${e} has ${logcnt[k]} replicas but log2phy is only ${X} wide` };
        for (let i = offsets[k]!; i < offsets[k + 1]!; i++) {
          const s = slots[i]!;
          if (s < 0)
            return { error: `layer ${l}: expert ${e} lists slot ${s}; replicas must name real slots 0..${R - 1}` };
          if (owner[s] !== -1) {
            return {
              error: `layer ${l}: slot ${s} is listed by expert ${owner[s]} and again by expert ${e} (one replica per slot)`,
            };
          }
          owner[s] = e;
        }
      }
      // Sum R, no repeats, all in range: the listed slots are exactly 0..R-1. Now phy2log must agree.
      for (let s = 0; s < R; s++) {
        if (phy2log[l * R + s] !== owner[s]) {
          return {
            error: `layer ${l}: log2phy puts expert ${owner[s]} on slot ${s} but phy2log says ${phy2log[l * R + s]}`,
          };
        }
      }
    }
  }
  return { decisions: { numLayers: L, numLogical: E, logcnt: Int32Array.from(logcnt), slots, offsets } };
}
