import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import type { SandboxEvaluator } from '../../src/core/task.js';
import { WORKLOAD_HARD_LIMIT_MS } from './contract.js';
import { createTxnSchedulingTask } from './task.js';

// Synthetic data (no --data): the rules do not depend on which workloads are used.
const task = createTxnSchedulingTask({});
const one = task.instances('train').slice(0, 1);
const run = (body: string) => evaluateProgram(task, `export function getBestSchedule(w, ctx) {\n${body}\n}`, one);
const identity = 'const o = []; for (let i = 0; i < w.numTxns; i++) o.push(i);';
const score = (output: unknown) => (task.evaluator as SandboxEvaluator).score(one[0]!, output, { elapsedMs: 1 });
const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('txn-scheduling validation closes the reference loopholes', () => {
  it('an empty schedule (the reference accepted `return (0, [], 0)`) is invalid', async () => {
    const e = await run('return [];');
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/order for type1: has 0 ids, expected 100/);
  });

  it('rejects repeated, missing, out-of-range and non-integer ids', async () => {
    const cases: [string, RegExp][] = [
      [`${identity} o[5] = 4; return o;`, /transaction 4 appears more than once/],
      [`${identity} o.pop(); return o;`, /has 99 ids, expected 100/],
      [`${identity} o.push(0); return o;`, /has 101 ids/],
      [`${identity} o[0] = 100; return o;`, /element 0 \(100\) is not an integer in 0\.\.99/],
      [`${identity} o[3] = -1; return o;`, /element 3 \(-1\) is not an integer/],
      [`${identity} o[7] = 6.5; return o;`, /element 7 \(6\.5\) is not an integer/],
      [`${identity} o[2] = '2'; return o;`, /element 2 is a string, not a transaction id/],
      [`${identity} o[9] = NaN; return o;`, /element 9 is a non-number/],
      [`${identity} o[1] = null; return o;`, /element 1 is a object/],
    ];
    for (const [body, message] of cases) {
      const e = await run(body);
      expect(e.valid, body).toBe(false);
      expect(e.failure?.kind).toBe('invalid');
      expect(e.failure?.message).toMatch(message);
    }
  });

  it('rejects answers that are not a list, including a self-reported makespan', async () => {
    for (const body of [`${identity} return { makespan: 0, order: o };`, 'return null;', 'return 3;']) {
      const e = await run(body);
      expect(e.failure?.kind).toBe('invalid');
      expect(e.failure?.message).toMatch(/getBestSchedule returned (object|null|number), not an array/);
    }
    const promise = await run(`${identity} return Promise.resolve(o);`);
    expect(promise.valid).toBe(false);
  });

  it('needs exactly one order per workload and ignores any reported numbers', () => {
    const good = { orders: [ids(100), ids(100), ids(100)], elapsedMs: [1, 1, 1] };
    const two = score({ ...good, orders: good.orders.slice(0, 2) });
    expect(two.failure?.message).toMatch(/expected 3 orders \(one per workload\), got 2/);
    expect(score({ ...good, orders: [...good.orders, ids(100)] }).failure?.kind).toBe('invalid');
    expect(score({ orders: [] }).failure?.message).toMatch(/expected 3 orders/);
    // A forged total or score next to the orders changes nothing: the host recomputes.
    const forged = score({ ...good, total: 46, score: 100, makespans: [16, 21, 9] });
    const honest = score(good);
    expect(forged).toEqual(honest);
    expect(forged.score).toBe(0);
    expect(forged.metrics.total_makespan).toBe(forged.metrics.sequential_makespan);
  });

  it('cannot change the workload or the makespan oracle it is given', async () => {
    const attempts = [
      `w.txnLengths[0] = 0; ${identity} return o;`,
      `w.ops[0].push({ type: 'r', key: 'x', pos: 1 }); ${identity} return o;`,
      `w.ops[0][0].pos = 99; ${identity} return o;`,
      `w.makespan = () => 0; ${identity} return o;`,
      `Array.prototype.push = function () { return 0; }; ${identity} return o;`,
    ];
    for (const body of attempts) {
      const e = await run(body);
      expect(e.valid, body).toBe(false);
      expect(e.failure?.kind).toBe('forbidden');
    }
  });

  it('the oracle refuses ids outside the workload; that fails the instance, not the rules', async () => {
    const e = await evaluateProgram(
      task,
      `export function getBestSchedule(w) { w.makespan([w.numTxns]); return []; }`,
      task.instances('train').slice(0, 2),
    );
    expect(e.valid).toBe(false); // every instance failed
    expect(e.failure?.kind).toBe('exception');
    expect(e.failure?.message).toMatch(/element 0 \(100\) is not a transaction id in 0\.\.99/);
  });

  it('a call over the per-workload limit fails its instance as a timeout', async () => {
    const slow = `const until = Date.now() + ${WORKLOAD_HARD_LIMIT_MS + 60}; while (Date.now() < until) {} ${identity} return o;`;
    const e = await run(slow);
    expect(e.instances[0]!.failure?.kind).toBe('timeout');
    expect(e.instances[0]!.failure?.message).toMatch(/over the 400 ms limit per workload/);
    const forever = await evaluateProgram(task, 'export function getBestSchedule() { for (;;) {} }', one, {
      timeMsPerInstance: 500,
      memoryMb: 128,
    });
    expect(forever.instances[0]!.failure?.kind).toBe('timeout');
  });

  it('an exception on one instance scores it 0 and says why; the others count', async () => {
    const e = await evaluateProgram(
      task,
      `let calls = 0;\nexport function getBestSchedule(w) { if (++calls === 1) throw new Error('boom'); return [...Array(w.numTxns).keys()]; }`,
      task.instances('train').slice(0, 3),
    );
    expect(e.valid).toBe(true);
    expect(e.metrics.failed_instances).toBe(1);
    expect(e.feedback).toMatch(/exception: boom/);
  });
});

describe('what the program sees', () => {
  it('only the documented workload fields and context; no seed, set name or other workloads', async () => {
    const e = await run(`throw new Error(JSON.stringify({ w: Object.keys(w).sort(), ctx: Object.keys(ctx).sort(),
      op: Object.keys(w.ops[0][0]).sort(), left: ctx.deadlineMs - Date.now() }));`);
    const seen = JSON.parse(/\{.*\}/.exec(e.failure!.message)![0]) as {
      w: string[];
      ctx: string[];
      op: string[];
      left: number;
    };
    expect(seen.w).toEqual(['makespan', 'numTxns', 'ops', 'txnLengths']);
    expect(seen.ctx).toEqual(['deadlineMs', 'randint', 'rng']);
    expect(seen.op).toEqual(['key', 'pos', 'type']);
    expect(seen.left).toBeGreaterThan(0);
    expect(seen.left).toBeLessThanOrEqual(100);
  });

  it('the generator is seeded per instance: same instance, same draws; other instance, other draws', async () => {
    const src = `export function getBestSchedule(w, ctx) { const o = [...Array(w.numTxns).keys()];
      for (let i = o.length - 1; i > 0; i--) { const j = ctx.randint(0, i); [o[i], o[j]] = [o[j], o[i]]; } return o; }`;
    const a = await evaluateProgram(task, src, task.instances('train').slice(0, 2));
    const b = await evaluateProgram(task, src, task.instances('train').slice(0, 2));
    expect(a.instances.map((r) => r.metrics)).toEqual(b.instances.map((r) => r.metrics));
    const first = await evaluateProgram(task, src, [{ ...one[0]!, data: { ...(one[0]!.data as object), seed: 99 } }]);
    expect(first.instances[0]!.metrics.total_makespan).not.toBe(a.instances[0]!.metrics.total_makespan);
  });
});
