import { describe, expect, it } from 'vitest';
import { CblSim, NONE, ON_DEMAND, replayRun, simConfig, SPOT, type ClusterCode, type SimConfig } from './simulator.js';

const OD_TICK = 0.51;
const SPOT_TICK = 0.16218333333333335;

/** A small job: 1200 s of work in 600 s ticks. */
function cfg(over: Partial<SimConfig>): SimConfig {
  return { ...simConfig(0, 0, 0, 600), taskSeconds: 1200, deadlineSeconds: 3600, overheadSeconds: 60, ...over };
}
const avail = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === '1' ? 1 : 0));

/** Steps the simulator by hand: the applied cluster per tick. */
function stepAll(c: SimConfig, trace: Uint8Array, choices: ClusterCode[]): { sim: CblSim; applied: ClusterCode[] } {
  const sim = new CblSim(c, trace, true);
  const applied: ClusterCode[] = [];
  for (const x of choices) {
    if (sim.finished) break;
    expect(sim.observe()).toBe(true);
    applied.push(sim.apply(x));
  }
  return { sim, applied };
}

describe('cant-be-late simulator semantics (spec §2)', () => {
  it('prices per tick are the reference doubles', () => {
    const c = simConfig(48, 52, 0.02, 600);
    expect(c.tickPrice).toEqual([0, SPOT_TICK, OD_TICK]);
    expect([c.taskSeconds, c.deadlineSeconds, c.overheadSeconds]).toEqual([172800, 187200, 72]);
    expect(simConfig(48, 70, 0.1, 600).overheadSeconds).toBe(360);
  });

  it('bills the cluster chosen for each tick before completion, never the completion-tick decision', () => {
    const c = cfg({});
    // t0 start OD (loses 60 s), t1 +540, t2 +600, t3 +60 = 1200: done at t* = 3; t4 is the post-loop call.
    const r = replayRun(c, avail('000000'), 'OOOOO');
    expect(r).toEqual({
      ok: true,
      cost: 0 + OD_TICK + OD_TICK + OD_TICK,
      finishTick: 3,
      spotTicks: 0,
      onDemandTicks: 3,
      overrides: 0,
      lateSeconds: 0,
    });
    // Idling at the completion tick and after changes nothing.
    expect(replayRun(c, avail('000000'), 'OOONN')).toEqual(r);
    const { sim } = stepAll(c, avail('000000'), [ON_DEMAND, ON_DEMAND, ON_DEMAND, ON_DEMAND]);
    expect(sim.progress).toEqual([0, 540, 600, 60]);
  });

  it('needs exactly one decision per call, the post-loop call included, and the post-loop tick in the trace', () => {
    const c = cfg({});
    expect(replayRun(c, avail('000000'), 'OOO')).toEqual({ ok: false, reason: 'too-few', tick: 3 });
    expect(replayRun(c, avail('000000'), 'OOOO')).toEqual({ ok: false, reason: 'too-few', tick: 4 });
    expect(replayRun(c, avail('000000'), 'OOOOOO')).toMatchObject({ ok: false, reason: 'too-many' });
    expect(replayRun(c, avail('000000'), 'OOXOO')).toMatchObject({ ok: false, reason: 'bad-char', tick: 2 });
    // Done at tick 3: the trace must still have tick 4 for the post-loop observation.
    expect(replayRun(c, avail('0000'), 'OOOOO')).toEqual({ ok: false, reason: 'off-trace', tick: 4 });
  });

  it('a preempted spot tick still earns its progress; SPOT without capacity becomes NONE', () => {
    const c = cfg({ overheadSeconds: 0, deadlineSeconds: 6000 });
    const { sim, applied } = stepAll(c, avail('0010000'), [SPOT, SPOT, SPOT, SPOT, SPOT]);
    // t0 S, t1 S (capacity), t2 preempted: t1's tick still credits 600; SPOT at t2 becomes NONE.
    expect(applied.slice(0, 3)).toEqual([SPOT, SPOT, NONE]);
    expect(sim.progress!.slice(0, 3)).toEqual([0, 600, 600]);
    expect(sim.finished).toBe(true);
  });

  it('a restart resets the remaining overhead to d (never adds to it) and a tiny rest snaps to 0', () => {
    const c = cfg({ overheadSeconds: 900, deadlineSeconds: 36000, taskSeconds: 6000 });
    const sim = new CblSim(c, avail('0000000000'), true);
    sim.observe();
    sim.apply(ON_DEMAND);
    expect(sim.rro).toBe(900);
    sim.observe(); // 600 s of the 900 s overhead consumed, no progress
    expect([sim.rro, sim.workDone]).toEqual([300, 0]);
    sim.apply(SPOT); // switching type: reset to 900, not 1200
    expect(sim.rro).toBe(900);
    sim.observe();
    sim.apply(NONE); // going idle leaves it alone
    expect(sim.rro).toBe(300);
    const snap = new CblSim(cfg({ overheadSeconds: 600.0005, deadlineSeconds: 36000 }), avail('0000'), true);
    snap.observe();
    snap.apply(ON_DEMAND);
    snap.observe();
    expect(snap.rro).toBe(0);
  });

  it('the deadline guarantee forces ON_DEMAND whatever the policy says', () => {
    // 1200 s of work, 60 s overhead, deadline 1800 s: critical from tick 0.
    const c = cfg({ deadlineSeconds: 1800 });
    const r = replayRun(c, avail('11111111'), 'NNNNN');
    expect(r).toMatchObject({ ok: true, finishTick: 3, onDemandTicks: 3, overrides: 3, lateSeconds: 0 });
  });

  it("the guarantee's quirk: a preemption in the critical zone asks for SPOT, which idles one tick", () => {
    // 1800 s of work, d = 360, deadline 3600. Spot from tick 1; after tick 2's credit the run is
    // critical with last = SPOT, but tick 2 has no capacity: the override asks SPOT -> NONE.
    const c = cfg({ taskSeconds: 1800, overheadSeconds: 360, deadlineSeconds: 3600 });
    const trace = avail('0011111111');
    const { applied, sim } = stepAll(c, trace, [
      NONE,
      SPOT,
      ON_DEMAND,
      ON_DEMAND,
      ON_DEMAND,
      ON_DEMAND,
      ON_DEMAND,
      ON_DEMAND,
    ]);
    expect(applied.slice(0, 4)).toEqual([NONE, SPOT, NONE, ON_DEMAND]);
    expect(sim.overrides).toBe(1);
    const r = replayRun(c, trace, 'NSOOOOOOO');
    expect(r).toMatchObject({ ok: true, finishTick: 7, spotTicks: 1, onDemandTicks: 4, lateSeconds: 600 });
  });
});
