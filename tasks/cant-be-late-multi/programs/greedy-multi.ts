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
// Simple greedy multi-region (the leaderboard's initial program): take spot
// whenever the current region has it, otherwise idle and move on to the next
// region; fall back to on-demand once the slack drops to one or two restarts.

const DONE_EPS_SECONDS = 1e-3; // work left below this counts as finished
const WARM_EPS_SECONDS = 1e-3; // restart overhead below this counts as paid
const URGENT_RESTARTS = 1; // slack (in restarts) below which we must run now
const CAUTIOUS_RESTARTS = 2; // slack (in restarts) below which we stop gambling on spot
const REGION_STEP = 1; // how far to move when the current region has no spot

export function createPolicy(): CblMultiPolicy {
  return {
    decide(view, ops, lastCluster, hasSpot) {
      const gap = view.gapSeconds;
      const overhead = view.restartOverheadSeconds;
      const remainingWork = view.taskDurationSeconds - view.workDoneSeconds;
      if (remainingWork <= DONE_EPS_SECONDS) return 'NONE';

      const remainingTime = Math.floor((view.deadlineSeconds - view.elapsedSeconds) / gap) * gap;
      const urgentNeed = Math.ceil((remainingWork + URGENT_RESTARTS * overhead) / gap) * gap;
      const cautiousNeed = Math.ceil((remainingWork + CAUTIOUS_RESTARTS * overhead) / gap) * gap;

      if (urgentNeed >= remainingTime) {
        const warmSpot = lastCluster === 'SPOT' && view.remainingRestartOverheadSeconds < WARM_EPS_SECONDS;
        if (warmSpot) return 'SPOT';
        return 'ON_DEMAND';
      }
      if (cautiousNeed >= remainingTime) {
        const keepSpot = lastCluster === 'SPOT' && hasSpot;
        if (keepSpot) return 'SPOT';
        return 'ON_DEMAND';
      }
      if (hasSpot) return 'SPOT';
      if (view.numRegions > 1) {
        ops.switchRegion((view.currentRegion + REGION_STEP) % view.numRegions);
      }
      return 'NONE';
    },
  };
}
// EVOLVE-BLOCK-END
