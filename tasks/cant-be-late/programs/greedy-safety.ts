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
// Greedy safety (the leaderboard seed): take SPOT whenever it is there and the
// deadline is comfortable, otherwise wait; switch to ON_DEMAND once the ticks
// left no longer cover the remaining work plus the restart overheads budgeted
// below, and in a buffer zone before that keep only an already running SPOT.
const DONE_EPSILON = 1e-9; // seconds of work left that count as finished
const ON_DEMAND_RESTARTS = 1; // overheads budgeted before going on-demand for good
const BUFFER_RESTARTS = 2; // overheads budgeted for the buffer zone
// Without spot, wait while more than this many spare ticks remain beyond the
// buffer zone. The spare ticks are at least 1 here, so 0 means: always wait.
const WAIT_SLACK_TICKS = 0;

export function createPolicy(): CblPolicy {
  return {
    decide(view: CblView, _lastCluster: Cluster, hasSpot: boolean): Cluster {
      const workLeft = view.taskDurationSeconds - view.workDoneSeconds;
      if (workLeft <= DONE_EPSILON) return 'NONE';
      const gap = view.gapSeconds;
      const overhead = view.restartOverheadSeconds;
      const leftTicks = Math.max(0, Math.floor((view.deadlineSeconds - view.elapsedSeconds) / gap));
      const needOnDemand = Math.ceil((workLeft + ON_DEMAND_RESTARTS * overhead) / gap);
      const needBuffer = Math.ceil((workLeft + BUFFER_RESTARTS * overhead) / gap);
      if (needOnDemand >= leftTicks) return 'ON_DEMAND';
      if (needBuffer >= leftTicks) {
        if (view.currentCluster === 'SPOT' && hasSpot) return 'SPOT';
        return 'ON_DEMAND';
      }
      if (hasSpot) return 'SPOT';
      const spareTicks = leftTicks - needBuffer;
      if (spareTicks > WAIT_SLACK_TICKS) return 'NONE';
      return 'ON_DEMAND';
    },
  };
}
// EVOLVE-BLOCK-END
