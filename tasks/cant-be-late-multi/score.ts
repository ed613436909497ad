// Host side: validates the decisions the harness recorded, replays them through
// the task's own traces and computes the run costs. The strong guarantee and
// the spot safety rule are applied here again by the simulator, whatever the
// recorded decisions say.

import type { InstanceResult } from '../../src/core/types.js';
import type { InstanceGroup } from './scenarios.js';
import { runCost, simulateRun } from './simulator.js';

/** The task's pristine copy of one run: aligned availability per region and each region's prices[0]. */
export interface HostRun {
  file: number;
  availability: readonly Uint8Array[];
  spotPrices0: readonly number[];
}

export interface RunScore {
  file: number;
  cost: number;
  finishTick: number;
  spotTicks: number;
  onDemandTicks: number;
  billingRegion: number;
  deadlineMiss: boolean;
}

/** Leaderboard anchors: plain products, as the reference computes them. */
export const OD_ANCHOR = 3.06 * 48;
export const SPOT_ANCHOR = 0.9731 * 48;

/** 0..100, unrounded: how far an average cost sits from the on-demand anchor towards the spot anchor. */
export function normalisedScore(avgCost: number): number {
  return Math.min(1, Math.max(0, (OD_ANCHOR - avgCost) / (OD_ANCHOR - SPOT_ANCHOR))) * 100;
}

/** Python's round(x, 2): the exactly nearest 2-decimal value, exact ties to even. */
export function pyRound2(x: number): number {
  if (!Number.isFinite(x)) return x;
  // An exact tie k + 0.005 is a double only when 8x is an integer.
  if (Number.isInteger(x * 8)) {
    const scaled = x * 100;
    const floor = Math.floor(scaled);
    if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / 100;
  }
  return Number(x.toFixed(2));
}

const isCodeList = (v: unknown): v is number[] => Array.isArray(v);

/** Replays one run's recorded codes (region * 3 + cluster); the reason on any mismatch. */
export function replayRun(run: HostRun, codes: unknown, label: string): RunScore | { error: string } {
  const regions = run.availability.length;
  if (!isCodeList(codes)) return { error: `${label}: expected a list of decisions` };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= 3 * regions) {
      return { error: `${label}: decision ${i} is not a (region, cluster) code for ${regions} regions` };
    }
  }
  let i = 0;
  let exhausted = false;
  const result = simulateRun(run.availability, (s) => {
    if (i >= codes.length) {
      // Keep the simulation harmless (idle in place) and report afterwards.
      exhausted = true;
      i++;
      return 0;
    }
    const c = codes[i++]!;
    s.region = Math.floor(c / 3);
    return c % 3;
  });
  const altered = `${label}: ${codes.length} decisions were recorded but replaying them needs ${exhausted ? 'more' : i} (the in-sandbox simulation was altered)`;
  if (exhausted) return { error: altered };
  if (!result.ok) return { error: `${label}: ${result.error}` };
  if (i !== codes.length) return { error: altered };
  const o = result.outcome;
  return {
    file: run.file,
    cost: runCost(result.state.history, o.finishTick, run.spotPrices0[o.billingRegion]!),
    finishTick: o.finishTick,
    spotTicks: o.spotTicks,
    onDemandTicks: o.onDemandTicks,
    billingRegion: o.billingRegion,
    deadlineMiss: o.deadlineMiss,
  };
}

/** Checks the harness output for one instance (untrusted) and scores every run from the host's traces. */
export function scoreGroup(runs: readonly HostRun[], output: unknown): { runs: RunScore[] } | { error: string } {
  if (output === null || typeof output !== 'object') return { error: 'the harness output is not an object' };
  const { runs: recorded, repeat } = output as { runs?: unknown; repeat?: unknown };
  if (!Array.isArray(recorded) || recorded.length !== runs.length) {
    return { error: `expected decisions for ${runs.length} runs` };
  }
  const scores: RunScore[] = [];
  for (let k = 0; k < runs.length; k++) {
    const r = replayRun(runs[k]!, recorded[k], `trace ${runs[k]!.file}`);
    if ('error' in r) return r;
    scores.push(r);
  }
  const first = recorded[0] as number[] | undefined;
  if (first && (!Array.isArray(repeat) || repeat.length !== first.length || repeat.some((c, i) => c !== first[i]))) {
    const at = Array.isArray(repeat) ? first.findIndex((c, i) => repeat[i] !== c) : 0;
    return {
      error: `state leaked between runs: a fresh createPolicy() re-run on trace ${runs[0]!.file} decided differently (first at tick ${at}); keep per-run state inside the policy object and make it deterministic`,
    };
  }
  return { runs: scores };
}

export const runMetric = (file: number, what: string): string => `trace${file}_${what}`;

/** The per-instance result: unrounded leaderboard score of the group's mean cost, per-run details as metrics. */
export function instanceResult(group: InstanceGroup, runs: readonly RunScore[]): InstanceResult {
  const metrics: Record<string, number> = {};
  let sum = 0;
  let misses = 0;
  for (const r of runs) {
    sum += r.cost;
    if (r.deadlineMiss) misses++;
    metrics[runMetric(r.file, 'cost')] = r.cost;
    metrics[runMetric(r.file, 'finish_tick')] = r.finishTick;
    metrics[runMetric(r.file, 'spot_ticks')] = r.spotTicks;
    metrics[runMetric(r.file, 'on_demand_ticks')] = r.onDemandTicks;
    metrics[runMetric(r.file, 'billing_region')] = r.billingRegion;
  }
  const meanCost = sum / runs.length;
  metrics.mean_cost = meanCost;
  metrics.deadline_misses = misses;
  const costs = runs.map((r) => `trace ${r.file}: $${r.cost.toFixed(2)}${r.deadlineMiss ? ' (late)' : ''}`).join(', ');
  return {
    instanceId: group.id,
    score: normalisedScore(meanCost),
    metrics,
    feedback: `${group.scenario.regions.length} regions; ${costs}`,
  };
}
