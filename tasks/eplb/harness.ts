// Runs inside the sandbox next to the candidate (bundled by esbuild; pure code).
// Calls `rebalanceExperts` on window i only, copies its answer into plain
// arrays inside the timed region (so lazy getters or proxies are timed too),
// and reports the decisions and a sub-millisecond duration. The host checks
// and scores everything again; nothing here is trusted.
import type { Harness } from '../../src/core/task.js';
import type { EplbReport } from './validate.js';

const R = 288;
const CLUSTER_FIELDS = { numReplicas: R, numGroups: 8, numNodes: 4, numGpus: 32 };
/** Untimed calls on a made-up window before the first timed call, so JIT warm-up is not billed to one instance. */
const WARMUP_CALLS = 3;

interface WindowInput {
  numLayers: number;
  numLogical: number;
  load: readonly number[];
}

type Rebalance = (inp: unknown) => unknown;

let warmedUp = false;
/** Largest number of spins counted in one whole millisecond so far (a pause only ever lowers a count). */
let spinsPerMs = 0;

/** Busy-waits until Date.now() moves to the next millisecond; returns the iterations spent. */
function countToNextTick(): number {
  const t = Date.now();
  let n = 0;
  while (Date.now() === t) n++;
  return n;
}

const invalid = (message: string): TypeError => new TypeError('invalid output: ' + message);

function arrayLike(value: unknown, name: string, length: number): ArrayLike<unknown> {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok) throw invalid(`${name} must be an array or a typed array`);
  const a = value as ArrayLike<unknown>;
  if (a.length !== length) throw invalid(`${name} has ${a.length} entries, expected ${length}`);
  return a;
}

function copyInts(value: unknown, name: string, length: number): number[] {
  const a = arrayLike(value, name, length);
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const v = a[i];
    out[i] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

function prepare(inp: WindowInput): Readonly<Record<string, unknown>> {
  const L = inp.numLayers;
  const E = inp.numLogical;
  const load = new Float64Array(L * E);
  for (let i = 0; i < L * E; i++) load[i] = inp.load[i]!;
  return Object.freeze({ numLayers: L, numLogical: E, load, ...CLUSTER_FIELDS });
}

/** The timed part: the call and the copy of what the host needs (only the used log2phy entries). */
function callAndCopy(rebalance: Rebalance, prepared: Readonly<Record<string, unknown>>): Omit<EplbReport, 'timeMs'> {
  const L = prepared.numLayers as number;
  const E = prepared.numLogical as number;
  const out = rebalance(prepared) as Record<string, unknown> | null;
  if (out === null || typeof out !== 'object') {
    throw invalid('rebalanceExperts must return { phy2log, logcnt, log2phy, maxReplicasX }');
  }
  const X = out.maxReplicasX;
  if (typeof X !== 'number' || !Number.isInteger(X) || X < 1 || X > R) {
    throw invalid(`maxReplicasX (the width of log2phy) must be an integer in 1..${R}`);
  }
  const phy2log = copyInts(out.phy2log, 'phy2log', L * R);
  const logcnt = copyInts(out.logcnt, 'logcnt', L * E);
  const log2phy = arrayLike(out.log2phy, 'log2phy', L * E * X);
  const used: number[] = [];
  for (let k = 0; k < L * E; k++) {
    const c = logcnt[k]!;
    if (!Number.isInteger(c) || c <= 0) continue;
    for (let i = 0; i < Math.min(c, X); i++) {
      const v = log2phy[k * X + i];
      used.push(typeof v === 'number' ? v : NaN);
    }
  }
  return { phy2log, logcnt, maxReplicasX: X, used };
}

/** A deterministic made-up window of the same shape, for the warm-up calls only. */
function warmupInput(inp: WindowInput, round: number): WindowInput {
  const load: number[] = [];
  for (let k = 0; k < inp.numLayers * inp.numLogical; k++) load.push(((k * 7919 + round * 104729) % 1009) * 97);
  return { numLayers: inp.numLayers, numLogical: inp.numLogical, load };
}

export const harness: Harness = (candidate, input) => {
  const rebalance = candidate.rebalanceExperts;
  if (typeof rebalance !== 'function') {
    throw new TypeError('invalid output: the program must export a function rebalanceExperts(inp)');
  }
  const inp = input as WindowInput;
  if (!warmedUp) {
    warmedUp = true;
    countToNextTick();
    for (let i = 0; i < 8; i++) spinsPerMs = Math.max(spinsPerMs, countToNextTick());
    for (let i = 0; i < WARMUP_CALLS; i++) {
      try {
        callAndCopy(rebalance as Rebalance, prepare(warmupInput(inp, i)));
      } catch {
        // Only the timed call on the real window counts.
      }
    }
  }
  // Start right at a millisecond boundary; after the call, measure how much of
  // the last millisecond was left by counting spins to the next boundary and
  // comparing with the most spins ever counted in one whole millisecond (one
  // more whole millisecond is counted before every call). A pause (GC,
  // preemption) during a count can only make the reported time longer.
  const prepared = prepare(inp);
  countToNextTick();
  spinsPerMs = Math.max(spinsPerMs, countToNextTick());
  const t0 = Date.now();
  const report = callAndCopy(rebalance as Rebalance, prepared);
  const t1 = Date.now();
  const rest = countToNextTick();
  const left = spinsPerMs > 0 ? Math.min(1, rest / spinsPerMs) : 0;
  return { ...report, timeMs: t1 - t0 + 1 - left } satisfies EplbReport;
};
