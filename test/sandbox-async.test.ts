import { describe, expect, it } from 'vitest';
import type { HostSession, Instance, SandboxEvaluator, Task } from '../src/core/task.js';
import type { InstanceResult } from '../src/core/types.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';

// A sandbox task whose harness is async and calls host functions: the engine
// extension the MAS case study needs, exercised with a toy task.

interface Recorded {
  calls: { name: string; args: unknown[] }[];
  closed: boolean;
  refusedAfterClose: number;
}

/** Host functions of one run: `add` and `log`, recorded on the host; refused once the run ended. */
function session(): HostSession & { recorded: Recorded } {
  const recorded: Recorded = { calls: [], closed: false, refusedAfterClose: 0 };
  const guard = (name: string, args: unknown[]): void => {
    if (recorded.closed) {
      recorded.refusedAfterClose++;
      throw new Error(`${name}: the run has ended`);
    }
    recorded.calls.push({ name, args });
  };
  return {
    recorded,
    functions: {
      add: (a, b) => {
        guard('add', [a, b]);
        return Promise.resolve(Number(a) + Number(b));
      },
      log: (text) => {
        guard('log', [text]);
        return Promise.resolve(null);
      },
      fail: () => Promise.reject(new Error('host says no')),
      slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 30)),
    },
    record: () => structuredClone(recorded),
    close: () => {
      recorded.closed = true;
    },
  };
}

const sessions: ReturnType<typeof session>[] = [];

function asyncTask(overrides: Partial<SandboxEvaluator> = {}, timeMs = 400): Task {
  const instances: Instance[] = [0, 1, 2].map((i) => ({ id: String(i), split: 'train', data: { x: i } }));
  return {
    name: 'toy-async',
    description: 'toy',
    language: 'typescript',
    programs: {},
    defaultSeed: 'none',
    limits: { timeMsPerInstance: timeMs, memoryMb: 64 },
    dataSource: 'inline',
    instances: () => instances,
    evaluator: {
      kind: 'sandbox',
      async: true,
      // Self-contained: shipped into the isolate as text.
      harness: async (candidate, input, host) => {
        const f = candidate.run as (x: unknown, ctx: unknown) => Promise<unknown>;
        const ctx = Object.freeze({
          add: (a: number, b: number) => host!.call('add', a, b),
          log: (t: string) => host!.call('log', t),
          call: (name: string, ...args: unknown[]) => host!.call(name, ...args),
          aborted: () => Date.now() >= host!.deadline,
        });
        const answer = await f((input as { x: number }).x, ctx);
        return { answer };
      },
      host: () => {
        const s = session();
        sessions.push(s);
        return s;
      },
      score: (instance, output, ctx): InstanceResult => ({
        instanceId: instance.id,
        score: Number((output as { answer: unknown }).answer),
        metrics: { calls: (ctx.host as Recorded).calls.length },
      }),
      ...overrides,
    },
  };
}

const run = (source: string, task = asyncTask()) => evaluateProgram(task, source, task.instances('train'));

describe('async sandbox harness with host functions', () => {
  it('awaits an async harness and candidate, and hands the host record to score', async () => {
    sessions.length = 0;
    const e = await run(
      `export async function run(x, ctx) { const y = await ctx.add(x, 10); await ctx.log('x=' + x); return y; }`,
    );
    expect(e.valid).toBe(true);
    expect(e.instances.map((r) => r.score)).toEqual([10, 11, 12]);
    expect(e.instances.map((r) => r.metrics.calls)).toEqual([2, 2, 2]);
    expect(sessions[1]!.recorded.calls).toEqual([
      { name: 'add', args: [1, 10] },
      { name: 'log', args: ['x=1'] },
    ]);
    expect(sessions.every((s) => s.recorded.closed)).toBe(true);
  });

  it('passes a host rejection into the sandbox as an Error with its message', async () => {
    const e = await run(
      `export async function run(x, ctx) { try { await ctx.call('fail'); return -1; } catch (err) { return err instanceof Error && /host says no/.test(err.message) ? 7 : -2; } }`,
    );
    expect(e.instances.map((r) => r.score)).toEqual([7, 7, 7]);
  });

  it('stops a promise that never settles on the wall clock, then runs the next instance in a fresh isolate', async () => {
    const started = performance.now();
    const e = await run(`export function run(x) { return x === 0 ? new Promise(() => {}) : Promise.resolve(x); }`);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(e.instances[0]!.failure).toEqual({
      kind: 'timeout',
      message: 'exceeded the 400 ms wall-clock limit while running',
    });
    expect(e.instances.slice(1).map((r) => r.score)).toEqual([1, 2]);
  });

  it('stops a busy loop entered after an await (which V8 timeouts do not cover)', async () => {
    const started = performance.now();
    const e = await run(
      `export async function run(x, ctx) { await ctx.add(1, 2); if (x === 1) { for (;;) {} } return x; }`,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(e.instances[1]!.failure?.kind).toBe('timeout');
    expect(e.instances[0]!.score).toBe(0);
    expect(e.instances[2]!.score).toBe(2);
  });

  it('exposes the deadline so that a program can see whether it is out of time', async () => {
    const e = await run(`export async function run(x, ctx) { return ctx.aborted() ? -1 : 5; }`);
    expect(e.instances.map((r) => r.score)).toEqual([5, 5, 5]);
    const late = await run(
      `export async function run(x, ctx) { while (!ctx.aborted()) await ctx.call('slow'); return 5; }`,
      asyncTask({}, 150),
    );
    // A program that waits for the flag is past its deadline: the host has stopped it (or it just made it).
    expect(late.instances.every((r) => r.failure?.kind === 'timeout' || r.score === 5)).toBe(true);
    expect(late.instances.some((r) => r.failure?.kind === 'timeout')).toBe(true);
  });

  it('a call to a host function the task did not lend is a forbidden failure naming it', async () => {
    const e = await run(`export async function run(x, ctx) { return await ctx.call('readFile', '/etc/passwd'); }`);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
    expect(e.failure?.message).toMatch(/host function "readFile"/);
  });

  it('the candidate cannot reach the host reference, nor call host functions once its run is over', async () => {
    sessions.length = 0;
    const e = await run(`
      export async function run(x, ctx) {
        if (typeof globalThis.__adrsHost !== 'undefined' || typeof __adrsHost !== 'undefined') return -100;
        // Calls left running after the answer land after the host closed this run (or during a later one).
        ctx.call('slow').then(() => ctx.log('late ' + x)).catch(() => undefined);
        return x;
      }`);
    expect(e.instances.map((r) => r.score)).toEqual([0, 1, 2]);
    await new Promise((r) => setTimeout(r, 100));
    expect(sessions.flatMap((s) => s.recorded.calls)).toEqual([]);
  });

  it('the answer is only what the harness returns: a forged record in it does not reach the host record', async () => {
    const e = await run(
      `export async function run(x, ctx) { await ctx.add(0, 0); return { calls: [{ name: 'add' }, { name: 'add' }] }; }`,
      asyncTask({
        score: (instance, _output, ctx) => ({
          instanceId: instance.id,
          score: 1,
          metrics: { calls: (ctx.host as Recorded).calls.length },
        }),
      }),
    );
    expect(e.instances.map((r) => r.metrics.calls)).toEqual([1, 1, 1]);
  });

  it('uses scoreAsync when present; a rejected scoreAsync rejects the instance, never scores it', async () => {
    const good = await run(
      `export async function run(x) { return x; }`,
      asyncTask({
        scoreAsync: async (instance, output) => {
          await new Promise((r) => setTimeout(r, 5));
          return { instanceId: instance.id, score: 100 + Number((output as { answer: number }).answer), metrics: {} };
        },
      }),
    );
    expect(good.instances.map((r) => r.score)).toEqual([100, 101, 102]);
    const bad = await run(
      `export async function run(x) { return x; }`,
      asyncTask({ scoreAsync: () => Promise.reject(new Error('judge unreachable')) }),
    );
    expect(bad.valid).toBe(false);
    expect(bad.instances[0]!.failure).toEqual({ kind: 'invalid', message: 'judge unreachable' });
  });

  it('a synchronous harness still rejects a Promise answer and has no host functions', async () => {
    const task = asyncTask({ async: false, host: undefined, harness: (c) => (c.run as () => unknown)() });
    const e = await run(`export async function run() { return 1; }`, task);
    expect(e.failure?.message).toMatch(/must return synchronously/);
    const noHost = asyncTask({
      async: false,
      host: undefined,
      harness: (_c, _i, host) => {
        let threw = false;
        host!.call('add', 1, 2).then(
          () => undefined,
          () => (threw = true),
        );
        return { answer: typeof host!.call === 'function' && !threw ? 3 : 0 };
      },
      score: (instance, output, ctx) => ({
        instanceId: instance.id,
        score: ctx.host === undefined ? Number((output as { answer: number }).answer) : -1,
        metrics: {},
      }),
    });
    const nh = await run(`export function run() {}`, noHost);
    expect(nh.instances[0]!.score).toBe(3);
  });
});
