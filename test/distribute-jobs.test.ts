import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/core/events.js';
import { loadTask, taskRefFor } from '../src/core/load-task.js';
import type { TaskRef } from '../src/core/task.js';
import type { Evaluation } from '../src/core/types.js';
import { decodeEvaluation, encodeEvaluation, queueUrl, redact } from '../src/distribute/protocol.js';
import { QueueEvaluator } from '../src/distribute/queue-evaluator.js';
import { taskContentHash } from '../src/distribute/task-hash.js';
import { startQueueWorker, type QueueWorker } from '../src/distribute/worker.js';
import type { EvalJob } from '../src/evaluate/job.js';
import type { Evaluator } from '../src/evaluate/pool.js';
import { runJob } from '../src/evaluate/run-job.js';
import { spawnWorker, startRedis, type RedisServer, type WorkerProcess } from './distribute-helpers.js';
import { tempDir } from './helpers.js';

const prism: TaskRef = { kind: 'builtin', name: 'prism', options: {} };
const human = loadTask(prism).programs['human-sota']!.source;
const start = (run: string): RunEvent => ({
  type: 'start',
  run,
  task: 'prism',
  resumed: false,
  workers: 1,
  dataSource: '',
});

/** Scores instantly and counts what it was asked to do. */
class CountingEvaluator implements Evaluator {
  readonly seen: string[] = [];
  constructor(private readonly fail?: string) {}
  evaluate(job: EvalJob): Promise<Evaluation> {
    this.seen.push(job.id);
    if (this.fail) return Promise.reject(new Error(this.fail));
    const score = job.source.length;
    return Promise.resolve({
      valid: true,
      score,
      metrics: { ratio: Infinity, odd: NaN },
      privateMetrics: {},
      feedback: '',
      instances: [{ instanceId: '0', score, metrics: {} }],
      durationMs: 1,
    });
  }
  close = (): Promise<void> => Promise.resolve();
}

describe('queue protocol', () => {
  it('keeps NaN and infinities through the queue', () => {
    const e = decodeEvaluation(
      encodeEvaluation({
        valid: true,
        score: -Infinity,
        metrics: { a: NaN, b: Infinity, c: 1.5 },
        privateMetrics: {},
        feedback: 'x',
        instances: [],
        durationMs: 2,
      }),
    );
    expect(e.score).toBe(-Infinity);
    expect(e.metrics).toEqual({ a: NaN, b: Infinity, c: 1.5 });
  });

  it('names the task version by content', () => {
    const again = taskContentHash({ kind: 'builtin', name: 'prism', options: {} });
    expect(taskContentHash(prism)).toBe(again);
    expect(taskContentHash({ ...prism, options: { dataSeed: 7 } })).not.toBe(again);
    expect(taskContentHash({ kind: 'builtin', name: 'eplb', options: {} })).not.toBe(again);
  });

  it('checks and redacts queue URLs', () => {
    expect(queueUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(() => queueUrl('127.0.0.1:6379')).toThrow(/redis:\/\//);
    expect(redact('rediss://:hunter2@cache:6380/1')).toBe('rediss://:***@cache:6380/1');
    expect(redact('redis://adrs:hunter2@cache:6379')).toBe('redis://adrs:***@cache:6379');
  });
});

describe('queue jobs', () => {
  let redis: RedisServer;
  const stop: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of stop.reverse()) await s();
    await redis.stop();
  });
  const worker = async (evaluator: Evaluator, name: string): Promise<QueueWorker> => {
    const w = await startQueueWorker({ url: redis.url, evaluator, name, lockMs: 2000, log: () => undefined });
    stop.push(() => w.close());
    return w;
  };
  const controller = (options: Partial<ConstructorParameters<typeof QueueEvaluator>[0]> = {}): QueueEvaluator => {
    const q = new QueueEvaluator({ url: redis.url, sweepMs: 200, onNotice: () => undefined, ...options });
    stop.push(() => q.close());
    return q;
  };

  it('one job per evaluation id, and a resumed controller collects it without running it again', async () => {
    const counting = new CountingEvaluator();
    const w = await worker(counting, 'counting');
    const job: EvalJob = { id: 'p1:train', task: prism, source: 'abc', split: 'train' };
    const first = controller();
    first.listener(start('/runs/a'));
    const [a, b] = await Promise.all([first.evaluate(job, 5000), first.evaluate(job, 5000)]);
    expect(a).toEqual(b);
    expect(a.metrics).toEqual({ ratio: Infinity, odd: NaN });
    await first.close();
    // The same run, resumed: its job is found finished in Redis.
    const second = controller();
    second.listener(start('/runs/a'));
    expect(await second.evaluate(job, 5000)).toEqual(a);
    expect(counting.seen).toEqual(['p1:train']);
    // Another run with the same evaluation id is another job.
    second.listener(start('/runs/b'));
    await second.evaluate(job, 5000);
    expect(counting.seen).toEqual(['p1:train', 'p1:train']);
    await w.close();
  });

  it('a job that keeps failing is recorded as a crash with its reason', async () => {
    const failing = new CountingEvaluator('the evaluator host ran out of disk');
    const w = await worker(failing, 'failing');
    const q = controller({ attempts: 2 });
    const e = await q.evaluate({ id: 'p2:train', task: prism, source: 'x', split: 'train' }, 5000);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('crash');
    expect(e.failure?.message).toMatch(/failed on 2 attempts.*ran out of disk/);
    expect(failing.seen).toEqual(['p2:train', 'p2:train']);
    await w.close();
  });

  it('a sharded evaluation equals the whole one', async () => {
    const local: Evaluator = { evaluate: (job) => runJob(job), close: () => Promise.resolve() };
    const w = await worker(local, 'sharding');
    const q = controller({ shardSize: 7 });
    const job: EvalJob = { id: 'p3:train', task: prism, source: human, split: 'train' };
    const sharded = await q.evaluate(job, 60_000);
    const whole = await runJob(job);
    expect(sharded.score).toBe(whole.score);
    expect(sharded.metrics).toEqual(whole.metrics);
    expect(sharded.instances.map((i) => [i.instanceId, i.score])).toEqual(
      whole.instances.map((i) => [i.instanceId, i.score]),
    );
    await w.close();
  });

  describe('task versions', () => {
    const workers: WorkerProcess[] = [];
    afterAll(async () => {
      for (const w of workers) await w.kill();
    });

    it('a worker with another version of the task refuses its jobs; one with the same version runs them', async () => {
      const dir = tempDir('adrs-node-task-');
      const evaluator = (score: number): string =>
        `process.stdout.write(JSON.stringify({ combined_score: ${score} }) + '\\n');\n`;
      writeFileSync(join(dir, 'initial.js'), '// EVOLVE-BLOCK-START\n// EVOLVE-BLOCK-END\n');
      writeFileSync(join(dir, 'evaluate.mjs'), evaluator(1));
      writeFileSync(
        join(dir, 'adrs-task.yaml'),
        'name: versions\ndescription: scores 1\ninitialProgram: initial.js\nevaluator:\n  command: node evaluate.mjs {program}\n',
      );
      const ref = taskRefFor(dir, {});
      const notices: string[] = [];
      const q = controller({ onNotice: (m) => notices.push(m) });
      q.listener(start(join(dir, 'run')));
      const result = q.evaluate({ id: 'p0:train', task: ref, source: '// v\n', split: 'train' }, 30_000);
      // The controller has hashed version 1; this worker's folder now holds version 2.
      writeFileSync(join(dir, 'evaluate.mjs'), evaluator(2));
      workers.push(await spawnWorker(redis.url, 'stale', ['--concurrency', '1']));
      const deadline = Date.now() + 20_000;
      while (!notices.some((n) => n.includes('refuses'))) {
        if (Date.now() > deadline) throw new Error(`no refusal seen: ${notices.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(notices.find((n) => n.includes('refuses'))).toMatch(
        /worker stale refuses this run's evaluations \(first p0:train\): .*differs/,
      );
      expect(workers[0]!.log()).toMatch(/refusing jobs/);
      // Back to version 1: a worker started now has the run's version and takes the job.
      writeFileSync(join(dir, 'evaluate.mjs'), evaluator(1));
      workers.push(await spawnWorker(redis.url, 'current', ['--concurrency', '1']));
      const e = await result;
      expect(e.valid).toBe(true);
      expect(e.score).toBe(1);
    }, 60_000);
  });
});
