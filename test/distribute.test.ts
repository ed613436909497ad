import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/core/events.js';
import { startRun } from '../src/core/run.js';
import { connectionOptions, QUEUE_NAME, QUEUE_PREFIX } from '../src/distribute/protocol.js';
import { QueueEvaluator } from '../src/distribute/queue-evaluator.js';
import { snapshot, spawnWorker, startRedis, type RedisServer, type WorkerProcess } from './distribute-helpers.js';
import { tempDir } from './helpers.js';

const ITERATIONS = 60;

const config = (runsDir: string, name: string) => ({
  task: 'prism',
  name,
  runsDir,
  seed: 11,
  budget: { iterations: ITERATIONS },
  pipeline: { workers: 2, inFlight: 4 },
  finalTest: false,
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('distributed evaluation', () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    // Short locks: a killed worker's job moves to another worker within about four seconds.
    workers = await Promise.all(
      ['w1', 'w2', 'w3'].map((name) => spawnWorker(redis.url, name, ['--concurrency', '1', '--lock', '2s'])),
    );
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await redis?.stop();
  });

  it('three workers, one killed mid-job, end with the same programs and scores as a local run', async () => {
    const runsDir = tempDir();
    const local = await startRun(config(runsDir, 'local'));
    expect(local.iterations).toBe(ITERATIONS);

    const connection = connectionOptions(redis.url, 'test-observer');
    const observer = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    const events = new QueueEvents(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    const notices: string[] = [];
    const queue = new QueueEvaluator({ url: redis.url, sweepMs: 250, onNotice: (m) => notices.push(m) });
    let evaluated = 0;
    const count = (e: RunEvent): void => {
      if (e.type === 'evaluated') evaluated++;
    };
    try {
      const run = startRun(config(runsDir, 'queue'), { evaluator: queue, listeners: [queue.listener, count] });
      let finished = false;
      void run.finally(() => (finished = true));
      while (evaluated < 15 && !finished) await sleep(10);
      // Freeze w1, and kill it only if it holds a job: then that job is certainly unfinished.
      const [w1] = workers;
      let killed: string | undefined;
      while (!killed && !finished) {
        w1!.child.kill('SIGSTOP');
        const mine = (await observer.getActive()).find((j) => j.processedBy === 'w1');
        if (mine?.id) {
          killed = mine.id;
          await w1!.kill('SIGKILL');
        } else {
          w1!.child.kill('SIGCONT');
          await sleep(5);
        }
      }
      const summary = await run;
      expect(killed, 'w1 was killed while holding a job').toBeDefined();
      expect(stalled).toContain(killed);
      expect(notices.some((n) => /stalled .* runs again elsewhere/.test(n))).toBe(true);
      expect(summary.iterations).toBe(ITERATIONS);
      expect(snapshot(join(runsDir, 'queue'))).toEqual(snapshot(join(runsDir, 'local')));
      expect(summary.best).toEqual(local.best);
      // The surviving workers did the rest.
      expect((await observer.getJob(killed!))?.processedBy).toMatch(/^w[23]$/);
    } finally {
      await queue.close();
      await events.close();
      await observer.close();
    }
  }, 80_000);
});
