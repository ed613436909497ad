import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, ScoreContext, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import { builtinScenarios, DEFAULT_DATA_SEED, loadScenarios, SCENARIO_FILE, type ScenarioSets } from './data.js';
import type { Scenario } from './scenario.js';
import { scoreScenario, seedResult } from './score.js';
import type { SimResult } from './simulator.js';
import { programReader } from '../../src/core/task-programs.js';

const DESCRIPTION = `Datacenter congestion control for an incast (N:1) on one 25 Gbit/s switch port.

A deterministic fluid simulator (10 ns steps, 2 ms) runs N+1 senders into one switch FIFO towards one receiver.
Flow 0 has been running at line rate (its pipe is full at t = 0); N more flows start at line rate at t = 0 or
staggered over the first 50 us. Link delays: sender->switch tau/4, switch->receiver tau/4, ACK path tau/2. The
switch drains 3.125 bytes/ns; the buffer is unbounded (no loss). You write the per-flow congestion-control law that
every sender runs: it sets the flow's congestion window (bytes in flight) and pacing rate.

Export two functions (TypeScript, no imports):
  export function init(f: FlowState, p: CcParams): void                 // once per flow, before t = 0: set f.cwnd and f.rate
  export function onAck(f: FlowState, a: AckEvent, p: CcParams): void    // when the flow's cumulative ACK crosses an MSS
  interface CcParams { baseRttNs; lineRate /* bytes/ns, 3.125 */; bdpBytes /* lineRate*baseRttNs */; mssBytes /* 1000 */;
                       betaBytes /* bdp/50 */; ecnThresholdBytes /* 25000 */ }
  interface AckEvent { nowNs; rttNs /* base RTT + queueing delay of the acked bytes */; ecn /* queue >= 25000 B on arrival */;
                       sndUna; sndNxt /* cumulative bytes acked / sent */;
                       int: { qlenBytes; txBytes /* switch queue and cumulative departures when the bytes left */; tsNs; bandwidth } }
  interface FlowState { cwnd: number; rate: number /* bytes/ns */; readonly startNs: number; [k: string]: unknown }
A sender sends min(rate*10 ns, cwnd - inflight) bytes per step (rate is capped at the line rate). onAck is called at most
once per flow per step, with the last ACK that crossed an MSS boundary in that step (about one call per 1000 B acked).

Objective per scenario (the ADRS blog reward): combined = exp(avgThroughputGbps - 20) - avgQueueBytes / 100 (line rate
25 -> at most e^5 = 148.41). Score per scenario = 100 * clamp((combined - S0) / (e^5 - S0), 0, 1), where S0 is
θ-PowerTCP (the seed) on the same scenario; the task score is the mean over scenarios (0..100, higher is better).
Losing 0.07 Gbit/s of throughput costs as much as 1 KB of average queue; near line rate the exponential dominates.
Scenarios vary the base RTT (8, 12 or 16 us), the number of starting flows (4..16) and the arrival pattern; the
controller is not told N and must not assume it.

Rules (a broken rule makes the whole evaluation invalid): after every call f.cwnd and f.rate must be finite numbers
>= 0; f.startNs is read-only; keep all per-flow state in f: each flow's controller is re-run alone on its own ACKs
and must decide exactly the same, so state shared between flows (module-level variables), randomness and clocks are
rejected. No starvation: in every 500 us window after the first 500 us, each flow sending throughout it must
deliver at least 5 % of its fair share of the line rate (a controller that stops sending is not a solution).
No I/O or timers. Keep calls cheap (about 6,000 onAck calls per scenario). Metrics reported next to the score:
avg_throughput_gbps, avg_queue_bytes, max_queue_bytes, jain_fairness (last 500 us), min_flow_share, combined_score.`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('congestion-control');
  return {
    'human-sota': read(
      'human-sota',
      'theta-powertcp.ts',
      'θ-PowerTCP (NSDI 2022), per-RTT RTT-gradient power control, spec §5.1: the seed and the 0 point of the score',
    ),
    'static-window-2500': read(
      'static-window-2500',
      'static-window.ts',
      'fixed 2500 B window at line rate (simulator test controller; wins at tau = 8 us with 11 flows, starves longer RTTs)',
    ),
    'no-cc-4bdp': read('no-cc-4bdp', 'no-cc.ts', 'fixed 4-BDP window at line rate: no congestion control'),
  };
}

export function createCongestionControlTask(options: TaskOptions = {}): Task {
  const dir = resolveCaseData('congestion-control', SCENARIO_FILE, options.dataDir);
  const seed = options.dataSeed ?? DEFAULT_DATA_SEED;
  const sets: ScenarioSets = dir ? loadScenarios(dir) : builtinScenarios(seed);
  const byId = new Map<string, Scenario>();
  for (const s of [...sets.train, ...sets.test]) {
    if (byId.has(s.name)) throw new Error(`congestion-control: scenario name ${s.name} is used twice`);
    byId.set(s.name, s);
  }
  // θ-PowerTCP's result per scenario, computed on the host once (the score's 0 point).
  const seeds = new Map<string, SimResult>();
  const seedOf = (s: Scenario): SimResult => {
    let r = seeds.get(s.name);
    if (!r) seeds.set(s.name, (r = seedResult(s)));
    return r;
  };
  // Instance data is a deep copy: the host scores against its own scenario objects.
  const instances = (split: Split): Instance[] =>
    sets[split].map((s) => ({ id: s.name, split, data: JSON.parse(JSON.stringify(s)) as Scenario }));
  const score = (instance: Instance, output: unknown, _ctx?: ScoreContext): InstanceResult => {
    // Replayed on the task's own copy of the scenario, never on what the sandbox saw.
    const s = byId.get(instance.id);
    if (!s) throw new Error(`unknown instance ${instance.id}`);
    return scoreScenario(s, seedOf(s), output);
  };
  return {
    name: 'congestion-control',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'human-sota',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 10_000, memoryMb: 256 },
    dataSource: dir
      ? `scenarios from ${join(dir, SCENARIO_FILE)}`
      : `spec scenarios incast10 (train) and incast10-rtt16 (test) + 15 generated variations, seed ${seed}`,
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'congestion-control', 'harness.ts') },
      score,
      // The same scoring, deferred to the next turn of the event loop: the
      // evaluator starts the next scenario in the isolate (its own thread)
      // before awaiting this promise, so the host's replay of this scenario
      // runs alongside the candidate's next one instead of after it.
      scoreAsync: (instance, output, ctx) =>
        new Promise<InstanceResult>((resolve, reject) => {
          setImmediate(() => {
            try {
              resolve(score(instance, output, ctx));
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        }),
    },
  };
}
