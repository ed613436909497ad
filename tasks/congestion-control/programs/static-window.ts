// Simulator test controller of spec §5.2: a fixed 2500-byte window at line
// rate, never changed. 11 flows x 2500 B = one BDP + 2500 B at tau = 8 us.

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
const WINDOW_BYTES = 2500;

export function init(f: FlowState, p: CcParams): void {
  f.cwnd = WINDOW_BYTES;
  f.rate = p.lineRate;
}

export function onAck(): void {
  // The window never changes.
}
// EVOLVE-BLOCK-END
