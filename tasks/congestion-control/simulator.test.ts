import { describe, expect, it } from 'vitest';
import type { AckEvent, CcParams, FlowState } from './contract.js';
import { generateScenarios } from './data.js';
import { CandidateDriver, harness } from './harness.js';
import * as thetaPowerTcp from './programs/theta-powertcp.js';
import { INCAST10, INCAST10_RTT16, incastScenario, type Scenario } from './scenario.js';
import { replay } from './score.js';
import { IncastSim, type SimResult } from './simulator.js';

type Init = (f: FlowState, p: CcParams) => void;
type OnAck = (f: FlowState, a: AckEvent, p: CcParams) => void;

const simulate = (s: Scenario, init: Init, onAck: OnAck): SimResult =>
  new IncastSim(s).run(new CandidateDriver(init, onAck, s));

/** θ-PowerTCP that also records every (flow, event) it sees, as JSON text. */
function recording(): { init: Init; onAck: OnAck; seen: string[] } {
  const seen: string[] = [];
  let flow = 0;
  return {
    seen,
    init: (f, p) => {
      (f as { id?: number }).id = flow++;
      thetaPowerTcp.init(f, p);
    },
    onAck: (f, a, p) => {
      seen.push(JSON.stringify({ id: (f as { id?: number }).id, a }));
      thetaPowerTcp.onAck(f, a, p);
    },
  };
}

describe('congestion-control simulator', () => {
  it('conserves bytes: per-flow deliveries add up to the throughput, never above line rate', () => {
    for (const s of [INCAST10(), ...generateScenarios(5).slice(0, 3)]) {
      const r = simulate(s, thetaPowerTcp.init, thetaPowerTcp.onAck);
      const delivered = r.perFlowDeparted.reduce((a, b) => a + b, 0);
      const fromThroughput = (r.avgThroughputGbps * s.tEndNs) / 8;
      expect(Math.abs(delivered - fromThroughput)).toBeLessThan(1e-6 * fromThroughput);
      expect(r.avgThroughputGbps).toBeLessThanOrEqual(25);
      expect(r.queueSamples.every((q) => q >= 0)).toBe(true);
      expect(r.maxQueueBytes).toBeGreaterThanOrEqual(Math.max(...r.queueSamples));
    }
  });

  it('feedback is exactly one return trip old and events only move forward', () => {
    const s = INCAST10();
    const rec = recording();
    simulate(s, rec.init, rec.onAck);
    const last = new Map<number, number>();
    for (const text of rec.seen) {
      const { id, a } = JSON.parse(text) as { id: number; a: AckEvent };
      expect(a.nowNs - a.int.tsNs).toBe(s.dRxNs + s.dAckNs);
      expect(a.rttNs).toBeGreaterThanOrEqual(s.baseRttNs);
      expect(a.sndUna).toBeLessThanOrEqual(a.sndNxt);
      expect(a.nowNs).toBeGreaterThan(last.get(id) ?? -1);
      last.set(id, a.nowNs);
    }
    expect(last.size).toBe(11);
  });

  it('a controller cannot see the future: a flow joining at 1 ms changes nothing seen before 1 ms + RTT', () => {
    const T = 1_000_000;
    const base = INCAST10();
    const joined: Scenario = { ...base, flows: [...base.flows, { startNs: T, stopNs: null, prewarmed: false }] };
    const a = recording();
    const b = recording();
    simulate(base, a.init, a.onAck);
    simulate(joined, b.init, b.onAck);
    const before = (seen: string[]): string[] =>
      seen.filter((t) => (JSON.parse(t) as { a: AckEvent }).a.nowNs < T + base.baseRttNs);
    expect(before(b.seen).length).toBeGreaterThan(3000);
    expect(before(b.seen)).toEqual(before(a.seen));
    // The probe has teeth: after T + RTT the existing flows do see the newcomer.
    expect(b.seen.slice(before(b.seen).length, before(b.seen).length + 50)).not.toEqual(
      a.seen.slice(before(a.seen).length, before(a.seen).length + 50),
    );
  });

  it('caps the pacing rate at the line rate (a NIC cannot send faster)', () => {
    const fixed =
      (rateFactor: number): Init =>
      (f, p) => {
        f.cwnd = 3 * p.bdpBytes;
        f.rate = p.lineRate * rateFactor;
      };
    const idle: OnAck = () => undefined;
    const s = INCAST10();
    const atLine = simulate(s, fixed(1), idle);
    expect(simulate(s, fixed(10), idle)).toEqual(atLine);
    expect(simulate(s, fixed(0.5), idle).avgQueueBytes).not.toBe(atLine.avgQueueBytes);
  });

  it('a stopped flow sends nothing after its stop time and is left out of fairness and starvation', () => {
    const s = incastScenario('stop', 8000, 3);
    s.flows[1]!.stopNs = 100_000;
    const r = simulate(s, thetaPowerTcp.init, thetaPowerTcp.onAck);
    // At most the window it had out at 100 us (one BDP) more than what it sent before.
    expect(r.perFlowDeparted[1]!).toBeLessThan(r.perFlowDeparted[2]! / 5);
    expect(r.starvation.share).toBeGreaterThan(0.5);
    expect(r.jainFairness).toBeGreaterThan(0.9);
  });

  it('the host replay of the harness decisions reproduces the run exactly', () => {
    for (const s of [INCAST10_RTT16(), generateScenarios(2)[0]!]) {
      const out = harness(thetaPowerTcp, s);
      const direct = simulate(s, thetaPowerTcp.init, thetaPowerTcp.onAck);
      const replayed = replay(s, JSON.parse(JSON.stringify(out)));
      if ('error' in replayed) throw new Error(replayed.error);
      expect(replayed.sim).toEqual(direct);
      expect((out as { decisions: number[] }).decisions.length).toBe(2 * (s.flows.length + direct.ackCalls));
    }
  });

  it('starvation is measured per window after the first 500 us', () => {
    const s = INCAST10();
    // Flow 3 is held to a tiny window; everyone else runs θ-PowerTCP.
    let k = 0;
    const starved: Init = (f, p) => {
      thetaPowerTcp.init(f, p);
      (f as { tiny?: boolean }).tiny = k++ === 3;
    };
    const onAck: OnAck = (f, a, p) => {
      thetaPowerTcp.onAck(f, a, p);
      if ((f as { tiny?: boolean }).tiny) f.cwnd = Math.min(f.cwnd, 50);
    };
    const r = simulate(s, starved, onAck);
    expect(r.starvation.flow).toBe(3);
    expect(r.starvation.share).toBeLessThan(0.05);
    expect(r.starvation.fromNs).toBeGreaterThanOrEqual(500_000);
    expect(simulate(s, thetaPowerTcp.init, thetaPowerTcp.onAck).starvation.share).toBeGreaterThan(0.8);
  });
});
