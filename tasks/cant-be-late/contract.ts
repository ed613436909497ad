// What crosses the sandbox boundary: the instance data the harness receives,
// the policy contract the candidate implements, and the harness's output.
import type { Cluster } from './simulator.js';

export type { Cluster };

/** One instance: a group of runs sharing an env, a deadline and a restart overhead. */
export interface CblInstanceData {
  env: string;
  taskHours: number;
  deadlineHours: number;
  overheadHours: number;
  gapSeconds: number;
  /** One run per trace: `availability[k]` is '0' when spot capacity exists during tick k, '1' when not. */
  runs: { trace: string; availability: string }[];
}

/** Frozen snapshot handed to the policy every tick. It holds nothing about future ticks. */
export interface CblView {
  readonly tick: number;
  readonly gapSeconds: number;
  readonly elapsedSeconds: number;
  readonly deadlineSeconds: number;
  readonly taskDurationSeconds: number;
  readonly restartOverheadSeconds: number;
  readonly remainingRestartOverheadSeconds: number;
  /** Progress credited per tick so far (length tick + 1); built on first read. */
  readonly taskDoneTime: readonly number[];
  readonly workDoneSeconds: number;
  /** The env's cluster type after a preemption at this tick is taken into account. */
  readonly currentCluster: Cluster;
}

export interface CblPolicy {
  decide(view: CblView, lastCluster: Cluster, hasSpot: boolean): Cluster;
}

/** The candidate's export: `createPolicy`, called once per simulated run. */
export type CblPolicyFactory = () => CblPolicy;

/**
 * Harness output: per run, the policy's raw choices (one DECISION_CHARS
 * character per call, the post-completion call included), and the first run
 * simulated again with a fresh policy (`repeat`), which must match `runs[0]`.
 */
export interface CblHarnessOutput {
  runs: string[];
  repeat: string;
}

/** The view's keys, in order: a test checks that the policy sees exactly these. */
export const VIEW_KEYS = [
  'tick',
  'gapSeconds',
  'elapsedSeconds',
  'deadlineSeconds',
  'taskDurationSeconds',
  'restartOverheadSeconds',
  'remainingRestartOverheadSeconds',
  'taskDoneTime',
  'workDoneSeconds',
  'currentCluster',
] as const;
