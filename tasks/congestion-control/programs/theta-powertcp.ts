// θ-PowerTCP (Addanki et al., NSDI'22), the per-RTT RTT-gradient variant, as
// spec §5.1 defines it: the window tracks cwndOld / power + beta, where the
// normalised power is (1 + dRTT/dt) * RTT / baseRTT, smoothed over one RTT.
// One FlowState per flow holds all of the controller's state.

interface CcParams {
  readonly baseRttNs: number; // tau
  readonly lineRate: number; // bytes per ns (3.125 = 25 Gbit/s)
  readonly bdpBytes: number; // lineRate * baseRttNs
  readonly mssBytes: number;
  readonly betaBytes: number; // bdp / expected flows
  readonly ecnThresholdBytes: number;
}
interface AckEvent {
  readonly nowNs: number;
  readonly rttNs: number;
  readonly ecn: boolean;
  readonly sndUna: number;
  readonly sndNxt: number;
  readonly int: {
    readonly qlenBytes: number;
    readonly txBytes: number;
    readonly tsNs: number;
    readonly bandwidth: number;
  };
}
interface FlowState {
  cwnd: number;
  rate: number;
  readonly startNs: number;
  [k: string]: unknown;
}

// EVOLVE-BLOCK-START
const GAMMA = 0.9; // weight of the new window in the EWMA
const BETA_SCALE = 1; // additive increase per update, in units of p.betaBytes
const INIT_CWND_BDP = 1; // initial window of every flow, in BDPs
const INIT_RATE_LINE = 1; // initial pacing rate, fraction of the line rate
const MIN_CWND_MSS = 1; // window floor, in MSS
const MAX_CWND_BDP = 1; // window ceiling, in BDPs
const MIN_DT_NS = 1; // floor of the time between updates

interface PowerState extends FlowState {
  cwndOld: number;
  pSmooth: number;
  lastUpdated: number;
  prevRtt: number;
  tPrev: number;
}

export function init(f: FlowState, p: CcParams): void {
  const s = f as PowerState;
  s.cwnd = p.bdpBytes * INIT_CWND_BDP;
  s.rate = p.lineRate * INIT_RATE_LINE;
  s.cwndOld = s.cwnd;
  s.pSmooth = 0;
  s.lastUpdated = 0;
  s.prevRtt = p.baseRttNs;
  s.tPrev = f.startNs;
}

export function onAck(f: FlowState, a: AckEvent, p: CcParams): void {
  const s = f as PowerState;
  // At most one update per RTT: wait until the data sent at the last update is acknowledged.
  if (a.sndUna < s.lastUpdated) return;
  const tau = p.baseRttNs;
  const dt = Math.max(MIN_DT_NS, a.nowNs - s.tPrev);
  const d = Math.min(dt, tau);
  const grad = (a.rttNs - s.prevRtt) / dt;
  const pNorm = (Math.max(0, grad + 1) * a.rttNs) / tau;
  if (s.pSmooth === 0) {
    s.pSmooth = pNorm;
  } else {
    s.pSmooth = (d * pNorm + (tau - d) * s.pSmooth) / tau;
  }
  if (s.pSmooth > 0) {
    let cwnd = GAMMA * (s.cwndOld / s.pSmooth + p.betaBytes * BETA_SCALE) + (1 - GAMMA) * s.cwnd;
    cwnd = Math.min(Math.max(cwnd, p.mssBytes * MIN_CWND_MSS), p.bdpBytes * MAX_CWND_BDP);
    s.cwnd = cwnd;
    s.rate = Math.min(cwnd / tau, p.lineRate);
  }
  s.cwndOld = s.cwnd;
  s.lastUpdated = a.sndNxt;
  s.prevRtt = a.rttNs;
  s.tPrev = a.nowNs;
}
// EVOLVE-BLOCK-END
