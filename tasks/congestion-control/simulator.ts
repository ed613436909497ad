// The discrete-time fluid simulator of spec §2, shared by the sandbox harness
// (which calls the candidate controller) and the host (which replays the
// recorded decisions). Pure module: every quantity is an IEEE double computed
// in the order the spec writes it, so runs are bit-for-bit reproducible.
import { Ring } from './rings.js';
import { combinedScore, jainIndex, WINDOW_NS, worstShare, type Starvation } from './metrics.js';
import { simConstants, type Scenario, type SimConstants } from './scenario.js';

/**
 * Who decides the windows. `init` is called once per flow before step 0 and
 * `ack` once per flow and step in which the flow's cumulative ACK crossed an
 * MSS boundary (spec §2.3 step 6); both must leave the flow's decision in
 * `sim.cwnd[i]` and `sim.rate[i]`.
 */
export interface SimDriver {
  init(sim: IncastSim, i: number): void;
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
  ): void;
}

export interface SimResult {
  avgQueueBytes: number;
  avgThroughputGbps: number;
  combinedScore: number;
  maxQueueBytes: number;
  /** Jain's index of per-flow delivered bytes over the last WINDOW_NS (flows sending throughout it). */
  jainFairness: number;
  /** The most starved flow: its delivery over its fair share of the line rate in its worst window. */
  starvation: Starvation;
  perFlowDeparted: number[];
  /** Queue and the windows of flows 0 and 1 at the end of steps 0, SAMPLE_EVERY, ... (golden traces). */
  queueSamples: number[];
  cwndSamples: [number, number][];
  /** Number of `ack` calls made (the controller's onAck calls). */
  ackCalls: number;
}

export const SAMPLE_EVERY_NS = 10_000;
export const SAMPLE_UNTIL_NS = 300_000;

export class IncastSim {
  readonly c: SimConstants;
  readonly cwnd: Float64Array;
  readonly rate: Float64Array;
  private readonly start: Float64Array;
  private readonly stop: Float64Array;
  private readonly inflight: Float64Array;
  private readonly sndNxt: Float64Array;
  private readonly sndUna: Float64Array;
  private readonly nextAckMark: Float64Array;
  /** To-switch lines as a timing wheel: at most one entry per flow and arrival step (slot = step mod (D1+1)). */
  private readonly wheel: Float64Array;
  private readonly wheelSize: number;
  /** The switch FIFO of chunks. */
  private readonly chunks: Ring;
  /**
   * All flows' ACK lines in one FIFO of departed pieces: every piece of a step
   * arrives back D23 steps later, so arrival order is departure order; a flow's
   * ACK-line entries are the pieces in which it has bytes.
   */
  private readonly acks: Ring;
  private readonly delivered: Float64Array;
  /** Per flow, the ACK FIFO slot of this step's last MSS-crossing entry (-1: none) and sndUna there. */
  private readonly event: Int32Array;
  private readonly eventUna: Float64Array;
  /** Bytes delivered per flow in windows of WINDOW_NS counted back from the end: [w * n + flow], w = 0 is the last. */
  private readonly windowBytes: Float64Array;
  private readonly windowSteps: number;
  private readonly windows: number;
  /** Queue length Q and cumulative departed bytes TX (spec §2.2). */
  private Q = 0;
  private TX = 0;
  private qSum = 0;
  private depSum = 0;
  private maxQ = 0;
  private ackCalls = 0;

  constructor(private readonly scenario: Scenario) {
    const c = (this.c = simConstants(scenario));
    const n = c.n;
    this.cwnd = new Float64Array(n);
    this.rate = new Float64Array(n);
    this.start = Float64Array.from(scenario.flows, (f) => f.startNs);
    this.stop = Float64Array.from(scenario.flows, (f) => (f.stopNs === null ? Infinity : f.stopNs));
    this.inflight = new Float64Array(n);
    this.sndNxt = new Float64Array(n);
    this.sndUna = new Float64Array(n);
    this.nextAckMark = new Float64Array(n).fill(c.mss);
    this.wheelSize = c.d1 + 1;
    this.wheel = new Float64Array(this.wheelSize * n);
    this.chunks = new Ring(n);
    this.acks = new Ring(n, 4096);
    this.delivered = new Float64Array(n);
    this.event = new Int32Array(n).fill(-1);
    this.eventUna = new Float64Array(n);
    this.windowSteps = WINDOW_NS / c.dt;
    this.windows = Math.ceil(c.steps / this.windowSteps);
    this.windowBytes = new Float64Array(this.windows * n);
  }

  run(driver: SimDriver): SimResult {
    const { n, steps, dt } = this.c;
    for (let i = 0; i < n; i++) driver.init(this, i);
    for (let i = 0; i < n; i++) if (this.scenario.flows[i]!.prewarmed) this.prewarm(i);
    const sampleEvery = SAMPLE_EVERY_NS / dt;
    const sampleUntil = SAMPLE_UNTIL_NS / dt;
    const queueSamples: number[] = [];
    const cwndSamples: [number, number][] = [];
    for (let k = 0; k < steps; k++) {
      this.sendAndEnqueue(k);
      const departed = this.dequeue(k);
      this.qSum += this.Q;
      this.depSum += departed;
      if (this.Q > this.maxQ) this.maxQ = this.Q;
      this.processAcks(k, driver);
      if (k % sampleEvery === 0 && k <= sampleUntil) {
        queueSamples.push(this.Q);
        cwndSamples.push([this.cwnd[0]!, n > 1 ? this.cwnd[1]! : NaN]);
      }
    }
    const windowed = {
      bytes: this.windowBytes,
      windowSteps: this.windowSteps,
      windows: this.windows,
      start: this.start,
      stop: this.stop,
    };
    const avgQueueBytes = this.qSum / steps;
    const avgThroughputGbps = (this.depSum * 8) / (steps * dt);
    return {
      avgQueueBytes,
      avgThroughputGbps,
      combinedScore: combinedScore(avgThroughputGbps, avgQueueBytes),
      maxQueueBytes: this.maxQ,
      jainFairness: jainIndex(this.c, windowed),
      starvation: worstShare(this.c, windowed),
      perFlowDeparted: Array.from(this.delivered),
      queueSamples,
      cwndSamples,
      ackCalls: this.ackCalls,
    };
  }

  /** Spec §2.2: the flow's pipe holds one RTT of line-rate data. */
  private prewarm(i: number): void {
    const { n, d1, d23, perStep, tau, dt } = this.c;
    for (let s = 0; s < d1; s++) this.wheel[(s % this.wheelSize) * n + i] = perStep;
    const acks = this.acks;
    for (let s = 0; s < d23; s++) {
      const j = acks.reserve();
      acks.arrival[j] = s;
      acks.ecn[j] = 0;
      acks.total[j] = perStep;
      acks.rtt[j] = tau;
      acks.qlen[j] = 0;
      acks.tx[j] = 0;
      acks.ts[j] = -(d23 - s) * dt;
      acks.amounts.fill(0, j * n, (j + 1) * n);
      acks.amounts[j * n + i] = perStep;
    }
    this.inflight[i] = this.sndNxt[i] = perStep * (d1 + d23);
    this.sndUna[i] = 0;
  }

  /**
   * Steps 1 and 2 in one pass over the flows (they touch different wheel
   * slots, so interleaving them per flow changes nothing). Sending caps the
   * pacing rate at the NIC's line rate (see README); ECN is decided on the
   * queue before this step's arrivals.
   */
  private sendAndEnqueue(k: number): void {
    const { n, d1, dt, lineRate, ecnK } = this.c;
    const t = k * dt;
    const { cwnd, rate, start, stop, inflight, sndNxt, wheel, chunks } = this;
    const out = ((k + d1) % this.wheelSize) * n;
    const arrive = (k % this.wheelSize) * n;
    const j = chunks.reserve(); // given back below if nothing arrives
    const amounts = chunks.amounts;
    const base = j * n;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (t >= start[i]! && t < stop[i]!) {
        const allowed = cwnd[i]! - inflight[i]!;
        if (allowed > 0) {
          const r = rate[i]! < lineRate ? rate[i]! : lineRate;
          const s = Math.min(r * dt, allowed);
          if (s > 0) {
            inflight[i] = inflight[i]! + s;
            sndNxt[i] = sndNxt[i]! + s;
            wheel[out + i] = s;
          }
        }
      }
      const b = wheel[arrive + i]!;
      amounts[base + i] = b;
      if (b !== 0) {
        wheel[arrive + i] = 0;
        total += b;
      }
    }
    if (total > 0) {
      chunks.arrival[j] = k;
      chunks.ecn[j] = this.Q >= ecnK ? 1 : 0;
      chunks.total[j] = total;
      this.Q += total;
    } else chunks.unreserve();
  }

  /**
   * Steps 3 and 4: up to C * dt bytes leave from the head. Each departed
   * piece goes straight onto the ACK FIFO (arrival k + D23, its RTT sample,
   * and Q and TX after the dequeue); returns the bytes departed.
   */
  private dequeue(k: number): number {
    const { n, perStep, d23, tau, dt } = this.c;
    const { chunks, acks, delivered, windowBytes } = this;
    const w = Math.floor((this.c.steps - 1 - k) / this.windowSteps) * n;
    let budget = perStep;
    let pieces = 0;
    let departed = 0;
    while (budget > 0 && chunks.size > 0) {
      const h = chunks.head;
      const headTotal = chunks.total[h]!;
      const take = Math.min(budget, headTotal);
      const p = acks.reserve();
      pieces++;
      acks.arrival[p] = k + d23;
      acks.ecn[p] = chunks.ecn[h]!;
      acks.rtt[p] = tau + (k - chunks.arrival[h]!) * dt;
      const src = chunks.amounts;
      const dst = acks.amounts;
      const hn = h * n;
      const pn = p * n;
      if (take < headTotal) {
        const frac = take / headTotal;
        for (let i = 0; i < n; i++) {
          const piece = src[hn + i]! * frac;
          dst[pn + i] = piece;
          src[hn + i] = src[hn + i]! - piece;
          if (piece > 0) {
            delivered[i] = delivered[i]! + piece;
            windowBytes[w + i] = windowBytes[w + i]! + piece;
          }
        }
        chunks.total[h] = headTotal - take;
      } else {
        for (let i = 0; i < n; i++) {
          const piece = src[hn + i]!;
          dst[pn + i] = piece;
          if (piece > 0) {
            delivered[i] = delivered[i]! + piece;
            windowBytes[w + i] = windowBytes[w + i]! + piece;
          }
        }
        chunks.pop();
      }
      budget -= take;
      this.Q -= take;
      departed += take;
    }
    if (this.Q < 1e-9 && chunks.size === 0) this.Q = 0;
    this.TX += departed;
    const t = k * dt;
    for (let q = acks.size - pieces; q < acks.size; q++) {
      const p = acks.slot(q);
      acks.qlen[p] = this.Q;
      acks.tx[p] = this.TX;
      acks.ts[p] = t;
    }
    return departed;
  }

  /**
   * Step 6: ACKs arriving now. Pieces are walked in arrival order and each
   * flow's entries in that order (its ACK line); then one onAck per flow whose
   * cumulative ACK crossed an MSS mark, in flow order. (A flow's ACK handling
   * touches only its own counters, so finishing every flow's ACKs before the
   * first onAck is the spec's per-flow order.)
   */
  private processAcks(k: number, driver: SimDriver): void {
    const { n, dt, mss } = this.c;
    const { acks, sndUna, inflight, nextAckMark, event, eventUna } = this;
    if (acks.size === 0 || acks.arrival[acks.head] !== k) return;
    const amounts = acks.amounts;
    let any = false;
    while (acks.size > 0 && acks.arrival[acks.head] === k) {
      const j = acks.head;
      const jn = j * n;
      for (let i = 0; i < n; i++) {
        const b = amounts[jn + i]!;
        if (!(b > 0)) continue;
        inflight[i] = inflight[i]! - b;
        const una = (sndUna[i] = sndUna[i]! + b);
        if (una >= nextAckMark[i]!) {
          nextAckMark[i] = (Math.floor(una / mss) + 1) * mss;
          event[i] = j;
          eventUna[i] = una;
          any = true;
        }
      }
      acks.pop(); // the slot stays readable until a later reserve()
    }
    if (!any) return;
    const t = k * dt;
    for (let i = 0; i < n; i++) {
      const e = event[i]!;
      if (e < 0) continue;
      event[i] = -1;
      this.ackCalls++;
      driver.ack(
        this,
        i,
        t,
        acks.rtt[e]!,
        acks.ecn[e] === 1,
        eventUna[i]!,
        this.sndNxt[i]!,
        acks.qlen[e]!,
        acks.tx[e]!,
        acks.ts[e]!,
      );
    }
  }
}
