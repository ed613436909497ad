// Can't Be Late: a 48 h job with a deadline runs on SPOT (0.9731 $/h, may be
// preempted, only when capacity exists) or ON_DEMAND (3.06 $/h), or waits
// (NONE). Every (re)start loses `restartOverheadSeconds` of compute.
// createPolicy() is called once per simulated run; decide() once per 600 s
// tick. The simulator forces ON_DEMAND (or keeps a running SPOT) once the
// deadline is at risk, whatever decide() says.

type Cluster = 'NONE' | 'SPOT' | 'ON_DEMAND';

interface CblView {
  readonly tick: number;
  readonly gapSeconds: number;
  readonly elapsedSeconds: number;
  readonly deadlineSeconds: number;
  readonly taskDurationSeconds: number;
  readonly restartOverheadSeconds: number;
  readonly remainingRestartOverheadSeconds: number;
  readonly taskDoneTime: readonly number[];
  readonly workDoneSeconds: number;
  readonly currentCluster: Cluster;
}

interface CblPolicy {
  decide(view: CblView, lastCluster: Cluster, hasSpot: boolean): Cluster;
}

// EVOLVE-BLOCK-START
// Uniform Progress (Wu et al., NSDI'24): keep progress on the straight line
// from 0 at the start to the full job at the deadline. Behind the line, run
// ON_DEMAND when SPOT is missing; once on ON_DEMAND stay there until progress
// is ahead of the line shifted by a few restart overheads; take SPOT whenever
// it exists; go ON_DEMAND when the ticks left barely cover the work left.
const DONE_EPSILON = 1e-3; // seconds of work left that count as finished
const HYSTERESIS_RESTARTS = 2; // how far ahead (in overheads) before leaving ON_DEMAND
const SAFETY_RESTARTS = 1; // overheads budgeted by the safety line

export function createPolicy(): CblPolicy {
  return {
    decide(view: CblView, _lastCluster: Cluster, hasSpot: boolean): Cluster {
      const c0 = view.taskDurationSeconds;
      const remaining = view.taskDurationSeconds - view.workDoneSeconds;
      if (remaining <= DONE_EPSILON) return 'NONE';
      const t = view.elapsedSeconds;
      const deadline = view.deadlineSeconds;
      const overhead = view.restartOverheadSeconds;
      let decision: Cluster = hasSpot ? 'SPOT' : 'NONE';
      const behind = (t * c0) / deadline - (c0 - remaining);
      if (behind > 0) decision = hasSpot ? 'SPOT' : 'ON_DEMAND';
      if (view.currentCluster === 'ON_DEMAND') {
        const hysteresis = ((t + HYSTERESIS_RESTARTS * overhead) * c0) / deadline - (c0 - remaining);
        if (hysteresis >= 0) decision = 'ON_DEMAND';
      }
      const needTicks = Math.ceil((remaining + SAFETY_RESTARTS * overhead) / view.gapSeconds);
      const leftTicks = Math.floor((deadline - t) / view.gapSeconds);
      if (needTicks >= leftTicks) return 'ON_DEMAND';
      if (hasSpot) return 'SPOT';
      return decision;
    },
  };
}
// EVOLVE-BLOCK-END
