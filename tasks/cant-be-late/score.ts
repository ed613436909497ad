// Host-side scoring: checks the harness's untrusted output, replays every run
// through a pristine simulator and the task's own copy of the traces, and
// turns the costs into the leaderboard score (spec §4).
import type { InstanceResult } from '../../src/core/types.js';
import { numpyMean } from '../../src/core/stats.js';
import type { CblTrace } from './data.js';
import { DEADLINES_HOURS, EVALUATED_ENVS, OVERHEADS_HOURS, TASK_HOURS, TRACES_PER_ENV } from './data.js';
import {
  ON_DEMAND_PRICE_PER_HOUR,
  replayRun,
  SPOT_PRICE_PER_HOUR,
  type ReplayResult,
  type SimConfig,
} from './simulator.js';

/** The task's pristine copy of one instance. */
export interface CblGroup {
  id: string;
  env: string;
  deadlineHours: number;
  overheadHours: number;
  cfg: SimConfig;
  traces: CblTrace[];
}

/**
 * Cost anchors exactly as the reference accumulates them over its 36
 * scenarios of 30 runs (146.8799999999999 and 46.70880000000002). They do
 * not depend on which instances are evaluated: every scenario has the same
 * 48 h task.
 */
export const [OD_ANCHOR, SPOT_ANCHOR] = ((): [number, number] => {
  let od = 0;
  let spot = 0;
  let w = 0;
  const scenarios = DEADLINES_HOURS.length * OVERHEADS_HOURS.length * EVALUATED_ENVS.length;
  for (let i = 0; i < scenarios; i++) {
    od += ON_DEMAND_PRICE_PER_HOUR * TASK_HOURS * TRACES_PER_ENV;
    spot += SPOT_PRICE_PER_HOUR * TASK_HOURS * TRACES_PER_ENV;
    w += TRACES_PER_ENV;
  }
  return [od / w, spot / w];
})();

/** 100 * clip((odAnchor - avgCost) / (odAnchor - spotAnchor), 0, 1), unrounded. */
export function normalisedScore(avgCost: number): number {
  const denom = OD_ANCHOR - SPOT_ANCHOR;
  if (denom <= 1e-9) return 0;
  return 100 * Math.min(1, Math.max(0, (OD_ANCHOR - avgCost) / denom));
}

/** The leaderboard's integer: Python's round (half to even) of the clipped score. */
export function leaderboardScore(avgCost: number): number {
  const x = normalisedScore(avgCost);
  const f = Math.floor(x);
  if (x - f !== 0.5) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

export interface ScoreOptions {
  /** Treat a run that finishes after its deadline as failed (the spec's optional strict mode). */
  strictDeadline: boolean;
}

export type RunRecord = Extract<ReplayResult, { ok: true }> & { trace: string };

/** Checks the output's shape and replays every run; the reason on the first problem. */
export function replayGroup(
  group: CblGroup,
  output: unknown,
): { runs: RunRecord[] } | { error: string; kind: 'invalid' | 'exception' } {
  const o = output as { runs?: unknown; repeat?: unknown } | null;
  if (o === null || typeof o !== 'object' || !Array.isArray(o.runs) || typeof o.repeat !== 'string') {
    return { kind: 'invalid', error: 'the harness output is not { runs: string[], repeat: string }' };
  }
  const decisions = o.runs as unknown[];
  if (decisions.length !== group.traces.length) {
    return { kind: 'invalid', error: `expected decisions for ${group.traces.length} runs, got ${decisions.length}` };
  }
  if (decisions.length > 0 && o.repeat !== decisions[0]) {
    return {
      kind: 'invalid',
      error:
        `the policy decided differently when run ${group.traces[0]!.file} was simulated again with a fresh policy: ` +
        'it keeps state outside the object createPolicy() returns (e.g. module-level variables) or is not deterministic',
    };
  }
  const runs: RunRecord[] = [];
  for (let i = 0; i < decisions.length; i++) {
    const trace = group.traces[i]!;
    const d = decisions[i];
    if (typeof d !== 'string') return { kind: 'invalid', error: `run ${trace.file}: decisions are not a string` };
    const r = replayRun(group.cfg, trace.unavailable, d);
    if (!r.ok) {
      if (r.reason === 'off-trace') {
        return {
          kind: 'exception',
          error: `run ${trace.file}: the job was not finished when its trace ended (tick ${r.tick}); a run must finish, and be asked once more, within the trace`,
        };
      }
      return {
        kind: 'invalid',
        error: `run ${trace.file}: the recorded decisions do not match the simulation (${r.reason} at tick ${r.tick})`,
      };
    }
    runs.push({ ...r, trace: trace.file });
  }
  return { runs };
}

/** One instance's result; the score is the normalised score of its mean run cost. */
export function scoreGroup(group: CblGroup, output: unknown, options: ScoreOptions): InstanceResult {
  const replayed = replayGroup(group, output);
  if ('error' in replayed) {
    return { instanceId: group.id, score: 0, metrics: {}, failure: { kind: replayed.kind, message: replayed.error } };
  }
  const { runs } = replayed;
  const late = runs.filter((r) => r.lateSeconds > 0);
  if (options.strictDeadline && late.length > 0) {
    const r = late[0]!;
    return {
      instanceId: group.id,
      score: 0,
      metrics: {},
      failure: {
        kind: 'invalid',
        message: `run ${r.trace} finished at tick ${r.finishTick}, ${r.lateSeconds} s after its ${group.deadlineHours} h deadline (strict deadline mode; ${late.length} late runs)`,
      },
    };
  }
  let costSum = 0;
  let costSq = 0;
  let spot = 0;
  let od = 0;
  let overrides = 0;
  let maxLate = 0;
  for (const r of runs) {
    costSum += r.cost;
    costSq += r.cost * r.cost;
    spot += r.spotTicks;
    od += r.onDemandTicks;
    overrides += r.overrides;
    maxLate = Math.max(maxLate, r.lateSeconds);
  }
  const avgCost = numpyMean(runs.map((r) => r.cost));
  const worst = runs.reduce((a, b) => (b.cost > a.cost ? b : a), runs[0]!);
  const n = runs.length;
  return {
    instanceId: group.id,
    score: normalisedScore(avgCost),
    metrics: {
      avg_cost: avgCost,
      cost_sum: costSum,
      cost_sq_sum: costSq,
      runs: n,
      spot_ticks: spot,
      on_demand_ticks: od,
      safety_overrides: overrides,
      deadline_misses: late.length,
      max_late_seconds: maxLate,
    },
    feedback:
      `mean cost $${avgCost.toFixed(2)} over ${n} runs; per run ` +
      `${(spot / n).toFixed(1)} spot + ${(od / n).toFixed(1)} on-demand ticks, the deadline guarantee overrode ` +
      `${(overrides / n).toFixed(1)} choices; ${late.length} runs late; worst run ${worst.trace} $${worst.cost.toFixed(2)}`,
  };
}
