// Runs inside the sandbox (bundled with simulator.ts): simulates every run of
// one instance, calling the candidate's policy once per tick, and returns only
// the policy's raw choices. The host replays them through its own simulator;
// nothing computed here is trusted.
import type { Harness } from '../../src/core/task.js';
import { VIEW_KEYS, type CblHarnessOutput, type CblInstanceData, type CblPolicy, type CblView } from './contract.js';
import {
  CblSim,
  CLUSTER_NAMES,
  DECISION_CHARS,
  decodeTrace,
  NONE,
  ON_DEMAND,
  simConfig,
  SPOT,
  type Cluster,
  type ClusterCode,
  type SimConfig,
} from './simulator.js';

export const harness: Harness = (candidate, input): CblHarnessOutput => {
  const data = input as CblInstanceData;
  const factory = candidate.createPolicy;
  if (typeof factory !== 'function') {
    throw new TypeError('invalid output: the program must export a function createPolicy() returning { decide }');
  }
  const cfg = simConfig(data.taskHours, data.deadlineHours, data.overheadHours, data.gapSeconds);
  const runs = data.runs.map((r) => simulate(factory as () => unknown, cfg, decodeTrace(r.availability), r.trace));
  // Simulating the first run again after all the others: a policy that keeps
  // state outside its own object (module-level variables) or is not
  // deterministic decides differently, and the host rejects it.
  const first = data.runs[0];
  const repeat = first ? simulate(factory as () => unknown, cfg, decodeTrace(first.availability), first.trace) : '';
  return { runs, repeat };
};

/** One run with a fresh policy; the raw choices as DECISION_CHARS. */
export function simulate(
  factory: () => unknown,
  cfg: SimConfig,
  unavailable: ArrayLike<number>,
  trace: string,
): string {
  const policy = factory() as CblPolicy | null;
  if (policy === null || typeof policy !== 'object' || typeof policy.decide !== 'function') {
    throw new TypeError(
      'invalid output: createPolicy() must return an object with a decide(view, lastCluster, hasSpot) method',
    );
  }
  const sim = new CblSim(cfg, unavailable, true);
  let codes = ''; // string concatenation: fast in the sandbox, unlike typed-array stores
  while (!sim.finished) {
    // Off the end of the trace: stop; the host's replay reports the failure.
    if (!sim.observe()) return codes;
    const x = ask(policy, sim, trace);
    codes += DECISION_CHARS[x]!;
    sim.apply(x);
  }
  // The reference's post-loop step: one more call, whose answer is not used.
  if (sim.observe()) codes += DECISION_CHARS[ask(policy, sim, trace)]!;
  return codes;
}

function ask(policy: CblPolicy, sim: CblSim, trace: string): ClusterCode {
  let answer: unknown;
  try {
    answer = policy.decide(new View(sim), CLUSTER_NAMES[sim.last], sim.hasSpot);
  } catch (error) {
    // Writing to a view field is a rule broken, not a bug to retry: say so.
    if (error instanceof TypeError && /only a getter/.test(error.message)) {
      throw new TypeError(`forbidden: the view is read-only (tick ${sim.tick} of run ${trace}): ${error.message}`);
    }
    throw error;
  }
  // Strict comparisons only: an object answer never gets to run a toString().
  if (answer === 'SPOT') return SPOT;
  if (answer === 'ON_DEMAND') return ON_DEMAND;
  if (answer === 'NONE') return NONE;
  const shown = typeof answer === 'string' ? JSON.stringify(answer.slice(0, 40)) : typeof answer;
  throw new TypeError(
    `invalid output: decide() returned ${shown} at tick ${sim.tick} of run ${trace}; expected 'NONE', 'SPOT' or 'ON_DEMAND'`,
  );
}

/**
 * A read-only snapshot of the present and the past, one per tick. Fields are
 * getters on a frozen prototype over private fields: assigning one throws, and
 * building it costs a third of a frozen object (V8's freeze is slow; 350k
 * views per evaluation). `taskDoneTime` is copied only if read.
 */
class View implements CblView {
  readonly #tick: number;
  readonly #cfg: SimConfig;
  readonly #rro: number;
  readonly #workDone: number;
  readonly #current: Cluster;
  readonly #progress: readonly number[];
  #done: readonly number[] | undefined;

  constructor(sim: CblSim) {
    this.#tick = sim.tick;
    this.#cfg = sim.cfg;
    this.#rro = sim.rro;
    this.#workDone = sim.workDone;
    this.#current = CLUSTER_NAMES[sim.envType];
    this.#progress = sim.progress!;
  }

  get tick(): number {
    return this.#tick;
  }
  get gapSeconds(): number {
    return this.#cfg.gapSeconds;
  }
  get elapsedSeconds(): number {
    return this.#tick * this.#cfg.gapSeconds;
  }
  get deadlineSeconds(): number {
    return this.#cfg.deadlineSeconds;
  }
  get taskDurationSeconds(): number {
    return this.#cfg.taskSeconds;
  }
  get restartOverheadSeconds(): number {
    return this.#cfg.overheadSeconds;
  }
  get remainingRestartOverheadSeconds(): number {
    return this.#rro;
  }
  /** Progress credited per tick, ticks 0..tick: entries past `tick` are never shown. */
  get taskDoneTime(): readonly number[] {
    return (this.#done ??= Object.freeze(this.#progress.slice(0, this.#tick + 1)));
  }
  get workDoneSeconds(): number {
    return this.#workDone;
  }
  get currentCluster(): Cluster {
    return this.#current;
  }
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of VIEW_KEYS) out[key] = this[key];
    return out;
  }
}
// The policy reaches the class through view.constructor: nothing on it may change.
Object.freeze(View);
Object.freeze(View.prototype);
