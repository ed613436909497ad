// The reference's perturbation model (legacy evaluator), written from the spec
// (§2.1 step 5). Draw order matters: it reproduces CPython's stream exactly.
// Unlike the reference, the records handed to the program never carry the
// clean values: ground truth lives only in the returned `truth` map.

import { BUG_TYPES, type CleanSnapshot, type IfCounters, type PublicCase, type TelemetryCase } from './contract.js';
import { PyRandom } from '../../src/core/cpython-random.js';

/** Probability that one interface (dropped / scaled) or one router (correlated) is hit. */
export const FAULT_PROBABILITY = 0.2;
export const NOISE = [0.98, 1.02] as const;
export const SCALE_DOWN = [0.5, 0.8] as const;
export const SCALE_UP = [1.2, 1.5] as const;

/** choice([uniform(0.5, 0.8), uniform(1.2, 1.5)]): both uniforms are drawn, then the choice. */
function scaleFactor(rng: PyRandom): number {
  const down = rng.uniform(SCALE_DOWN[0], SCALE_DOWN[1]);
  const up = rng.uniform(SCALE_UP[0], SCALE_UP[1]);
  return rng.choice([down, up]);
}

/** Router id -> interface ids, in the order routers first appear among the interfaces. */
export function topologyOf(snapshot: CleanSnapshot): Record<string, string[]> {
  const topology: Record<string, string[]> = {};
  for (const i of snapshot.interfaces) (topology[i.localRouter] ??= []).push(i.id);
  return topology;
}

/** Builds one case from a clean snapshot, consuming `rng` exactly as the reference does. */
export function perturbSnapshot(snapshot: CleanSnapshot, rng: PyRandom): Omit<TelemetryCase, 'index' | 'snapshot'> {
  const topology = topologyOf(snapshot);
  const bugType = rng.choice(BUG_TYPES);
  const clean = new Map(snapshot.interfaces.map((i) => [i.id, i]));
  const telemetry: Record<string, IfCounters> = {};
  const truth: TelemetryCase['truth'] = {};
  const publicRecord = (id: string, rxRate: number, txRate: number): IfCounters => {
    const c = clean.get(id)!;
    return {
      interfaceStatus: 'up',
      rxRate,
      txRate,
      connectedTo: `${c.remoteRouter}_to_${c.localRouter}`,
      localRouter: c.localRouter,
      remoteRouter: c.remoteRouter,
    };
  };
  for (const c of snapshot.interfaces) {
    truth[c.id] = { rxRate: c.rxRate, txRate: c.txRate, interfaceStatus: 'up' };
    // Measurement noise on every counter (not a bug), rx first.
    let rx = c.rxRate * rng.uniform(NOISE[0], NOISE[1]);
    let tx = c.txRate * rng.uniform(NOISE[0], NOISE[1]);
    if (bugType === 'dropped') {
      if (rng.random() < FAULT_PROBABILITY) {
        rx = 0;
        tx = 0;
      }
    } else if (bugType === 'scaled') {
      if (rng.random() < FAULT_PROBABILITY) {
        rx *= scaleFactor(rng);
        tx *= scaleFactor(rng);
      }
    }
    telemetry[c.id] = publicRecord(c.id, rx, tx);
  }
  // Correlated faults: a draw per router for every bug type; a hit router's
  // interfaces are rebuilt from the clean values (no noise), zeroed or scaled.
  for (const ids of Object.values(topology)) {
    if (rng.random() < 1 - FAULT_PROBABILITY) continue;
    if (bugType === 'correlated_dropped') {
      for (const id of ids) telemetry[id] = publicRecord(id, 0, 0);
    } else if (bugType === 'correlated_scaled') {
      for (const id of ids) {
        const c = clean.get(id)!;
        const rx = c.rxRate * scaleFactor(rng);
        const tx = c.txRate * scaleFactor(rng);
        telemetry[id] = publicRecord(id, rx, tx);
      }
    }
  }
  const input: PublicCase = { telemetry, topology };
  return { label: snapshot.label, bugType, input, truth };
}

export const CASES_PER_SET = 30;

/**
 * The reference's case list: `random.seed(seed)`, `random.sample(snapshots, 30)`,
 * then each drawn snapshot perturbed in turn from the same stream.
 */
export function buildCases(snapshots: readonly CleanSnapshot[], seed: number, count = CASES_PER_SET): TelemetryCase[] {
  const rng = new PyRandom(seed);
  const positions = rng.sample(
    snapshots.map((_, i) => i),
    Math.min(count, snapshots.length),
  );
  return positions.map((snapshot, index) => ({ ...perturbSnapshot(snapshots[snapshot]!, rng), index, snapshot }));
}
