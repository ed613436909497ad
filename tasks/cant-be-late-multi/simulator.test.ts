import { describe, expect, it } from 'vitest';
import { normalisedScore, pyRound2, replayRun, type HostRun } from './score.js';
import { NONE, ON_DEMAND, runCost, simulateRun, SPOT, type Decider } from './simulator.js';

const L = 1107;
const trace = (availableAt: (t: number) => boolean, length = L): Uint8Array =>
  Uint8Array.from({ length }, (_, t) => (availableAt(t) ? 0 : 1));
const always = trace(() => true);
const never = trace(() => false);

function run(avail: Uint8Array[], decide: Decider) {
  const r = simulateRun(avail, decide);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('cant-be-late-multi simulator semantics', () => {
  it('a (re)start burns 720 s: three idle ticks, then 60 s, then full 195 s ticks', () => {
    const r = run([always], () => SPOT);
    expect(Array.from(r.state.progress.subarray(0, 7))).toEqual([0, 0, 0, 0, 60, 195, 195]);
    // 172800 s of work = 60 + 885 * 195 + 75; the job completes at tick 890, billed ticks 1..890.
    expect(r.outcome.finishTick).toBe(890);
    expect(r.outcome.spotTicks).toBe(890);
    expect(r.outcome.decisions).toBe(892); // ticks 0..890 and the post-loop step
  });

  it('moving to another region on the same cluster type costs nothing; after a preemption it restarts', () => {
    const goneAt10 = trace((t) => t < 10);
    const early = run([goneAt10, always], (s) => {
      if (s.t === 8) s.region = 1;
      return SPOT;
    });
    expect(early.state.progress[9]).toBe(195);
    expect(early.state.progress[12]).toBe(195);
    const late = run([goneAt10, always], (s) => {
      if (s.t === 10) s.region = 1;
      return SPOT;
    });
    // At tick 10 the spot in region 0 was lost: the new spot start pays the overhead again.
    expect(Array.from(late.state.progress.subarray(10, 15))).toEqual([195, 0, 0, 0, 60]);
  });

  it('spot requested in a region without spot becomes idle', () => {
    const r = run([always, never], (s) => {
      if (s.t === 20) s.region = 1;
      if (s.t === 25) s.region = 0;
      return SPOT;
    });
    expect(r.state.history[20]).toBe(SPOT);
    for (let k = 21; k <= 25; k++) expect(r.state.history[k]).toBe(NONE);
    expect(r.state.history[26]).toBe(SPOT);
  });

  it('the strong guarantee runs the job on demand in time even for a policy that never works', () => {
    const r = run([never, never], () => NONE);
    expect(r.outcome.spotTicks).toBe(0);
    expect(r.outcome.onDemandTicks).toBe(890);
    expect(r.outcome.deadlineMiss).toBe(false);
    expect(runCost(r.state.history, r.outcome.finishTick, 1.5)).toBe(147.51750000000177);
  });

  it('fails when the job is not done at the end of the trace', () => {
    const short = trace(() => true, 700);
    const r = simulateRun([short, short], () => SPOT);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/trace ended/);
  });

  it('bills all spot time at prices[0] of the region current after the completion-tick decision', () => {
    const host: HostRun = { file: 0, availability: [always, always], spotPrices0: [1.0, 2.0] };
    const base = run([always, always], () => SPOT);
    const codes = Array.from({ length: base.outcome.decisions }, () => SPOT); // region 0, SPOT
    const inRegion0 = replayRun(host, codes, 't');
    codes[base.outcome.finishTick] = 1 * 3 + NONE; // move to region 1 at the completion tick
    const inRegion1 = replayRun(host, codes, 't');
    if ('error' in inRegion0 || 'error' in inRegion1) throw new Error('replay failed');
    expect(inRegion0.billingRegion).toBe(0);
    expect(inRegion1.billingRegion).toBe(1);
    let expected = 0;
    for (let k = 0; k < 890; k++) expected += (2.0 * 195) / 3600;
    expect(inRegion1.cost).toBe(expected);
    expect(inRegion1.cost).toBeCloseTo(2 * inRegion0.cost, 9);
  });

  it('on-demand and spot amounts are summed left to right per tick', () => {
    const h = Uint8Array.from([NONE, SPOT, ON_DEMAND, SPOT, NONE]);
    expect(runCost(h, 3, 0.918)).toBe((0.918 * 195) / 3600 + (3.06 * 195) / 3600 + (0.918 * 195) / 3600);
    expect(runCost(h, 1, 0.918)).toBe((0.918 * 195) / 3600);
  });
});

describe('cant-be-late-multi score arithmetic', () => {
  it('rounds like Python round(x, 2), exact ties to even', () => {
    expect(pyRound2(0.125)).toBe(0.12);
    expect(pyRound2(0.375)).toBe(0.38);
    expect(pyRound2(2.675)).toBe(2.67); // 2.67499999... in binary
    expect(pyRound2(1.005)).toBe(1); // 1.00499999...
    expect(pyRound2(64.58251104895375)).toBe(64.58);
    expect(pyRound2(100)).toBe(100);
  });

  it('anchors at the on-demand and all-spot costs and clips', () => {
    expect(normalisedScore(146.88)).toBe(0);
    expect(normalisedScore(46.7088)).toBe(100);
    expect(normalisedScore(200)).toBe(0);
    expect(normalisedScore(10)).toBe(100);
    expect(normalisedScore(82.18692369213043)).toBe(64.58251104895375);
  });
});
