// Runs inside the sandbox (bundled by esbuild with the modules it imports).
// For each workload of the instance it builds the program's view (frozen
// numbers, ops and a makespan oracle whose state the program cannot reach), calls
// `getBestSchedule(workload, ctx)` with one CPython-compatible generator shared
// across the workloads, and returns the orders untouched for the host to check.
import type { Harness } from '../../src/core/task.js';
import { MAX_ORDER_ELEMENTS, type HarnessOutput, type TxnInstanceData } from './contract.js';
import { PyRandom } from '../../src/core/cpython-random.js';
import { IncrementalMakespan } from './incremental.js';
import { compileWorkload, parseTransactions } from './simulate.js';

type Scheduler = (workload: unknown, ctx: unknown) => unknown;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A plain copy of what the program returned; the host validates it. */
function copyOrder(out: unknown): unknown {
  if (!Array.isArray(out)) return `getBestSchedule returned ${out === null ? 'null' : typeof out}, not an array`;
  const n = Math.min(out.length, MAX_ORDER_ELEMENTS);
  const copy: unknown[] = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = out[i];
    copy[i] = typeof v === 'number' ? v : { notANumber: typeof v };
  }
  return out.length > n ? `getBestSchedule returned ${out.length} elements` : copy;
}

export const harness: Harness = (candidate, input) => {
  const schedule = candidate.getBestSchedule;
  if (typeof schedule !== 'function') {
    throw new TypeError('invalid output: the program must export a function getBestSchedule(workload, ctx)');
  }
  const data = input as TxnInstanceData;
  const rng = new PyRandom(data.seed);
  const random = (): number => rng.random();
  const randint = (lo: number, hi: number): number => rng.randint(lo, hi);
  const output: HarnessOutput = { orders: [], elapsedMs: [] };
  for (const named of data.workloads) {
    const parsed = parseTransactions(named.txns, named.name);
    const model = new IncrementalMakespan(compileWorkload(parsed));
    const workload = deepFreeze({
      numTxns: parsed.txnLengths.length,
      txnLengths: parsed.txnLengths,
      ops: parsed.ops,
      makespan: (order: ArrayLike<number>): number => {
        if (order === null || typeof order !== 'object' || typeof order.length !== 'number') {
          throw new TypeError('makespan(order) needs an array of transaction ids');
        }
        return model.makespan(order);
      },
    });
    const started = Date.now();
    const ctx = Object.freeze({ rng: random, randint, deadlineMs: started + data.budgetMs });
    const order = copyOrder((schedule as Scheduler)(workload, ctx));
    // Timed after the copy: a returned Proxy runs program code while copied.
    output.elapsedMs.push(Date.now() - started);
    output.orders.push(order);
  }
  return output;
};
