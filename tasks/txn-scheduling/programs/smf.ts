// Transaction scheduling: order the transactions of a workload so that the
// makespan (the time the last one ends, each starting as early as its lock
// conflicts with earlier-placed transactions allow) is as small as possible.

interface TxnOp {
  readonly type: 'r' | 'w';
  readonly key: string;
  readonly pos: number; // 1-based slot within the transaction
}

interface TxnWorkload {
  readonly numTxns: number;
  readonly txnLengths: readonly number[]; // slots per transaction, idle '*' slots included
  readonly ops: readonly (readonly TxnOp[])[];
  /** Makespan of any non-empty sequence of ids (a prefix, repeats allowed). */
  makespan(order: readonly number[]): number;
}

interface TxnContext {
  rng(): number; // CPython random.random(), seeded by the harness
  randint(lo: number, hi: number): number; // CPython random.randint, both ends included
  readonly deadlineMs: number; // return before Date.now() reaches this
}

// EVOLVE-BLOCK-START
// SMF, greedy cost sampling (Cheng et al., VLDB'24): start from a random
// transaction; at every step draw up to SAMPLES_PER_STEP random candidates
// from the pool, append the one whose addition gives the smallest makespan
// (first minimum wins) and return the others to the end of the pool.
const SAMPLES_PER_STEP = 10;

export function getBestSchedule(w: TxnWorkload, ctx: TxnContext): number[] {
  const n = w.numTxns;
  const first = ctx.randint(0, n - 1);
  const order = [first];
  const pool: number[] = [];
  for (let id = 0; id < n; id++) if (id !== first) pool.push(id);
  for (let step = 1; step < n; step++) {
    ctx.rng(); // the reference draws a sampling coin here (rate 1.0, always taken)
    let best = -1;
    let bestCost = Infinity;
    const held: number[] = [];
    for (let s = 0; s < SAMPLES_PER_STEP; s++) {
      const last = pool.length <= 1;
      const i = last ? 0 : ctx.randint(0, pool.length - 1);
      const id = pool.splice(i, 1)[0]!;
      held.push(id);
      order.push(id);
      const cost = w.makespan(order);
      order.pop();
      if (cost < bestCost) {
        bestCost = cost;
        best = id;
      }
      if (last) break;
    }
    order.push(best);
    for (const id of held) if (id !== best) pool.push(id);
  }
  return order;
}
// EVOLVE-BLOCK-END
