import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numpyMean } from '../../src/core/stats.js';
import {
  builtinScenarios,
  GEN_MAX_INCAST,
  GEN_MIN_INCAST,
  GEN_STAGGER_NS,
  generateScenarios,
  loadScenarios,
} from './data.js';
import { ccParams } from './harness.js';
import { INCAST10, INCAST10_RTT16, scenarioProblem, simConstants, type Scenario } from './scenario.js';
import { createCongestionControlTask } from './task.js';

describe('congestion-control scenario generator', () => {
  const many = Array.from({ length: 40 }, (_, s) => generateScenarios(s + 1)).flat();

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateScenarios(7)).toEqual(generateScenarios(7));
    expect(generateScenarios(7)).not.toEqual(generateScenarios(8));
  });

  it('produces valid incast scenarios: flow 0 pre-warmed at -tau, the rest start on the 10 ns grid', () => {
    for (const s of many) {
      expect(scenarioProblem(s)).toBeUndefined();
      expect(s.flows[0]).toEqual({ startNs: -s.baseRttNs, stopNs: null, prewarmed: true });
      expect([s.dSwNs, s.dRxNs, s.dAckNs]).toEqual([s.baseRttNs / 4, s.baseRttNs / 4, s.baseRttNs / 2]);
      for (const f of s.flows.slice(1)) {
        expect(f.prewarmed).toBe(false);
        expect(f.startNs % 10).toBe(0);
        expect(f.startNs).toBeGreaterThanOrEqual(0);
        expect(f.startNs).toBeLessThanOrEqual(GEN_STAGGER_NS);
      }
    }
  });

  it('has the documented statistics (600 scenarios, seeds 1..40)', () => {
    const share = (p: (s: Scenario) => boolean): number => many.filter(p).length / many.length;
    for (const tau of [8000, 12000, 16000]) {
      expect(share((s) => s.baseRttNs === tau)).toBeGreaterThan(0.28);
      expect(share((s) => s.baseRttNs === tau)).toBeLessThan(0.39);
    }
    const incast = many.map((s) => s.flows.length - 1);
    expect(Math.min(...incast)).toBe(GEN_MIN_INCAST);
    expect(Math.max(...incast)).toBe(GEN_MAX_INCAST);
    expect(numpyMean(incast)).toBeGreaterThan(9.5);
    expect(numpyMean(incast)).toBeLessThan(10.5);
    const staggered = (s: Scenario): boolean => s.name.endsWith('stagger');
    expect(share(staggered)).toBeGreaterThan(0.44);
    expect(share(staggered)).toBeLessThan(0.56);
    // Synchronized: every incast flow at 0. Staggered: uniform over [0, 50 us], mean about 25 us.
    for (const s of many.filter((x) => !staggered(x))) expect(s.flows.every((f) => f.startNs <= 0)).toBe(true);
    const starts = many.filter(staggered).flatMap((s) => s.flows.slice(1).map((f) => f.startNs));
    expect(numpyMean(starts)).toBeGreaterThan(23_500);
    expect(numpyMean(starts)).toBeLessThan(26_500);
  });

  it('default split: incast10 + 10 variations to train, incast10-rtt16 + 5 held out, unique names', () => {
    const { train, test } = builtinScenarios(1);
    expect(train.length).toBe(11);
    expect(test.length).toBe(6);
    expect(train[0]).toEqual(INCAST10());
    expect(test[0]).toEqual(INCAST10_RTT16());
    const names = [...train, ...test].map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    const gen = generateScenarios(1);
    expect(test.slice(1)).toEqual([gen[2], gen[5], gen[8], gen[11], gen[14]]);
  });

  it('the controller is not told the flow count: CcParams depend only on RTT and link', () => {
    const five = generateScenarios(3).find((s) => s.baseRttNs === 8000)!;
    expect(ccParams(simConstants(five))).toEqual(ccParams(simConstants(INCAST10())));
    expect(ccParams(simConstants(INCAST10()))).toEqual({
      baseRttNs: 8000,
      lineRate: 3.125,
      bdpBytes: 25000,
      mssBytes: 1000,
      betaBytes: 500,
      ecnThresholdBytes: 25000,
    });
  });
});

describe('congestion-control scenario files', () => {
  const golden = {
    name: 'x',
    line_gbps: 25,
    base_rtt_ns: 8000,
    d_sw_ns: 2000,
    d_rx_ns: 2000,
    d_ack_ns: 4000,
    dt_ns: 10,
    t_end_ns: 2_000_000,
    mss: 1000,
    ecn_k_bytes: 25000,
    expected_flows: 50,
    flows: [
      { start_ns: -8000, stop_ns: null, prewarmed: true },
      { start_ns: 0, stop_ns: 1_000_000, prewarmed: false },
    ],
  };
  const write = (scenarios: unknown[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-data-'));
    writeFileSync(join(dir, 'scenarios.json'), JSON.stringify({ scenarios }));
    return dir;
  };

  it('loads the golden format with a split per scenario', () => {
    const dir = write([
      { ...golden, split: 'train' },
      { ...golden, name: 'y', split: 'test' },
    ]);
    const sets = loadScenarios(dir);
    expect(sets.train.map((s) => s.name)).toEqual(['x']);
    expect(sets.test[0]!.flows[1]).toEqual({ startNs: 0, stopNs: 1_000_000, prewarmed: false });
    const task = createCongestionControlTask({ dataDir: dir });
    expect(task.instances('test').map((i) => i.id)).toEqual(['y']);
    expect(task.dataSource).toContain('scenarios.json');
  });

  it.each([
    [{ ...golden, split: 'train', base_rtt_ns: undefined }, /scenarios\[0\]\.base_rtt_ns must be a number/],
    [{ ...golden, split: 'dev' }, /scenarios\[0\]\.split must be "train" or "test"/],
    [{ ...golden, split: 'train', d_ack_ns: 5000 }, /scenarios\[0\]: baseRttNs must equal dSwNs \+ dRxNs \+ dAckNs/],
    [{ ...golden, split: 'train', d_sw_ns: 2005, d_ack_ns: 3995 }, /dSwNs \(2005\) must be a multiple of dtNs/],
    [{ ...golden, split: 'train', flows: [golden.flows[0], golden.flows[0]] }, /at most one flow may be pre-warmed/],
    [
      { ...golden, split: 'train', flows: [{ start_ns: -1, stop_ns: null, prewarmed: false }] },
      /flows\[0\]\.startNs must be >= 0 unless the flow is pre-warmed/,
    ],
    [
      { ...golden, split: 'train', flows: [{ start_ns: 0, prewarmed: 'no' }] },
      /flows\[0\]\.prewarmed must be a boolean/,
    ],
  ])('rejects a bad scenario, naming the file and the field (%#)', (bad, message) => {
    const dir = write([bad, { ...golden, name: 'ok', split: 'test' }]);
    expect(() => loadScenarios(dir)).toThrow(message);
    expect(() => loadScenarios(dir)).toThrow(/scenarios\.json/);
  });

  it('rejects duplicate names and a missing split', () => {
    expect(() =>
      loadScenarios(
        write([
          { ...golden, split: 'train' },
          { ...golden, split: 'test' },
        ]),
      ),
    ).toThrow(/"x" is used twice/);
    expect(() => loadScenarios(write([{ ...golden, split: 'train' }]))).toThrow(/at least one "train" and one "test"/);
  });
});
