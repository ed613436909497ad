// Per-scenario measures computed from the simulator's counters (pure module):
// the blog's reward, Jain's fairness index and the starvation measure, both
// over windows of per-flow delivered bytes counted back from the end.
import type { SimConstants } from './scenario.js';

/** Length of the windows of per-flow delivery (fairness: the last one; starvation: all after the grace time). */
export const WINDOW_NS = 500_000;
export const STARVATION_GRACE_NS = 500_000;

export interface Starvation {
  /** Bytes delivered / fair share of the line rate among the flows sending throughout the window. */
  share: number;
  flow: number;
  fromNs: number;
  toNs: number;
}

/** Blog reward (spec §1): exp(throughput - 20) - queue / 100. */
export function combinedScore(avgThroughputGbps: number, avgQueueBytes: number): number {
  return Math.exp(avgThroughputGbps - 20) - avgQueueBytes / 100;
}

/** Per-flow bytes per window: bytes[w * n + flow], w = 0 the last window, each windowSteps steps long. */
export interface WindowedBytes {
  bytes: Float64Array;
  windowSteps: number;
  windows: number;
  start: Float64Array;
  stop: Float64Array;
}

/** Flows sending throughout window w: started by its start, not stopped before its end. */
function activeIn(c: SimConstants, d: WindowedBytes, w: number): number[] {
  const to = (c.steps - w * d.windowSteps) * c.dt;
  const from = Math.max(0, to - WINDOW_NS);
  const out: number[] = [];
  for (let i = 0; i < c.n; i++) if (d.start[i]! <= from && d.stop[i]! >= to) out.push(i);
  return out;
}

/** Jain's index (sum x)^2 / (m sum x^2) over the flows sending throughout the last window. */
export function jainIndex(c: SimConstants, d: WindowedBytes): number {
  let sum = 0;
  let sq = 0;
  let m = 0;
  for (const i of activeIn(c, d, 0)) {
    const x = d.bytes[i]!;
    sum += x;
    sq += x * x;
    m++;
  }
  // Rounding can put an equal split a few ulps above 1.
  return m === 0 || sq === 0 ? 1 : Math.min(1, (sum * sum) / (m * sq));
}

/**
 * The smallest share of a flow in a full window starting at or after
 * STARVATION_GRACE_NS: its bytes over its fair share of the line rate,
 * C * WINDOW_NS / m for the m flows sending throughout the window (1 when
 * nothing is checked).
 */
export function worstShare(c: SimConstants, d: WindowedBytes): Starvation {
  let worst: Starvation = { share: 1, flow: -1, fromNs: 0, toNs: 0 };
  for (let w = 0; w < d.windows; w++) {
    const to = (c.steps - w * d.windowSteps) * c.dt;
    const from = to - WINDOW_NS;
    if (from < STARVATION_GRACE_NS) continue;
    const flows = activeIn(c, d, w);
    if (flows.length === 0) continue;
    const fair = (c.lineRate * WINDOW_NS) / flows.length;
    for (const i of flows) {
      const share = d.bytes[w * c.n + i]! / fair;
      if (share < worst.share) worst = { share, flow: i, fromNs: from, toNs: to };
    }
  }
  return worst;
}
