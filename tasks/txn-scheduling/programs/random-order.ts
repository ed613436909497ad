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
// A random order, written as a greedy append that looks at only one random
// candidate per step: start from a random transaction, then repeatedly draw
// SAMPLES_PER_STEP candidates from the pool and append the cheapest by
// MAKESPAN_WEIGHT * makespan + LENGTH_WEIGHT * length; the others go back to
// the end of the pool. With one sample per step the cost never decides.
const SAMPLES_PER_STEP = 1;
const MAKESPAN_WEIGHT = 1;
const LENGTH_WEIGHT = 0;

function candidateCost(w: TxnWorkload, order: number[], id: number): number {
  order.push(id);
  const makespan = w.makespan(order);
  order.pop();
  return MAKESPAN_WEIGHT * makespan + LENGTH_WEIGHT * w.txnLengths[id]!;
}

export function getBestSchedule(w: TxnWorkload, ctx: TxnContext): number[] {
  const n = w.numTxns;
  const first = ctx.randint(0, n - 1);
  const order = [first];
  const pool: number[] = [];
  for (let id = 0; id < n; id++) if (id !== first) pool.push(id);
  for (let step = 1; step < n; step++) {
    ctx.rng(); // kept so the random stream matches SMF's
    let best = -1;
    let bestCost = Infinity;
    const held: number[] = [];
    for (let s = 0; s < SAMPLES_PER_STEP; s++) {
      const last = pool.length <= 1;
      const i = last ? 0 : ctx.randint(0, pool.length - 1);
      const id = pool.splice(i, 1)[0]!;
      held.push(id);
      const cost = candidateCost(w, order, id);
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
