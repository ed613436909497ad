// Runs inside the sandbox next to the candidate (bundled with simulator.ts).
// For every run of the instance it creates a fresh policy, drives it tick by
// tick through the simulator and records, per decide() call, the region the
// policy left current and the cluster it returned (code = region * 3 + cluster).
// The host replays those codes through its own copy of the simulator and
// traces; nothing computed here is trusted.

import type { Harness } from '../../src/core/task.js';
import {
  CLUSTER_NAMES,
  DEADLINE_SECONDS,
  GAP_SECONDS,
  OVERHEAD_SECONDS,
  simulateRun,
  TASK_SECONDS,
  type RunState,
} from './simulator.js';

/** What the host sends per instance: availability strings ('0' = spot available), one per region. */
export interface HarnessInput {
  runs: { file: number; availability: string[] }[];
}

/** What the harness returns: decision codes per run, and run 0 repeated with a fresh policy. */
export interface HarnessOutput {
  runs: number[][];
  repeat: number[];
}

interface Policy {
  decide(view: object, ops: object, lastCluster: string, hasSpot: boolean): unknown;
}

const invalid = (message: string): TypeError => new TypeError(`invalid output: ${message}`);

function decode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) === 49 ? 1 : 0;
  return out;
}

/** Region operations for one run: they read the current tick only, never another one. */
function regionOps(s: RunState, avail: readonly Uint8Array[]): object {
  const check = (r: unknown, what: string): number => {
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= s.numRegions) {
      throw invalid(`${what}(${typeof r === 'number' ? r : typeof r}) needs a region index in 0..${s.numRegions - 1}`);
    }
    return r;
  };
  return Object.freeze({
    switchRegion(r: unknown): void {
      s.region = check(r, 'switchRegion');
    },
    spotAvailable(): boolean {
      return avail[s.region]![s.t] === 0;
    },
    spotAvailableInRegion(r: unknown): boolean {
      return avail[check(r, 'spotAvailableInRegion')]![s.t] === 0;
    },
    allRegionsSpotAvailable(): boolean[] {
      const out: boolean[] = [];
      for (let r = 0; r < s.numRegions; r++) out.push(avail[r]![s.t] === 0);
      return out;
    },
  });
}

/**
 * The frozen view of one tick: plain fields snapshot the state when decide()
 * is called (a stored view keeps its tick's values), `currentRegion` is live,
 * and the progress list is copied on first read only. A class (one shape for
 * every tick) keeps the per-tick cost low; private fields hold the state
 * without exposing it.
 */
class TickView {
  readonly tick: number;
  readonly gapSeconds = GAP_SECONDS;
  readonly elapsedSeconds: number;
  readonly deadlineSeconds = DEADLINE_SECONDS;
  readonly taskDurationSeconds = TASK_SECONDS;
  readonly restartOverheadSeconds = OVERHEAD_SECONDS;
  readonly remainingRestartOverheadSeconds: number;
  readonly workDoneSeconds: number;
  readonly currentCluster: string;
  readonly numRegions: number;
  readonly #state: RunState;
  #done: readonly number[] | undefined;

  constructor(s: RunState) {
    this.tick = s.t;
    this.elapsedSeconds = s.t * GAP_SECONDS;
    this.remainingRestartOverheadSeconds = s.rro;
    this.workDoneSeconds = s.workDone;
    this.currentCluster = CLUSTER_NAMES[s.envType]!;
    this.numRegions = s.numRegions;
    this.#state = s;
    Object.freeze(this);
  }

  get currentRegion(): number {
    return this.#state.region;
  }

  get taskDoneTime(): readonly number[] {
    // Private fields stay writable on a frozen object: the copy is made once per view.
    this.#done ??= Object.freeze(Array.from(this.#state.progress.subarray(0, this.tick + 1)));
    return this.#done;
  }
}
Object.freeze(TickView.prototype);
Object.freeze(TickView);

function runPolicy(createPolicy: () => unknown, avail: readonly Uint8Array[]): number[] {
  const policy = createPolicy() as Policy;
  if (policy === null || typeof policy !== 'object' || typeof policy.decide !== 'function') {
    throw invalid('createPolicy() must return an object with a decide(view, ops, lastCluster, hasSpot) method');
  }
  const codes: number[] = [];
  let ops: object | undefined;
  const result = simulateRun(avail, (s) => {
    ops ??= regionOps(s, avail);
    const x = policy.decide(new TickView(s), ops, CLUSTER_NAMES[s.last]!, s.hasSpot);
    const code = typeof x === 'string' ? (CLUSTER_NAMES as readonly string[]).indexOf(x) : -1;
    if (code < 0) {
      const shown = typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : typeof x;
      throw invalid(`decide() returned ${shown} at tick ${s.t}; it must return 'NONE', 'SPOT' or 'ON_DEMAND'`);
    }
    codes.push(s.region * 3 + code);
    return code;
  });
  if (!result.ok) throw new Error(result.error);
  return codes;
}

export const harness: Harness = (candidate, input) => {
  const createPolicy = candidate.createPolicy;
  if (typeof createPolicy !== 'function') {
    throw invalid(
      'the program must export a function createPolicy() returning { decide(view, ops, lastCluster, hasSpot) }',
    );
  }
  const runs = (input as HarnessInput).runs.map((run) => run.availability.map(decode));
  const output: HarnessOutput = {
    runs: runs.map((avail) => runPolicy(createPolicy as () => unknown, avail)),
    // A fresh policy must act the same on the same trace: a difference means state leaked between runs.
    repeat: runs.length > 0 ? runPolicy(createPolicy as () => unknown, runs[0]!) : [],
  };
  return output;
};
