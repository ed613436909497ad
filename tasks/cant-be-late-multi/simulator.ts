// The multi-region Can't Be Late simulator (spec cases/cant-be-late-multi.md §2).
// Pure code with no imports: it is bundled into the sandbox harness (where it
// drives the candidate) and used on the host (where it replays the recorded
// decisions). Both sides therefore apply the same strong guarantee and safety
// rules, and the host's copy is the one that counts.

export const GAP_SECONDS = 195;
export const TASK_SECONDS = 48 * 3600;
export const DEADLINE_SECONDS = 52 * 3600;
export const OVERHEAD_SECONDS = 0.2 * 3600; // exactly 720 in binary64
export const ON_DEMAND_PRICE = 3.06;

/** Cluster codes: the index into CLUSTER_NAMES. */
export const NONE = 0;
export const SPOT = 1;
export const ON_DEMAND = 2;
export const CLUSTER_NAMES = ['NONE', 'SPOT', 'ON_DEMAND'] as const;
export type ClusterName = (typeof CLUSTER_NAMES)[number];

/**
 * Mutable state of one run, allocated once per run. `decide` may change
 * `region` (the candidate's switchRegion); everything else is the simulator's.
 */
export interface RunState {
  readonly numRegions: number;
  readonly traceLength: number;
  /** Current tick index. */
  t: number;
  /** Current region (0 at the start). */
  region: number;
  /** Cluster type chosen at the previous tick, before preemption (the reference's `last_cluster_type`). */
  last: number;
  /** Env cluster type after the preemption check of this tick. */
  envType: number;
  /** Whether spot was available at this tick in the region current when the tick began. */
  hasSpot: boolean;
  workDone: number;
  /** Remaining restart overhead (seconds). */
  rro: number;
  /** Progress credited per tick (index = tick). */
  readonly progress: Float64Array;
  /** Billed cluster type per tick: history[k] = type chosen at tick k-1 (history[0] = NONE). */
  readonly history: Uint8Array;
}

/** Asks the policy for tick `s.t`; returns a cluster code and may set `s.region`. */
export type Decider = (s: RunState) => number;

export interface RunOutcome {
  /** Last in-loop tick t*: the tick at which the work was completed. */
  finishTick: number;
  /** Region current after the decision at t*: its prices[0] bills all spot time. */
  billingRegion: number;
  spotTicks: number;
  onDemandTicks: number;
  deadlineMiss: boolean;
  /** Number of decide() calls, including the post-loop one. */
  decisions: number;
}

export type RunResult = { ok: true; outcome: RunOutcome; state: RunState } | { ok: false; error: string };

export function newRunState(numRegions: number, traceLength: number): RunState {
  return {
    numRegions,
    traceLength,
    t: 0,
    region: 0,
    last: NONE,
    envType: NONE,
    hasSpot: false,
    workDone: 0,
    rro: 0,
    progress: new Float64Array(traceLength + 1),
    history: new Uint8Array(traceLength + 1),
  };
}

/** One tick, steps 1-7 of the spec. Returns false if the tick lies past the trace end. */
function step(s: RunState, avail: readonly Uint8Array[], decide: Decider): boolean {
  const t = s.t;
  if (t >= s.traceLength) return false;
  // 1. Observe in the region chosen at the previous decision.
  const hasSpot = avail[s.region]![t] === 0;
  const last = s.envType;
  s.history[t] = last;
  if (last === SPOT && !hasSpot) s.envType = NONE;
  // 2. Credit the tick that just ended; a (re)start first burns the overhead.
  let w = 0;
  if (last !== NONE) {
    w = Math.max(GAP_SECONDS - s.rro, 0);
    s.rro = s.rro - (GAP_SECONDS - w);
    if (s.rro < 1e-3) s.rro = 0;
    w = Math.min(w, TASK_SECONDS - s.workDone);
  }
  s.progress[t] = w;
  s.workDone += w;
  s.last = last;
  s.hasSpot = hasSpot;
  // 3. The policy (it may switch the current region).
  let x = decide(s);
  // 4. Strong guarantee, applied whatever the policy said; it tests `last`, not the preempted type.
  const remTime = Math.floor((DEADLINE_SECONDS - t * GAP_SECONDS) / GAP_SECONDS) * GAP_SECONDS;
  const remWork = TASK_SECONDS - s.workDone;
  if (remWork > 1e-3 && Math.ceil((remWork + OVERHEAD_SECONDS) / GAP_SECONDS) * GAP_SECONDS >= remTime) {
    x = last === SPOT && s.rro < 1e-3 ? SPOT : ON_DEMAND;
  }
  // 5. Safety: no spot where the (possibly new) current region has none.
  if (x === SPOT && avail[s.region]![t] !== 0) x = NONE;
  // 6. Restart overhead compares cluster types only: a region move of the same type is free.
  const cur = last === SPOT && !hasSpot ? NONE : last;
  if (x !== NONE && x !== cur) s.rro = OVERHEAD_SECONDS;
  // 7.
  s.envType = x;
  s.t = t + 1;
  return true;
}

/**
 * Runs the job on aligned traces `avail[r][t]` (0 = spot available) until the
 * work is done, then the reference's post-loop realisation step (one more
 * decide(), unbilled). `decide` is called exactly `outcome.decisions` times.
 */
export function simulateRun(avail: readonly Uint8Array[], decide: Decider): RunResult {
  const traceLength = avail[0]!.length;
  const s = newRunState(avail.length, traceLength);
  let calls = 0;
  const counted: Decider = (st) => {
    calls++;
    return decide(st);
  };
  while (TASK_SECONDS - s.workDone > 1e-8) {
    if (!step(s, avail, counted)) return pastEnd(s.t);
  }
  const finishTick = s.t - 1;
  const billingRegion = s.region;
  if (!step(s, avail, counted)) return pastEnd(s.t);
  let spotTicks = 0;
  let onDemandTicks = 0;
  for (let k = 0; k <= finishTick; k++) {
    if (s.history[k] === SPOT) spotTicks++;
    else if (s.history[k] === ON_DEMAND) onDemandTicks++;
  }
  return {
    ok: true,
    state: s,
    outcome: {
      finishTick,
      billingRegion,
      spotTicks,
      onDemandTicks,
      deadlineMiss: finishTick * GAP_SECONDS > DEADLINE_SECONDS,
      decisions: calls,
    },
  };
}

function pastEnd(t: number): RunResult {
  return { ok: false, error: `the job was not finished when the trace ended (tick ${t} is past its last tick)` };
}

/**
 * Cost of a finished run: billed ticks 0..finishTick summed left to right, all
 * spot time at the billing region's prices[0] (the reference's billing quirk).
 */
export function runCost(history: Uint8Array, finishTick: number, spotPrice: number): number {
  const spotTick = (spotPrice * GAP_SECONDS) / 3600;
  const onDemandTick = (ON_DEMAND_PRICE * GAP_SECONDS) / 3600;
  let cost = 0;
  for (let k = 0; k <= finishTick; k++) {
    const h = history[k];
    if (h === SPOT) cost += spotTick;
    else if (h === ON_DEMAND) cost += onDemandTick;
  }
  return cost;
}
