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
// Sanity reference: always ON_DEMAND, even after the work is done. Costs the
// same as on-demand.ts: the decision taken at the completion tick is not billed.
export function createPolicy(): CblPolicy {
  return {
    decide(_view: CblView, _lastCluster: Cluster, _hasSpot: boolean): Cluster {
      return 'ON_DEMAND';
    },
  };
}
// EVOLVE-BLOCK-END
