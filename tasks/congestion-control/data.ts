// Instances of the congestion-control task are scenarios (spec §3). The
// built-in set is the spec's two named scenarios plus seeded variations;
// a data folder may instead hold `scenarios.json` in the golden file's
// scenario format (snake_case), each with a "split".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MT19937 } from '../../src/core/mt19937.js';
import type { Split } from '../../src/core/types.js';
import { INCAST10, INCAST10_RTT16, incastScenario, scenarioProblem, type Scenario } from './scenario.js';

export const SCENARIO_FILE = 'scenarios.json';
export const DEFAULT_DATA_SEED = 1;
/** Generated variations per seed; index g goes to the test split when g % TEST_EVERY === TEST_EVERY - 1. */
export const GENERATED = 15;
export const TEST_EVERY = 3;

/** Base RTTs the generator draws from (ns); each splits as tau/4 + tau/4 + tau/2 like the spec's. */
export const GEN_RTTS_NS = [8000, 12000, 16000] as const;
/** Incast degree (flows starting besides the pre-warmed one): uniform in [GEN_MIN_INCAST, GEN_MAX_INCAST]. */
export const GEN_MIN_INCAST = 4;
export const GEN_MAX_INCAST = 16;
/** Staggered arrivals: each incast flow starts uniformly in [0, GEN_STAGGER_NS], on the 10 ns grid. */
export const GEN_STAGGER_NS = 50_000;

export type ScenarioSets = Record<Split, Scenario[]>;

/**
 * Seeded variations of the incast (numpy-compatible MT19937): per scenario a
 * base RTT, an incast degree, and synchronized (p = 1/2) or staggered starts.
 */
export function generateScenarios(seed: number, count = GENERATED): Scenario[] {
  const rng = new MT19937(seed);
  const out: Scenario[] = [];
  for (let g = 0; g < count; g++) {
    const tau = GEN_RTTS_NS[rng.randint(0, GEN_RTTS_NS.length)]!;
    const incast = rng.randint(GEN_MIN_INCAST, GEN_MAX_INCAST + 1);
    const staggered = rng.randint(0, 2) === 1;
    const starts = Array.from({ length: incast }, () => (staggered ? rng.randint(0, GEN_STAGGER_NS / 10 + 1) * 10 : 0));
    const name = `s${seed}-${g}-rtt${tau / 1000}-n${incast}-${staggered ? 'stagger' : 'sync'}`;
    out.push(incastScenario(name, tau, incast, starts));
  }
  return out;
}

/** The default instances: incast10 + 2/3 of the variations to train; incast10-rtt16 + the rest held out. */
export function builtinScenarios(seed: number): ScenarioSets {
  const gen = generateScenarios(seed);
  const test = (g: number): boolean => g % TEST_EVERY === TEST_EVERY - 1;
  return {
    train: [INCAST10(), ...gen.filter((_, g) => !test(g))],
    test: [INCAST10_RTT16(), ...gen.filter((_, g) => test(g))],
  };
}

/** Reads `<dir>/scenarios.json`: { "scenarios": [ { "split": "train" | "test", ...scenario } ] }. */
export function loadScenarios(dir: string): ScenarioSets {
  const file = join(dir, SCENARIO_FILE);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { scenarios?: unknown };
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.scenarios)) {
    throw new Error(`${file}: expected an object with a "scenarios" list`);
  }
  const sets: ScenarioSets = { train: [], test: [] };
  const names = new Set<string>();
  (raw.scenarios as unknown[]).forEach((entry, i) => {
    const where = `${file}: scenarios[${i}]`;
    if (entry === null || typeof entry !== 'object') throw new Error(`${where} must be an object`);
    const e = entry as Record<string, unknown>;
    if (e.split !== 'train' && e.split !== 'test') throw new Error(`${where}.split must be "train" or "test"`);
    const s = fromJson(e, where);
    const problem = scenarioProblem(s);
    if (problem) throw new Error(`${where}: ${problem}`);
    if (names.has(s.name)) throw new Error(`${where}.name "${s.name}" is used twice`);
    names.add(s.name);
    sets[e.split].push(s);
  });
  if (sets.train.length === 0 || sets.test.length === 0) {
    throw new Error(`${file}: needs at least one "train" and one "test" scenario`);
  }
  return sets;
}

const FIELDS: [keyof Scenario, string][] = [
  ['lineGbps', 'line_gbps'],
  ['baseRttNs', 'base_rtt_ns'],
  ['dSwNs', 'd_sw_ns'],
  ['dRxNs', 'd_rx_ns'],
  ['dAckNs', 'd_ack_ns'],
  ['dtNs', 'dt_ns'],
  ['tEndNs', 't_end_ns'],
  ['mss', 'mss'],
  ['ecnKBytes', 'ecn_k_bytes'],
  ['expectedFlows', 'expected_flows'],
];

/** The golden file's snake_case scenario object -> Scenario (numbers checked here, the rest by scenarioProblem). */
export function fromJson(e: Record<string, unknown>, where: string): Scenario {
  if (typeof e.name !== 'string') throw new Error(`${where}.name must be a string`);
  const s = { name: e.name } as Record<string, unknown>;
  for (const [key, field] of FIELDS) {
    if (typeof e[field] !== 'number') throw new Error(`${where}.${field} must be a number`);
    s[key] = e[field];
  }
  if (!Array.isArray(e.flows)) throw new Error(`${where}.flows must be a list`);
  s.flows = (e.flows as unknown[]).map((f, j) => {
    const o = f as Record<string, unknown> | null;
    if (o === null || typeof o !== 'object') throw new Error(`${where}.flows[${j}] must be an object`);
    if (typeof o.start_ns !== 'number') throw new Error(`${where}.flows[${j}].start_ns must be a number`);
    if (o.stop_ns !== null && o.stop_ns !== undefined && typeof o.stop_ns !== 'number') {
      throw new Error(`${where}.flows[${j}].stop_ns must be a number or null`);
    }
    if (typeof o.prewarmed !== 'boolean') throw new Error(`${where}.flows[${j}].prewarmed must be a boolean`);
    return { startNs: o.start_ns, stopNs: o.stop_ns ?? null, prewarmed: o.prewarmed };
  });
  return s as unknown as Scenario;
}
