// Host-side scoring: checks the harness's untrusted output (a list of window
// decisions), replays it through a pristine simulator on the task's own copy
// of the scenario, and turns the result into the spec's 0-100 score (§4)
// relative to θ-PowerTCP on the same scenario.
import type { InstanceResult } from '../../src/core/types.js';
import { CandidateDriver } from './harness.js';
import * as thetaPowerTcp from './programs/theta-powertcp.js';
import type { Scenario } from './scenario.js';
import { combinedScore, STARVATION_GRACE_NS, WINDOW_NS } from './metrics.js';
import { IncastSim, type SimDriver, type SimResult } from './simulator.js';

/**
 * Starvation rule (ours, not the spec's; see README): in every 500 us window
 * after the first 500 us, each flow sending throughout the window must
 * deliver at least this fraction of its fair share of the line rate
 * (C * 500 us / flows). θ-PowerTCP's worst flow on the generated scenarios
 * gets about 0.17; a controller that stops a flow, or all of them, gets 0.
 */
export const MIN_FLOW_SHARE = 0.05;

/** Feeds recorded decisions back in call order; reports a mismatch instead of inventing values. */
class ReplayDriver implements SimDriver {
  private pos = 0;
  overrun = false;

  constructor(private readonly decisions: readonly number[]) {}

  init(sim: IncastSim, i: number): void {
    this.next(sim, i);
  }

  ack(sim: IncastSim, i: number): void {
    this.next(sim, i);
  }

  get used(): number {
    return this.pos;
  }

  private next(sim: IncastSim, i: number): void {
    if (this.pos + 1 >= this.decisions.length) {
      // Out of decisions: freeze this flow (cwnd 0) so the replay ends; the caller rejects the output.
      this.overrun = true;
      sim.cwnd[i] = 0;
      sim.rate[i] = 0;
      return;
    }
    sim.cwnd[i] = this.decisions[this.pos]!;
    sim.rate[i] = this.decisions[this.pos + 1]!;
    this.pos += 2;
  }
}

/** Shape check of the harness output: { decisions: [cwnd, rate, ...] }, every value finite and >= 0. */
export function checkDecisions(output: unknown): number[] | string {
  const o = output as { decisions?: unknown } | null;
  if (o === null || typeof o !== 'object' || !Array.isArray(o.decisions)) {
    return 'the harness output is not { decisions: number[] }';
  }
  const d = o.decisions as unknown[];
  if (d.length % 2 !== 0) return `decisions must come in (cwnd, rate) pairs, got ${d.length} values`;
  for (let j = 0; j < d.length; j++) {
    const v = d[j];
    if (typeof v !== 'number' || !(v >= 0) || v === Infinity) {
      return `decision ${j >> 1} sets ${j % 2 === 0 ? 'cwnd' : 'rate'} to ${JSON.stringify(v)}: it must be a finite number >= 0`;
    }
  }
  return d as number[];
}

/** Replays the decisions on the scenario; the error when they do not fit its calls exactly. */
export function replay(scenario: Scenario, output: unknown): { sim: SimResult } | { error: string } {
  const decisions = checkDecisions(output);
  if (typeof decisions === 'string') return { error: decisions };
  const driver = new ReplayDriver(decisions);
  const sim = new IncastSim(scenario).run(driver);
  if (driver.overrun || driver.used !== decisions.length) {
    return {
      error:
        `the recorded decisions do not match the simulation: ${decisions.length / 2} recorded, ` +
        `${driver.overrun ? 'more' : driver.used / 2} needed by the replay`,
    };
  }
  return { sim };
}

/** θ-PowerTCP (the seed and human baseline) on a scenario, run on the host: the 0-point of the score. */
export function seedResult(scenario: Scenario): SimResult {
  return new IncastSim(scenario).run(new CandidateDriver(thetaPowerTcp.init, thetaPowerTcp.onAck, scenario));
}

/** 100 * clamp((S - S_seed) / (ideal - S_seed), 0, 1); ideal = line rate with an empty queue (e^5 at 25 Gbit/s). */
export function normalisedScore(s: number, seed: number, lineGbps: number): number {
  const ideal = combinedScore(lineGbps, 0);
  const span = ideal - seed;
  if (!(span > 1e-12)) return s >= ideal ? 100 : 0;
  return 100 * Math.min(1, Math.max(0, (s - seed) / span));
}

export function scoreScenario(scenario: Scenario, seed: SimResult, output: unknown): InstanceResult {
  const replayed = replay(scenario, output);
  if ('error' in replayed) {
    return { instanceId: scenario.name, score: 0, metrics: {}, failure: { kind: 'invalid', message: replayed.error } };
  }
  const r = replayed.sim;
  const st = r.starvation;
  if (st.share < MIN_FLOW_SHARE) {
    const message =
      `flow ${st.flow} starved: it delivered ${(st.share * 100).toFixed(1)} % of its fair share of the line rate between ` +
      `${st.fromNs / 1000} and ${st.toNs / 1000} us (at least ${MIN_FLOW_SHARE * 100} % is required in every ` +
      `${WINDOW_NS / 1000} us window after the first ${STARVATION_GRACE_NS / 1000} us)`;
    return { instanceId: scenario.name, score: 0, metrics: {}, failure: { kind: 'invalid', message } };
  }
  const score = normalisedScore(r.combinedScore, seed.combinedScore, scenario.lineGbps);
  return {
    instanceId: scenario.name,
    score,
    metrics: {
      avg_throughput_gbps: r.avgThroughputGbps,
      avg_queue_bytes: r.avgQueueBytes,
      max_queue_bytes: r.maxQueueBytes,
      jain_fairness: r.jainFairness,
      min_flow_share: st.share,
      combined_score: r.combinedScore,
    },
    feedback:
      `${scenario.flows.length} flows, base RTT ${scenario.baseRttNs / 1000} us: ` +
      `throughput ${r.avgThroughputGbps.toFixed(3)} Gbit/s, avg queue ${r.avgQueueBytes.toFixed(0)} B ` +
      `(θ-PowerTCP ${seed.avgThroughputGbps.toFixed(3)} Gbit/s, ${seed.avgQueueBytes.toFixed(0)} B), ` +
      `combined ${r.combinedScore.toFixed(2)} vs ${seed.combinedScore.toFixed(2)}, Jain ${r.jainFairness.toFixed(4)}`,
  };
}
