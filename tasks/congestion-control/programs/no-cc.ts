// Simulator test controller of spec §5.2: no congestion control, a 4-BDP
// window at line rate; the queue grows to about 3 BDP and stays there.

interface CcParams {
  readonly baseRttNs: number;
  readonly lineRate: number;
  readonly bdpBytes: number;
  readonly mssBytes: number;
  readonly betaBytes: number;
  readonly ecnThresholdBytes: number;
}
interface FlowState {
  cwnd: number;
  rate: number;
  readonly startNs: number;
  [k: string]: unknown;
}

// EVOLVE-BLOCK-START
const WINDOW_BDP = 4;

export function init(f: FlowState, p: CcParams): void {
  f.cwnd = WINDOW_BDP * p.bdpBytes;
  f.rate = p.lineRate;
}

export function onAck(): void {
  // The window never changes.
}
// EVOLVE-BLOCK-END
