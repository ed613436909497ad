import { describe, expect, it } from 'vitest';
import type { TelemetryCase } from './contract.js';
import { calibrationScore, scoreCase, validateRepairs, type Repair } from './score.js';

describe('calibration rule', () => {
  it('accurate repairs: 1 above confidence 0.7, else 0.5 + (c - 0.3) * 1.25', () => {
    expect(calibrationScore(100, 95, 0.71)).toBe(1);
    expect(calibrationScore(100, 95, 0.5)).toBe(0.5 + (0.5 - 0.3) * 1.25);
    expect(calibrationScore(100, 95, 0)).toBe(0.125);
    // acc uses max(|g|, |rep|, 1): a repair of 0 for g = 0.15 is "accurate".
    expect(calibrationScore(0.15, 0, 1)).toBe(1);
  });

  it('poor repairs: 0.8 below confidence 0.3, else max(0, 0.8 - 2 c (1 - acc))', () => {
    expect(calibrationScore(100, 50, 0.29)).toBe(0.8);
    expect(calibrationScore(100, 50, 0.5)).toBeCloseTo(0.8 - 2 * 0.5 * 0.5, 15);
    expect(calibrationScore(100, 0, 1)).toBe(0);
    expect(calibrationScore(0.3, 0, 1)).toBeCloseTo(0.8 - 2 * 0.3, 15);
  });
});

const truthCase: TelemetryCase = {
  index: 0,
  snapshot: 0,
  label: 'toy',
  bugType: 'dropped',
  input: {
    telemetry: {
      A_to_B: {
        interfaceStatus: 'up',
        rxRate: 10,
        txRate: 0,
        connectedTo: 'B_to_A',
        localRouter: 'A',
        remoteRouter: 'B',
      },
      B_to_A: {
        interfaceStatus: 'up',
        rxRate: 20,
        txRate: 10,
        connectedTo: 'A_to_B',
        localRouter: 'B',
        remoteRouter: 'A',
      },
    },
    topology: { A: ['A_to_B'], B: ['B_to_A'] },
  },
  truth: {
    A_to_B: { rxRate: 10, txRate: 20, interfaceStatus: 'up' },
    B_to_A: { rxRate: 20, txRate: 0, interfaceStatus: 'up' },
  },
};

describe('per-case score', () => {
  it('counter error skips zero truths and caps at 1; status and calibration cover every interface', () => {
    const repairs = new Map<string, Repair>([
      ['A_to_B', { rx: 10, tx: 0, rxConfidence: 1, txConfidence: 1, status: 'up' }],
      ['B_to_A', { rx: 25, tx: 0, rxConfidence: 1, txConfidence: 0.2, status: 'down' }],
    ]);
    const m = scoreCase(truthCase.truth, repairs);
    // errors: rx A 0, tx A 1 (capped), rx B 0.25; tx B has g = 0 and is skipped
    expect(m.counter).toBeCloseTo(1 - 1.25 / 3, 15);
    expect(m.status).toBe(0.5);
    // calibration: 1, 0 (acc 0, conf 1), 1 (acc 0.8 exactly is not > 0.8 -> 0.8 - 2*1*0.2 = 0.4), 1 (g = 0, rep 0, conf 0.2 -> 0.5 - 0.125)
    expect(m.calibration).toBeCloseTo((1 + 0 + (0.8 - 2 * 0.2) + (0.5 + (0.2 - 0.3) * 1.25)) / 4, 12);
    expect(m.combined).toBeCloseTo(0.75 * m.counter + 0.05 * m.status + 0.2 * m.calibration, 15);
  });

  it('validateRepairs returns the repairs in ground-truth order, or names the broken rule', () => {
    const triple = (x: number) => [x, x, 0.5];
    const ok = validateRepairs(truthCase, {
      repairs: {
        B_to_A: { rxRate: triple(20), txRate: triple(10), interfaceStatus: ['up', 'up', 1] },
        A_to_B: { rxRate: triple(10), txRate: triple(0), interfaceStatus: ['up', 'up', 1] },
      },
    });
    expect(ok instanceof Map && [...ok.keys()]).toEqual(['A_to_B', 'B_to_A']);
    const missing = validateRepairs(truthCase, {
      repairs: {
        A_to_B: { rxRate: triple(1), txRate: triple(1), interfaceStatus: ['up', 'up', 1] },
        B_to_A: 'missing',
      },
    });
    expect(missing).toEqual({ error: 'interface B_to_A is missing from the output' });
    expect(validateRepairs(truthCase, { error: 'repairTelemetry returned null', repairs: {} })).toEqual({
      error: 'repairTelemetry returned null',
    });
    expect(validateRepairs(truthCase, 'nonsense')).toEqual({ error: 'malformed harness output' });
  });
});
