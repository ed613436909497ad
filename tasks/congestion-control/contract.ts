// The controller contract of spec §1, as the candidate sees it, and the shape
// of what the sandbox harness reports to the host. Pure types.

export interface CcParams {
  readonly baseRttNs: number;
  /** Line rate in bytes/ns (3.125 = 25 Gbit/s). */
  readonly lineRate: number;
  readonly bdpBytes: number;
  readonly mssBytes: number;
  /** bdp / expectedFlows (500 B in incast10). */
  readonly betaBytes: number;
  readonly ecnThresholdBytes: number;
}

export interface IntFeedback {
  readonly qlenBytes: number;
  readonly txBytes: number;
  readonly tsNs: number;
  readonly bandwidth: number;
}

export interface AckEvent {
  readonly nowNs: number;
  readonly rttNs: number;
  readonly ecn: boolean;
  readonly sndUna: number;
  readonly sndNxt: number;
  readonly int: IntFeedback;
}

export interface FlowState {
  cwnd: number;
  rate: number;
  readonly startNs: number;
  [k: string]: unknown;
}

export interface CongestionControl {
  init(f: FlowState, p: CcParams): void;
  onAck(f: FlowState, a: AckEvent, p: CcParams): void;
}

/**
 * What the harness returns: the controller's decisions, in call order, as
 * [cwnd, rate] pairs: first one pair per flow for `init` (flow order), then one
 * pair per `onAck` call. The host replays them; nothing else is trusted.
 */
export interface CcHarnessOutput {
  decisions: number[];
}
