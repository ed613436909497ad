// Scenarios are parameter sets, not traces (spec §3). This module is pure (it
// is bundled into the sandbox harness): the scenario shape, the two named
// scenarios of the spec, the derived simulator constants and a shape check that
// names the offending field.

export interface FlowSpec {
  /** Time the flow may start sending (ns); a pre-warmed flow has -baseRttNs. */
  startNs: number;
  /** Time the flow stops sending new data (ns), or null: infinite backlog. */
  stopNs: number | null;
  /** Running at line rate before t = 0 (pipe already full, spec §2.2). */
  prewarmed: boolean;
}

export interface Scenario {
  name: string;
  lineGbps: number;
  baseRttNs: number;
  /** sender -> switch, switch -> receiver, receiver -> sender (ACK path). */
  dSwNs: number;
  dRxNs: number;
  dAckNs: number;
  dtNs: number;
  tEndNs: number;
  mss: number;
  ecnKBytes: number;
  /** Sets betaBytes = bdp / expectedFlows in the parameters every controller sees. */
  expectedFlows: number;
  flows: FlowSpec[];
}

/** Constants the simulator derives from a scenario, in the spec's units. */
export interface SimConstants {
  n: number;
  dt: number;
  /** Steps simulated (K). */
  steps: number;
  /** sender -> switch delay in steps (D1) and switch -> receiver + ACK path (D23). */
  d1: number;
  d23: number;
  tau: number;
  /** Line rate C in bytes/ns. */
  lineRate: number;
  /** C * dt: bytes a NIC or the bottleneck moves per step. */
  perStep: number;
  bdp: number;
  mss: number;
  ecnK: number;
  beta: number;
}

/** The spec's main scenario: 11 flows, flow 0 pre-warmed, 10 start at t = 0, tau = 8 us. */
export function incastScenario(name: string, baseRttNs: number, incastFlows: number, starts?: number[]): Scenario {
  const flows: FlowSpec[] = [{ startNs: -baseRttNs, stopNs: null, prewarmed: true }];
  for (let i = 0; i < incastFlows; i++) flows.push({ startNs: starts?.[i] ?? 0, stopNs: null, prewarmed: false });
  return {
    name,
    lineGbps: 25,
    baseRttNs,
    dSwNs: baseRttNs / 4,
    dRxNs: baseRttNs / 4,
    dAckNs: baseRttNs / 2,
    dtNs: 10,
    tEndNs: 2_000_000,
    mss: 1000,
    ecnKBytes: 25_000,
    expectedFlows: 50,
    flows,
  };
}

export const INCAST10 = (): Scenario => incastScenario('incast10', 8000, 10);
export const INCAST10_RTT16 = (): Scenario => incastScenario('incast10-rtt16', 16000, 10);

export function simConstants(s: Scenario): SimConstants {
  const lineRate = s.lineGbps / 8;
  const bdp = lineRate * s.baseRttNs;
  return {
    n: s.flows.length,
    dt: s.dtNs,
    steps: s.tEndNs / s.dtNs,
    d1: s.dSwNs / s.dtNs,
    d23: (s.dRxNs + s.dAckNs) / s.dtNs,
    tau: s.baseRttNs,
    lineRate,
    perStep: lineRate * s.dtNs,
    bdp,
    mss: s.mss,
    ecnK: s.ecnKBytes,
    beta: bdp / s.expectedFlows,
  };
}

/** Largest scenario accepted (flows x steps), so that one instance stays within seconds. */
export const MAX_FLOW_STEPS = 40 * 400_000;

/**
 * Checks a scenario (possibly from a user's file) and returns the first
 * problem, naming the field, or undefined. The simulator relies on every rule.
 */
export function scenarioProblem(s: Scenario): string | undefined {
  const posInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (typeof s.name !== 'string' || s.name === '') return 'name must be a non-empty string';
  for (const k of ['dtNs', 'tEndNs', 'dSwNs', 'dRxNs', 'dAckNs', 'baseRttNs', 'mss', 'expectedFlows'] as const) {
    if (!posInt(s[k])) return `${k} must be a positive integer (got ${JSON.stringify(s[k])})`;
  }
  for (const k of ['lineGbps', 'ecnKBytes'] as const) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k]) || s[k] <= 0) return `${k} must be a positive number`;
  }
  for (const k of ['dSwNs', 'dRxNs', 'dAckNs', 'tEndNs'] as const) {
    if (s[k] % s.dtNs !== 0) return `${k} (${s[k]}) must be a multiple of dtNs (${s.dtNs})`;
  }
  if (s.dSwNs + s.dRxNs + s.dAckNs !== s.baseRttNs) return 'baseRttNs must equal dSwNs + dRxNs + dAckNs';
  if (!Array.isArray(s.flows) || s.flows.length === 0) return 'flows must be a non-empty list';
  if (s.flows.length * (s.tEndNs / s.dtNs) > MAX_FLOW_STEPS) {
    return `flows x steps exceeds ${MAX_FLOW_STEPS} (too slow to evaluate)`;
  }
  let prewarmed = 0;
  for (const [i, f] of s.flows.entries()) {
    if (f === null || typeof f !== 'object') return `flows[${i}] must be an object`;
    if (typeof f.startNs !== 'number' || !Number.isFinite(f.startNs)) return `flows[${i}].startNs must be a number`;
    if (f.stopNs !== null && (typeof f.stopNs !== 'number' || !Number.isFinite(f.stopNs))) {
      return `flows[${i}].stopNs must be a number or null`;
    }
    if (typeof f.prewarmed !== 'boolean') return `flows[${i}].prewarmed must be a boolean`;
    if (f.prewarmed) {
      prewarmed++;
      // The pre-warm fill (spec §2.2) models one flow alone at line rate with its pipe full.
      if (f.startNs !== -s.baseRttNs) return `flows[${i}] is pre-warmed, so its startNs must be -baseRttNs`;
    } else if (f.startNs < 0) return `flows[${i}].startNs must be >= 0 unless the flow is pre-warmed`;
  }
  if (prewarmed > 1) return 'at most one flow may be pre-warmed (the pre-warm fill is one flow at line rate)';
  return undefined;
}
