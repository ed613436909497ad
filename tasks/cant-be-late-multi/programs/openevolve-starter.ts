// Can't Be Late, multi-region: finish 48 h of work within 52 h at the lowest
// cost, choosing each 195 s tick between SPOT (cheap, only where capacity
// exists, may be preempted), ON_DEMAND ($3.06/h, always there) and NONE (idle),
// in any of the run's regions. Every (re)start loses 720 s of work.

type Cluster = 'NONE' | 'SPOT' | 'ON_DEMAND';

interface CblMultiView {
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
  readonly numRegions: number;
  readonly currentRegion: number;
}

interface RegionOps {
  switchRegion(r: number): void;
  spotAvailable(): boolean;
  spotAvailableInRegion(r: number): boolean;
  allRegionsSpotAvailable(): boolean[];
}

interface CblMultiPolicy {
  decide(view: CblMultiView, ops: RegionOps, lastCluster: Cluster, hasSpot: boolean): Cluster;
}

// EVOLVE-BLOCK-START
// The original OpenEvolve starter ("evolutionary robust starter"): compare the
// work done with a straight line from 0 to the whole task at the deadline.
// Behind the line: spot if here, else on-demand. Ahead: spot if here, else
// idle and try the next region.

const DONE_EPS_SECONDS = 1e-3;
const REGION_STEP = 1;

export function createPolicy(): CblMultiPolicy {
  return {
    decide(view, ops, _lastCluster, hasSpot) {
      const elapsed = view.elapsedSeconds;
      const deadline = view.deadlineSeconds;
      const task = view.taskDurationSeconds;
      if (task - view.workDoneSeconds <= DONE_EPS_SECONDS) return 'NONE';

      let behind = false;
      if (deadline <= elapsed) behind = true;
      else if (elapsed === 0) behind = false;
      else behind = view.workDoneSeconds < elapsed * (task / deadline);

      if (behind) {
        if (hasSpot) return 'SPOT';
        return 'ON_DEMAND';
      }
      if (hasSpot) return 'SPOT';
      ops.switchRegion((view.currentRegion + REGION_STEP) % view.numRegions);
      return 'NONE';
    },
  };
}
// EVOLVE-BLOCK-END
