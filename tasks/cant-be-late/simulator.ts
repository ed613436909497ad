// The single-region spot simulator of the spec (cases/cant-be-late.md §2).
// Pure code, shared by the harness (inside the sandbox, driving the policy)
// and the host (replaying the recorded decisions to compute the cost). No
// imports with side effects, no Node APIs: this module is bundled into the
// sandbox.

/** Cluster codes; `NAMES[code]` is what the policy sees and returns. */
export const NONE = 0;
export const SPOT = 1;
export const ON_DEMAND = 2;
export type ClusterCode = 0 | 1 | 2;
export const CLUSTER_NAMES = ['NONE', 'SPOT', 'ON_DEMAND'] as const;
export type Cluster = (typeof CLUSTER_NAMES)[number];
/** One character per recorded decision: N(ONE), S(POT), O(N_DEMAND), indexed by code. */
export const DECISION_CHARS = 'NSO';

export const ON_DEMAND_PRICE_PER_HOUR = 3.06;
/** The reference derives it as 3.06 / (3.06 / 0.9731), which is exactly 0.9731. */
export const SPOT_PRICE_PER_HOUR = 0.9731;

/** Thresholds of the reference simulator, kept as written there. */
const DONE_EPS = 1e-8; // main-loop condition: work left > 1e-8
const OVERHEAD_EPS = 1e-3; // remaining restart overhead snaps to 0 below this
const CRITICAL_EPS = 1e-3; // the strong guarantee acts only while work left > 1e-3

export interface SimConfig {
  gapSeconds: number;
  taskSeconds: number;
  deadlineSeconds: number;
  overheadSeconds: number;
  /** Dollars billed for one tick of each cluster code (NONE bills 0). */
  tickPrice: readonly [number, number, number];
}

/** Hours as the reference converts them (`h * 3600`, exact for 48, 52, 70, 0.02, 0.05, 0.1). */
export function simConfig(
  taskHours: number,
  deadlineHours: number,
  overheadHours: number,
  gapSeconds: number,
): SimConfig {
  return {
    gapSeconds,
    taskSeconds: taskHours * 3600,
    deadlineSeconds: deadlineHours * 3600,
    overheadSeconds: overheadHours * 3600,
    tickPrice: [0, (SPOT_PRICE_PER_HOUR * gapSeconds) / 3600, (ON_DEMAND_PRICE_PER_HOUR * gapSeconds) / 3600],
  };
}

/**
 * One simulated run. The caller alternates `observe()` (steps 1-2: look at
 * tick `tick`, bill and credit the tick that just ended) and `apply(x)`
 * (steps 4-7: the framework's deadline guarantee and the availability check
 * rewrite the policy's raw choice `x`, then the restart overhead is charged)
 * while `!finished`, then calls `observe()` once more for the reference's
 * post-loop step. The guarantee lives here, outside the candidate's reach.
 */
export class CblSim {
  tick = 0;
  /** The env's cluster type; after `observe()` it already reflects a preemption. */
  envType: ClusterCode = NONE;
  /** The cluster chosen for the previous tick (`last_cluster_type`). */
  last: ClusterCode = NONE;
  hasSpot = false;
  /** Remaining restart overhead, seconds. */
  rro = 0;
  /** Sum of the progress list, accumulated left to right as the reference's `sum()`. */
  workDone = 0;
  /** Run cost so far, summed left to right over the billed ticks. */
  cost = 0;
  spotTicks = 0;
  onDemandTicks = 0;
  /** Ticks where the deadline guarantee replaced the policy's choice. */
  overrides = 0;
  /**
   * Progress credited per tick (the policy's `taskDoneTime`), when recorded.
   * A plain array grown by push: in the sandbox, whose intrinsics are frozen,
   * V8 stores into typed arrays and by index about 40x slower than it pushes.
   */
  readonly progress: number[] | undefined;

  constructor(
    readonly cfg: SimConfig,
    /** Per tick: 0 = spot capacity available, 1 = not (the trace file's convention). */
    readonly unavailable: ArrayLike<number>,
    recordProgress = false,
  ) {
    this.progress = recordProgress ? [] : undefined;
  }

  get finished(): boolean {
    return this.cfg.taskSeconds - this.workDone <= DONE_EPS;
  }

  /** Steps 1-2. False when the trace has no tick `tick` (the run fails). */
  observe(): boolean {
    const t = this.tick;
    if (t >= this.unavailable.length) return false;
    const last = this.envType;
    this.hasSpot = this.unavailable[t] === 0;
    this.last = last;
    // The billed history holds `last` for every main-loop tick; the post-loop
    // observation (task already finished) is never billed.
    if (!this.finished) {
      this.cost += this.cfg.tickPrice[last];
      if (last === SPOT) this.spotTicks++;
      else if (last === ON_DEMAND) this.onDemandTicks++;
    }
    if (last === SPOT && !this.hasSpot) this.envType = NONE;
    let w = 0;
    if (last !== NONE) {
      const gap = this.cfg.gapSeconds;
      w = Math.max(gap - this.rro, 0);
      this.rro = this.rro - (gap - w);
      if (this.rro < OVERHEAD_EPS) this.rro = 0;
      w = Math.min(w, this.cfg.taskSeconds - this.workDone);
    }
    this.progress?.push(w); // one entry per observed tick: index t
    this.workDone += w;
    return true;
  }

  /** Steps 4-7 for the policy's raw choice `x`; returns the cluster actually used. */
  apply(x: ClusterCode): ClusterCode {
    const { gapSeconds: gap, deadlineSeconds, overheadSeconds } = this.cfg;
    const remTime = Math.floor((deadlineSeconds - this.tick * gap) / gap) * gap;
    const remWork = this.cfg.taskSeconds - this.workDone;
    if (remWork > CRITICAL_EPS && Math.ceil((remWork + overheadSeconds) / gap) * gap >= remTime) {
      // The reference tests `last`, not the post-preemption type: right after a
      // preemption this asks for SPOT, which the next line turns into one idle tick.
      const forced = this.last === SPOT && this.rro < OVERHEAD_EPS ? SPOT : ON_DEMAND;
      if (forced !== x) this.overrides++;
      x = forced;
    }
    if (x === SPOT && !this.hasSpot) x = NONE;
    // `envType` already holds NONE after a preemption, i.e. the reference's `cur`.
    if (x !== NONE && x !== this.envType) this.rro = overheadSeconds;
    this.envType = x;
    this.tick++;
    return x;
  }
}

export type ReplayResult =
  | {
      ok: true;
      cost: number;
      /** t*: the tick whose observation completed the work. */
      finishTick: number;
      spotTicks: number;
      onDemandTicks: number;
      overrides: number;
      /** max(0, t* * gap - deadline). */
      lateSeconds: number;
    }
  | { ok: false; reason: 'off-trace' | 'too-few' | 'too-many' | 'bad-char'; tick: number };

/**
 * Replays recorded raw decisions (one character of DECISION_CHARS per call of
 * the policy, the post-loop call included) through a fresh simulator. The
 * string must hold exactly as many decisions as the run asks for.
 */
export function replayRun(cfg: SimConfig, unavailable: ArrayLike<number>, decisions: string): ReplayResult {
  const sim = new CblSim(cfg, unavailable);
  let i = 0;
  while (!sim.finished) {
    if (!sim.observe()) return { ok: false, reason: 'off-trace', tick: sim.tick };
    if (i >= decisions.length) return { ok: false, reason: 'too-few', tick: sim.tick };
    const code = DECISION_CHARS.indexOf(decisions[i++]!);
    if (code < 0) return { ok: false, reason: 'bad-char', tick: sim.tick };
    sim.apply(code as ClusterCode);
  }
  const finishTick = sim.tick - 1;
  if (!sim.observe()) return { ok: false, reason: 'off-trace', tick: sim.tick };
  if (i >= decisions.length) return { ok: false, reason: 'too-few', tick: sim.tick };
  if (DECISION_CHARS.indexOf(decisions[i++]!) < 0) return { ok: false, reason: 'bad-char', tick: sim.tick };
  if (i !== decisions.length) return { ok: false, reason: 'too-many', tick: sim.tick };
  return {
    ok: true,
    cost: sim.cost,
    finishTick,
    spotTicks: sim.spotTicks,
    onDemandTicks: sim.onDemandTicks,
    overrides: sim.overrides,
    lateSeconds: Math.max(0, finishTick * cfg.gapSeconds - cfg.deadlineSeconds),
  };
}

/** '0'/'1' characters (as shipped in the instance data) to the trace array (push: see `progress`). */
export function decodeTrace(chars: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) out.push(chars.charCodeAt(i) === 49 ? 1 : 0);
  return out;
}
