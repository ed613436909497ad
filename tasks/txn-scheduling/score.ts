// Host-side scoring: validates the untrusted harness output and recomputes
// every makespan from the task's own copy of the workloads.
import { WORKLOAD_HARD_LIMIT_MS } from './contract.js';
import { anchors, compileWorkload, MakespanModel, parseTransactions } from './simulate.js';
import type { WorkloadSet } from './synthetic.js';

/** The leaderboard moves the 100-point anchor 10% of the way from the lower bound to sequential. */
export const OPTIMAL_SHIFT_FACTOR = 0.1;

/**
 * Leaderboard score of a total makespan M given the sequential total B and the
 * lower bound O (the sum of the longest transactions); same operation order
 * as the reference, so the floats agree bit for bit.
 */
export function leaderboardScore(m: number, b: number, o: number): number {
  const effective = o + OPTIMAL_SHIFT_FACTOR * (b - o);
  if (m >= b) return 0;
  if (m <= effective) return 100;
  const score = ((b - m) / (b - effective)) * 100;
  return Math.max(0, Math.min(100, score));
}

/** The original OpenEvolve fitness, 1000 / (1 + M) * 1000, reported as a metric. */
export const openEvolveScore = (m: number): number => (1000 / (1 + m)) * 1000;

/** A workload set compiled once on the host, with its score anchors. */
export interface PreparedSet {
  set: WorkloadSet;
  models: MakespanModel[];
  sequential: number[];
  longest: number[];
  /** B: sum of the identity-order makespans. */
  baseline: number;
  /** O: sum of the longest transactions. */
  lowerBound: number;
}

export function prepareSet(set: WorkloadSet): PreparedSet {
  const models = set.workloads.map((w) => new MakespanModel(compileWorkload(parseTransactions(w.txns, w.name))));
  const { sequential, longest } = anchors(models);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  return { set, models, sequential, longest, baseline: sum(sequential), lowerBound: sum(longest) };
}

/** Checks that `order` (untrusted JSON) is a permutation of 0..n-1; returns the reason if not. */
export function permutationError(order: unknown, n: number): string | undefined {
  if (typeof order === 'string') return order;
  if (!Array.isArray(order)) return 'not a list of transaction ids';
  if (order.length !== n) return `has ${order.length} ids, expected ${n} (a permutation of 0..${n - 1})`;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = order[i];
    if (typeof v !== 'number') {
      const what = v !== null && typeof v === 'object' && 'notANumber' in v ? String(v.notANumber) : 'non-number';
      return `element ${i} is a ${what}, not a transaction id`;
    }
    if (!Number.isInteger(v) || v < 0 || v >= n) return `element ${i} (${v}) is not an integer in 0..${n - 1}`;
    if (seen[v]) return `transaction ${v} appears more than once`;
    seen[v] = 1;
  }
  return undefined; // n distinct ids in 0..n-1: nothing is missing
}

export type SetScore =
  | { error: string; kind: 'invalid' | 'timeout' }
  | { makespans: number[]; total: number; score: number; elapsedMs: number[] };

/** Validates the harness output against the set and scores it. */
export function scoreOutput(p: PreparedSet, output: unknown): SetScore {
  const k = p.models.length;
  if (output === null || typeof output !== 'object') return { kind: 'invalid', error: 'no orders were returned' };
  const { orders, elapsedMs } = output as { orders?: unknown; elapsedMs?: unknown };
  if (!Array.isArray(orders) || orders.length !== k) {
    return {
      kind: 'invalid',
      error: `expected ${k} orders (one per workload), got ${Array.isArray(orders) ? orders.length : 'none'}`,
    };
  }
  if (!Array.isArray(elapsedMs) || elapsedMs.length !== k || !elapsedMs.every((t) => typeof t === 'number')) {
    return { kind: 'invalid', error: 'the harness did not report the call times' };
  }
  const times: number[] = elapsedMs;
  for (let i = 0; i < k; i++) {
    if (!(times[i]! <= WORKLOAD_HARD_LIMIT_MS)) {
      return {
        kind: 'timeout',
        error: `getBestSchedule took ${times[i]} ms on ${p.set.workloads[i]!.name}, over the ${WORKLOAD_HARD_LIMIT_MS} ms limit per workload`,
      };
    }
  }
  const makespans: number[] = [];
  for (let i = 0; i < k; i++) {
    const model = p.models[i]!;
    const error = permutationError(orders[i], model.w.numTxns);
    if (error) return { kind: 'invalid', error: `order for ${p.set.workloads[i]!.name}: ${error}` };
    makespans.push(model.makespan(orders[i] as number[]));
  }
  const total = makespans.reduce((a, b) => a + b, 0);
  return { makespans, total, score: leaderboardScore(total, p.baseline, p.lowerBound), elapsedMs: times };
}
