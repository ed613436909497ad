/** The problem statement a proposer reads. */
export const DESCRIPTION = `Can't Be Late (multi-region): a spot-instance scheduling policy across cloud regions.

A batch job needs 48 h of compute (taskDurationSeconds = 172800) and must finish within 52 h (deadlineSeconds =
187200). Time advances in ticks of 195 s. A run has R regions (R = 2..9), each with its own spot availability over
time. Before every tick your policy chooses what runs during that tick, in the region that is current:
- 'SPOT': about $0.92-1.84/h depending on the region; only if the current region has spot capacity this tick, and it
  can be taken away (preempted) at the next tick;
- 'ON_DEMAND': $3.06/h, always available, never preempted;
- 'NONE': idle, free, no progress.
Every (re)start (from idle, after a preemption, or switching between SPOT and ON_DEMAND) first loses 720 s of work
(restartOverheadSeconds), i.e. 3 whole ticks plus 135 s of the 4th. Moving between regions while keeping the same
cluster type is free. Objective: minimise the average dollar cost of the job.

Export a factory; a fresh policy object is created for every simulated run:
  export function createPolicy(): { decide(view, ops, lastCluster, hasSpot): 'NONE' | 'SPOT' | 'ON_DEMAND' }
decide is called once per tick (also once at the tick the job completes and once after; those decisions are not
billed) with:
- view (frozen): tick, gapSeconds (195), elapsedSeconds (= tick * 195), deadlineSeconds, taskDurationSeconds,
  restartOverheadSeconds (720), remainingRestartOverheadSeconds, taskDoneTime (progress credited per tick so far),
  workDoneSeconds, currentCluster (the cluster now running; 'NONE' right after a preemption), numRegions,
  currentRegion (0 at the start; reflects switchRegion calls made during this decide);
- ops: switchRegion(r) (immediate and free, any number of times per tick), spotAvailable() (current region, this
  tick), spotAvailableInRegion(r) (this tick), allRegionsSpotAvailable() (boolean per region, this tick);
- lastCluster: the cluster chosen at the previous tick (still 'SPOT' after a preemption);
- hasSpot: whether the region current at the start of the tick has spot capacity now.
Future availability and prices are not observable. The region current when decide returns is where the tick runs.

The framework enforces the deadline: when the remaining work plus one restart no longer fits in the remaining whole
ticks, it overrides your choice with ON_DEMAND (or SPOT if the last tick ran warm on spot). A 'SPOT' choice where the
current region has no spot becomes 'NONE'. Billing follows the reference simulator: ON_DEMAND ticks at $3.06/h,
and every SPOT tick at the first-tick spot price of the region left current by the decision at the tick the job
completes (spot prices themselves are not shown).

Scoring: six scenarios (2 zones of us-east-1; us-east-2a + us-west-2a; 3 diverse regions; 3 zones of us-east-1;
5 regions; all 9 regions), several traces each. Per scenario the mean run cost, then the mean over scenarios;
score = 100 * clip((146.88 - avgCost) / (146.88 - 46.7088), 0, 1), rounded to 2 decimals (146.88 = on-demand for
48 h, 46.7088 = spot at $0.9731/h for 48 h). Higher is better.

Rules: decide must return one of the three strings; an exception, a time-out, an invalid return value or a
region index outside 0..numRegions-1 invalidates the whole evaluation (no run may fail). Inputs are frozen. The
policy must be deterministic and keep its state in the object createPolicy returns: every group of runs ends by re-running
its first trace with a fresh policy, and the program is rejected if its decisions differ (module-level state leaking
between runs). No I/O, timers or randomness sources.

Notes: the starting program is the leaderboard's simple greedy policy. There is no published human state of the
art for the multi-region case, so no human baseline is given.`;
