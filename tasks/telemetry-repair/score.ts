// Host-side checking and scoring of one case. The metric code follows the
// reference's operation order (ids in ground-truth order, rx before tx, plain
// running sums) so that per-case values agree with it bit for bit.

import type { TelemetryCase, TruthCounters } from './contract.js';
import { WEIGHTS } from './contract.js';

export interface Repair {
  rx: number;
  tx: number;
  rxConfidence: number;
  txConfidence: number;
  status: string;
}

export interface CaseMetrics {
  counter: number;
  status: number;
  calibration: number;
  combined: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function triple(v: unknown, what: string): unknown[] {
  if (typeof v === 'string') throw new Error(`${what} must be a triple [original, repaired, confidence], got ${v}`);
  if (!Array.isArray(v) || v.length !== 3) throw new Error(`${what} must be a triple [original, repaired, confidence]`);
  return v;
}

function confidence(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
    throw new Error(`${what} confidence must be a number in [0, 1], got ${JSON.stringify(v)}`);
  return v;
}

function counter(v: unknown, id: string, field: 'rxRate' | 'txRate'): { value: number; confidence: number } {
  const what = `${id}.${field}`;
  const [original, repaired, conf] = triple(v, what);
  if (typeof original !== 'number') throw new Error(`${what}[0] (original) must be a number`);
  if (typeof repaired !== 'number' || !Number.isFinite(repaired) || repaired < 0)
    throw new Error(`${what}[1] (repaired) must be a finite number >= 0, got ${JSON.stringify(repaired)}`);
  return { value: repaired, confidence: confidence(conf, what) };
}

/**
 * Checks the harness's copy of the program's answer: every interface present,
 * rx and tx as triples with a finite repaired rate >= 0 and a confidence in
 * [0, 1], status as a triple with 'up' or 'down'. Returns the repairs in
 * ground-truth order, or the first broken rule. `skipMissing` reproduces the
 * reference, which silently skips missing ids (golden checks only).
 */
export function validateRepairs(
  c: TelemetryCase,
  output: unknown,
  skipMissing = false,
): Map<string, Repair> | { error: string } {
  if (!isObject(output) || !isObject(output.repairs)) return { error: 'malformed harness output' };
  if (typeof output.error === 'string') return { error: output.error };
  const repairs = output.repairs;
  const out = new Map<string, Repair>();
  try {
    for (const id of Object.keys(c.truth)) {
      const e = repairs[id];
      if (e === undefined || e === 'missing') {
        if (skipMissing) continue;
        throw new Error(`interface ${id} is missing from the output`);
      }
      if (!isObject(e))
        throw new Error(`interface ${id}: expected { rxRate, txRate, interfaceStatus }, got ${JSON.stringify(e)}`);
      const rx = counter(e.rxRate, id, 'rxRate');
      const tx = counter(e.txRate, id, 'txRate');
      const [, st, stConf] = triple(e.interfaceStatus, `${id}.interfaceStatus`);
      if (st !== 'up' && st !== 'down')
        throw new Error(`${id}.interfaceStatus[1] must be 'up' or 'down', got ${JSON.stringify(st)}`);
      confidence(stConf, `${id}.interfaceStatus`);
      out.set(id, { rx: rx.value, tx: tx.value, rxConfidence: rx.confidence, txConfidence: tx.confidence, status: st });
    }
  } catch (error) {
    return { error: (error as Error).message };
  }
  return out;
}

/** Calibration score of one counter (the reference's rule, clipped to [0, 1]). */
export function calibrationScore(truth: number, repaired: number, conf: number): number {
  const maxVal = Math.max(Math.abs(truth), Math.abs(repaired), 1.0);
  const accuracy = 1.0 - Math.abs(truth - repaired) / maxVal;
  let score: number;
  if (accuracy > 0.8) score = conf > 0.7 ? 1.0 : 0.5 + (conf - 0.3) * 1.25;
  else if (conf < 0.3) score = 0.8;
  else score = Math.max(0.0, 0.8 - conf * (1.0 - accuracy) * 2.0);
  return Math.max(0.0, Math.min(1.0, score));
}

/** The three per-case components and their weighted sum. */
export function scoreCase(
  truth: Readonly<Record<string, TruthCounters>>,
  repairs: ReadonlyMap<string, Repair>,
): CaseMetrics {
  let totalError = 0;
  let measured = 0;
  let correctStatus = 0;
  let statuses = 0;
  let calibrationTotal = 0;
  let calibrated = 0;
  for (const [id, g] of Object.entries(truth)) {
    const r = repairs.get(id);
    if (!r) continue; // only in skip-missing mode; validation requires every id otherwise
    for (const [gt, rep, conf] of [
      [g.rxRate, r.rx, r.rxConfidence],
      [g.txRate, r.tx, r.txConfidence],
    ] as const) {
      if (gt > 0) {
        totalError += Math.min(Math.abs(rep - gt) / gt, 1.0);
        measured++;
      }
      calibrationTotal += calibrationScore(gt, rep, conf);
      calibrated++;
    }
    statuses++;
    if (r.status === g.interfaceStatus) correctStatus++;
  }
  const counter = measured === 0 ? 0.0 : Math.max(0.0, 1.0 - totalError / measured);
  const status = statuses === 0 ? 1.0 : correctStatus / statuses;
  const calibration = calibrated === 0 ? 1.0 : calibrationTotal / calibrated;
  const combined = counter * WEIGHTS.counter + status * WEIGHTS.status + calibration * WEIGHTS.calibration;
  return { counter, status, calibration, combined };
}
