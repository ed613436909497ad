// Transaction scheduling, sequential anchor: transactions in id order. Its
// total makespan is the score's 0 point.

interface TxnOp {
  readonly type: 'r' | 'w';
  readonly key: string;
  readonly pos: number;
}

interface TxnWorkload {
  readonly numTxns: number;
  readonly txnLengths: readonly number[];
  readonly ops: readonly (readonly TxnOp[])[];
  makespan(order: readonly number[]): number;
}

interface TxnContext {
  rng(): number;
  randint(lo: number, hi: number): number;
  readonly deadlineMs: number;
}

// EVOLVE-BLOCK-START
export function getBestSchedule(w: TxnWorkload, _ctx: TxnContext): number[] {
  const order: number[] = [];
  for (let id = 0; id < w.numTxns; id++) order.push(id);
  return order;
}
// EVOLVE-BLOCK-END
