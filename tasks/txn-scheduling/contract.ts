// What crosses the sandbox boundary, both ways. Pure (bundled into the harness).
import type { NamedWorkload } from './synthetic.js';

/** One instance: a set of workloads solved in order with one shared RNG stream. */
export interface TxnInstanceData {
  /** Name of the workload set; the host scores against its own copy of that set. */
  set: string;
  /** Seed of the CPython-compatible generator handed to the program (`ctx.rng`, `ctx.randint`). */
  seed: number;
  /** Soft time budget per workload: `ctx.deadlineMs` = call start + budgetMs. */
  budgetMs: number;
  workloads: NamedWorkload[];
}

/** What the harness reports: the program's orders as it returned them (untrusted) and call times. */
export interface HarnessOutput {
  /** Per workload: the returned list with non-numbers replaced by `{ notANumber: typeof }`, or a reason string. */
  orders: unknown[];
  elapsedMs: number[];
}

/** Soft per-workload budget told to the program (ctx.deadlineMs). */
export const WORKLOAD_BUDGET_MS = 100;
/**
 * A workload call that takes longer than this fails that instance as a timeout.
 * Four times the budget: wall-clock stalls on a loaded machine must not fail a
 * program that respects its deadline (the budget is the contract, this is a backstop).
 */
export const WORKLOAD_HARD_LIMIT_MS = 400;
/** The harness never copies more than this many elements of a returned order. */
export const MAX_ORDER_ELEMENTS = 100_000;
