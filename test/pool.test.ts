import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTask } from '../src/core/load-task.js';
import type { TaskRef } from '../src/core/task.js';
import { WorkerPool } from '../src/evaluate/pool.js';

const ref: TaskRef = { kind: 'builtin', name: 'prism', options: {} };
const task = loadTask(ref);
const good = task.programs['human-sota']!.source;
const slow = task.programs['naive-first-fit']!.source.replace(
  '  return gpu;',
  '  const t = Date.now();\n  while (Date.now() - t < 50) {}\n  return gpu;',
);

describe('worker pool', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());
  const children = (): ChildProcess[] =>
    (pool as unknown as { slots: { child: ChildProcess }[] }).slots.map((s) => s.child);

  it('evaluates in worker processes', async () => {
    const e = await pool.evaluate({ id: 'a', task: ref, source: good, split: 'train' }, 60_000);
    expect(e.valid).toBe(true);
    expect(e.score).toBeGreaterThan(50);
  });

  it('a worker killed mid-job yields a crash failure and is replaced', async () => {
    const before = children().map((c) => c.pid);
    const job = pool.evaluate({ id: 'b', task: ref, source: slow, split: 'train' }, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const c of children()) c.kill('SIGKILL');
    const e = await job;
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('crash');
    const after = await pool.evaluate({ id: 'c', task: ref, source: good, split: 'train' }, 60_000);
    expect(after.valid).toBe(true);
    expect(children().map((c) => c.pid)).not.toEqual(before);
  });

  it('a job that overruns its deadline is stopped and reported as a timeout', async () => {
    const e = await pool.evaluate(
      { id: 'd', task: ref, source: slow, split: 'train', limits: { timeMsPerInstance: 60_000 } },
      200,
    );
    expect(e.failure?.kind).toBe('timeout');
    expect(e.failure?.message).toMatch(/deadline/);
    expect((await pool.evaluate({ id: 'e', task: ref, source: good, split: 'test' }, 60_000)).valid).toBe(true);
  });
});
