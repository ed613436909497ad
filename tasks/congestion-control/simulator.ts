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

/** Share of an ACK piece (`acks.total`): WHOLE is the rest of its chunk; PREWARM - i is flow i's pre-warm fill. */
const WHOLE = -1;
const PREWARM = -2;

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
  /** Every flow may send at t with allStarted <= t < noneStopped. */
  private readonly allStarted: number;
  private readonly noneStopped: number;
  /**
   * The switch FIFO of chunks, which keeps each chunk until its last piece is
   * acknowledged: the queue proper starts `departFrom` entries after the head.
   */
  private readonly chunks: Ring;
  private departFrom = 0;
  /**
   * All flows' ACK lines in one FIFO of departed pieces: every piece of a step
   * arrives back D23 steps later, so arrival order is departure order, and the
   * pieces of a chunk come back in the order they left. A piece records only
   * its share of the chunk (`total`: the fraction `frac`, WHOLE for the rest, or
   * PREWARM - flow for the pre-warm fill); its per-flow amounts are split off the
   * chunk when it is acknowledged, with the same operations in the same order
   * per flow as at the departure (spec §2.3 step 4), so no number changes and
   * departures cost no per-flow work. A flow's ACK-line entries are the pieces
   * in which it has bytes.
   */
  private readonly acks: Ring;
  private readonly delivered: Float64Array;
  /**
   * The pre-warmed flow (-1: none) and the bytes it has delivered that are
   * acknowledged. Every other flow's acknowledged deliveries are exactly its
   * sndUna: both add the same pieces in the same order from 0; the pre-warmed
   * flow's sndUna also counts the pre-warm fill (see countUnacked).
   */
  private readonly prewarmed: number;
  private prewarmedDelivered = 0;
  /** Scratch: the per-flow bytes of the piece being acknowledged. */
  private readonly piece: Float64Array;
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
    this.allStarted = this.start.reduce((a, b) => Math.max(a, b), -Infinity);
    this.noneStopped = this.stop.reduce((a, b) => Math.min(a, b), Infinity);
    this.wheel = new Float64Array(this.wheelSize * n);
    this.chunks = new Ring(n);
    this.acks = new Ring(0, 4096);
    this.delivered = new Float64Array(n);
    this.prewarmed = scenario.flows.findIndex((f) => f.prewarmed);
    this.piece = new Float64Array(n);
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
    this.countUnacked();
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
    // (Each pre-warm piece holds perStep bytes of flow i: see PREWARM.)
    for (let s = 0; s < d1; s++) this.wheel[(s % this.wheelSize) * n + i] = perStep;
    const acks = this.acks;
    for (let s = 0; s < d23; s++) {
      const j = acks.reserve();
      acks.arrival[j] = s;
      acks.ecn[j] = 0;
      acks.total[j] = PREWARM - i;
      acks.rtt[j] = tau;
      acks.qlen[j] = 0;
      acks.tx[j] = 0;
      acks.ts[j] = -(d23 - s) * dt;
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
    // A flow that may not send sends +0: adding +0 changes nothing (these
    // counters are >= +0, never -0). Every step writes every flow's entry of
    // its out slot, so arrival slots need no clearing.
    if (t >= this.allStarted && t < this.noneStopped) {
      // Every flow may send (the usual case): the same loop without the check.
      for (let i = 0; i < n; i++) {
        const inf = inflight[i]!;
        const s = Math.max(0, Math.min(Math.min(rate[i]!, lineRate) * dt, cwnd[i]! - inf));
        inflight[i] = inf + s;
        sndNxt[i] = sndNxt[i]! + s;
        wheel[out + i] = s;
        const b = wheel[arrive + i]!;
        amounts[base + i] = b;
        total += b;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let s = 0;
        if (t >= start[i]! && t < stop[i]!) {
          const inf = inflight[i]!;
          s = Math.max(0, Math.min(Math.min(rate[i]!, lineRate) * dt, cwnd[i]! - inf));
          inflight[i] = inf + s;
          sndNxt[i] = sndNxt[i]! + s;
        }
        wheel[out + i] = s;
        const b = wheel[arrive + i]!;
        amounts[base + i] = b;
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
   * its share of the chunk, and Q and TX after the dequeue); returns the bytes
   * departed. The per-flow amounts are split off when the piece is
   * acknowledged (processAcks), or at the end (countUnacked).
   */
  private dequeue(k: number): number {
    const { d23, tau, dt } = this.c;
    const { chunks, acks } = this;
    let budget = this.c.perStep;
    let pieces = 0;
    let departed = 0;
    let Q = this.Q;
    while (budget > 0 && chunks.size > this.departFrom) {
      const h = chunks.slot(this.departFrom);
      const headTotal = chunks.total[h]!;
      const take = Math.min(budget, headTotal);
      const p = acks.reserve();
      pieces++;
      acks.arrival[p] = k + d23;
      acks.ecn[p] = chunks.ecn[h]!;
      acks.rtt[p] = tau + (k - chunks.arrival[h]!) * dt;
      if (take < headTotal) {
        acks.total[p] = take / headTotal;
        chunks.total[h] = headTotal - take;
      } else {
        acks.total[p] = WHOLE;
        this.departFrom++;
      }
      budget -= take;
      Q -= take;
      departed += take;
    }
    if (Q < 1e-9 && chunks.size === this.departFrom) Q = 0;
    this.Q = Q;
    this.TX += departed;
    const t = k * dt;
    for (let q = acks.size - pieces; q < acks.size; q++) {
      const p = acks.slot(q);
      acks.qlen[p] = Q;
      acks.tx[p] = this.TX;
      acks.ts[p] = t;
    }
    return departed;
  }

  /**
   * Splits the piece at the ACK FIFO's head off the oldest chunk: writes each
   * flow's bytes into `piece` (spec §2.3 step 4: `amount * frac`, the chunk
   * keeping `amount - piece`; a whole piece is what the chunk had left, and the
   * chunk goes). Returns false for a pre-warm piece (its bytes are perStep of
   * one flow, never a delivery).
   */
  private splitPiece(share: number, piece: Float64Array): boolean {
    const n = this.c.n;
    const chunks = this.chunks;
    const src = chunks.amounts;
    const hn = chunks.head * n;
    if (share === WHOLE) {
      for (let i = 0; i < n; i++) piece[i] = src[hn + i]!;
      chunks.pop();
      this.departFrom--;
      return true;
    }
    if (share >= 0) {
      for (let i = 0; i < n; i++) {
        const a = src[hn + i]!;
        const b = a * share;
        piece[i] = b;
        src[hn + i] = a - b;
      }
      return true;
    }
    piece.fill(0);
    piece[PREWARM - share] = this.c.perStep;
    return false;
  }

  /**
   * Step 6: ACKs arriving now. Pieces are walked in arrival order and each
   * flow's entries in that order (its ACK line); then one onAck per flow whose
   * cumulative ACK crossed an MSS mark, in flow order. (A flow's ACK handling
   * touches only its own counters, so finishing every flow's ACKs before the
   * first onAck is the spec's per-flow order.)
   */
  private processAcks(k: number, driver: SimDriver): void {
    const { n, dt, d23 } = this.c;
    const { acks, chunks, sndUna, inflight, nextAckMark, event, eventUna, windowBytes, prewarmed } = this;
    if (acks.size === 0 || acks.arrival[acks.head] !== k) return;
    // Pieces arriving now left at k - D23 (their deliveries are counted in that step's window).
    const w = k >= d23 ? this.windowOf(k - d23) : 0;
    let any = false;
    while (acks.size > 0 && acks.arrival[acks.head] === k) {
      const j = acks.head;
      const share = acks.total[j]!;
      if (share < 0 && share !== WHOLE) {
        // The pre-warm fill: perStep bytes of one flow, not a delivery.
        const i = PREWARM - share;
        const b = this.c.perStep;
        inflight[i] = inflight[i]! - b;
        const una = (sndUna[i] = sndUna[i]! + b);
        if (una >= nextAckMark[i]!) any = this.crossed(i, una, j);
        acks.pop();
        continue;
      }
      // Split the piece off the oldest chunk (see `acks`) and acknowledge it. A
      // flow with no bytes in it gets +0 everywhere, which changes nothing (no
      // counter is -0) and cannot cross a mark (sndUna < nextAckMark always).
      const whole = share === WHOLE;
      const src = chunks.amounts;
      const hn = chunks.head * n;
      if (prewarmed >= 0) {
        const a = src[hn + prewarmed]!;
        this.prewarmedDelivered += whole ? a : a * share;
      }
      if (whole) {
        for (let i = 0; i < n; i++) {
          const b = src[hn + i]!;
          windowBytes[w + i] = windowBytes[w + i]! + b;
          inflight[i] = inflight[i]! - b;
          const una = (sndUna[i] = sndUna[i]! + b);
          if (una >= nextAckMark[i]!) any = this.crossed(i, una, j);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const a = src[hn + i]!;
          const b = a * share;
          src[hn + i] = a - b;
          windowBytes[w + i] = windowBytes[w + i]! + b;
          inflight[i] = inflight[i]! - b;
          const una = (sndUna[i] = sndUna[i]! + b);
          if (una >= nextAckMark[i]!) any = this.crossed(i, una, j);
        }
      }
      if (whole) {
        chunks.pop();
        this.departFrom--;
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

  /** Flow i's cumulative ACK crossed its MSS mark at ACK FIFO slot j: the step's onAck reports that entry. */
  private crossed(i: number, una: number, j: number): true {
    const mss = this.c.mss;
    this.nextAckMark[i] = (Math.floor(una / mss) + 1) * mss;
    this.event[i] = j;
    this.eventUna[i] = una;
    return true;
  }

  /** Offset into `windowBytes` of the window holding departure step k. */
  private windowOf(k: number): number {
    return Math.floor((this.c.steps - 1 - k) / this.windowSteps) * this.c.n;
  }

  /** Deliveries still on their way back at the end (they left in the last D23 steps), in departure order. */
  private countUnacked(): void {
    const { n, d23 } = this.c;
    const { acks, piece, delivered, windowBytes } = this;
    delivered.set(this.sndUna);
    if (this.prewarmed >= 0) delivered[this.prewarmed] = this.prewarmedDelivered;
    for (let q = 0; q < acks.size; q++) {
      const j = acks.slot(q);
      if (!this.splitPiece(acks.total[j]!, piece)) continue;
      const w = this.windowOf(acks.arrival[j]! - d23);
      for (let i = 0; i < n; i++) {
        const b = piece[i]!;
        if (b > 0) {
          delivered[i] = delivered[i]! + b;
          windowBytes[w + i] = windowBytes[w + i]! + b;
        }
      }
    }
  }
}
