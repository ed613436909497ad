// Runs inside the sandbox (bundled with the simulator): simulates one scenario,
// calling the candidate's init/onAck for every flow, and returns only the
// decisions (cwnd, rate) in call order. The host replays them through its own
// simulator; nothing computed here is trusted. Before returning, every flow's
// controller is re-run alone on its own recorded ACKs: a controller that
// shares state between flows (module variables), or uses randomness or
// clocks, decides differently and the run is rejected.
import type { Harness } from '../../src/core/task.js';
import type { AckEvent, CcHarnessOutput, CcParams, FlowState } from './contract.js';
import { scenarioProblem, type Scenario, type SimConstants } from './scenario.js';
import { IncastSim, type SimDriver } from './simulator.js';

type InitFn = (f: FlowState, p: CcParams) => unknown;
type AckFn = (f: FlowState, a: AckEvent, p: CcParams) => unknown;

export const harness: Harness = (candidate, input): CcHarnessOutput => {
  const scenario = input as Scenario;
  const init = candidate.init;
  const onAck = candidate.onAck;
  if (typeof init !== 'function' || typeof onAck !== 'function') {
    throw new TypeError(
      'invalid output: the program must export two functions, init(f, p) and onAck(f, a, p) (named exports)',
    );
  }
  const problem = scenarioProblem(scenario);
  if (problem) throw new Error(`scenario ${String(scenario.name)}: ${problem}`);
  const driver = new CandidateDriver(init as InitFn, onAck as AckFn, scenario);
  new IncastSim(scenario).run(driver);
  driver.checkIndependence();
  return { decisions: driver.decisions };
};

/** A fresh FlowState: cwnd and rate are unset until init sets them; startNs is read-only. */
function flowState(startNs: number): FlowState {
  const f = {} as FlowState;
  Object.defineProperty(f, 'startNs', { value: startNs, enumerable: true, writable: false, configurable: false });
  return f;
}

/** The parameters one flow sees (its own copy: writing to it changes nothing). */
export function ccParams(c: SimConstants): CcParams {
  return {
    baseRttNs: c.tau,
    lineRate: c.lineRate,
    bdpBytes: c.bdp,
    mssBytes: c.mss,
    betaBytes: c.beta,
    ecnThresholdBytes: c.ecnK,
  };
}

/** Number of recorded fields per onAck call: flow, now, rtt, ecn, sndUna, sndNxt, qlen, tx, ts. */
const FIELDS = 9;

export class CandidateDriver implements SimDriver {
  readonly decisions: number[] = [];
  private readonly flows: FlowState[];
  private readonly params: CcParams[];
  /** The inputs of every onAck call, FIELDS numbers each, for the independence re-run. */
  private readonly calls: number[] = [];

  constructor(
    private readonly initFn: InitFn,
    private readonly ackFn: AckFn,
    private readonly scenario: Scenario,
  ) {
    this.flows = [];
    this.params = [];
  }

  init(sim: IncastSim, i: number): void {
    const f = flowState(this.scenario.flows[i]!.startNs);
    const p = ccParams(sim.c);
    this.flows.push(f);
    this.params.push(p);
    this.initFn(f, p);
    this.take(sim, i, f, 'init');
  }

  ack(
    sim: IncastSim,
    i: number,
    nowNs: number,
    rttNs: number,
    ecn: boolean,
    sndUna: number,
    sndNxt: number,
    qlen: number,
    txBytes: number,
    tsNs: number,
  ): void {
    this.calls.push(i, nowNs, rttNs, ecn ? 1 : 0, sndUna, sndNxt, qlen, txBytes, tsNs);
    const f = this.flows[i]!;
    this.ackFn(f, ackEvent(this.calls, this.calls.length - FIELDS, sim.c.lineRate), this.params[i]!);
    this.take(sim, i, f, `onAck at t = ${nowNs} ns`);
  }

  /** Reads the decision once (a getter cannot answer twice), checks it, records it and applies it. */
  private take(sim: IncastSim, i: number, f: FlowState, where: string): void {
    const cwnd = f.cwnd as unknown;
    const rate = f.rate as unknown;
    checkDecision(cwnd, 'cwnd', i, where);
    checkDecision(rate, 'rate', i, where);
    sim.cwnd[i] = cwnd;
    sim.rate[i] = rate;
    this.decisions.push(cwnd, rate);
  }

  /** Re-runs each flow alone (last flow first) on its own recorded ACKs; any different decision is rejected. */
  checkIndependence(): void {
    const n = this.flows.length;
    const byFlow: number[][] = Array.from({ length: n }, () => []);
    for (let j = 0; j < this.calls.length; j += FIELDS) byFlow[this.calls[j]!]!.push(j);
    const lineRate = this.params[0]?.lineRate ?? 0;
    for (let i = n - 1; i >= 0; i--) {
      const f = flowState(this.scenario.flows[i]!.startNs);
      const p = { ...this.params[i]! };
      this.initFn(f, p);
      this.same(f, this.decisions[2 * i]!, this.decisions[2 * i + 1]!, i, 'init');
      for (const j of byFlow[i]!) {
        this.ackFn(f, ackEvent(this.calls, j, lineRate), p);
        const d = 2 * (n + j / FIELDS);
        this.same(f, this.decisions[d]!, this.decisions[d + 1]!, i, `onAck at t = ${this.calls[j + 1]} ns`);
      }
    }
  }

  private same(f: FlowState, cwnd: number, rate: number, i: number, where: string): void {
    const c = f.cwnd as unknown;
    const r = f.rate as unknown;
    if (c === cwnd && r === rate) return;
    throw new TypeError(
      `invalid output: flow ${i}'s controller decided differently when its own ACKs were replayed to a fresh ` +
        `FlowState (${where}: cwnd ${cwnd} then ${String(c)}, rate ${rate} then ${String(r)}). Keep all per-flow ` +
        'state in the FlowState object: state shared between flows (module-level variables), randomness and ' +
        'clocks are not allowed.',
    );
  }
}

function ackEvent(calls: number[], j: number, bandwidth: number): AckEvent {
  return {
    nowNs: calls[j + 1]!,
    rttNs: calls[j + 2]!,
    ecn: calls[j + 3] === 1,
    sndUna: calls[j + 4]!,
    sndNxt: calls[j + 5]!,
    int: { qlenBytes: calls[j + 6]!, txBytes: calls[j + 7]!, tsNs: calls[j + 8]!, bandwidth },
  };
}

function checkDecision(v: unknown, name: string, i: number, where: string): asserts v is number {
  if (typeof v !== 'number') {
    throw new TypeError(`invalid output: flow ${i} ${where}: f.${name} must be a number (got ${typeof v})`);
  }
  if (!(v >= 0) || v === Infinity) {
    throw new TypeError(`invalid output: flow ${i} ${where}: f.${name} must be finite and >= 0 (got ${v})`);
  }
}
