// Distributed evaluation: throughput with the local pool and with 1, 2, 3 queue workers, and the queue's per-job cost.
import { availableParallelism } from 'node:os';
import { startRun, type RunOptions } from '../src/core/run.js';
import type { TaskRef } from '../src/core/task.js';
import { QueueEvaluator } from '../src/distribute/queue-evaluator.js';
import { startQueueWorker } from '../src/distribute/worker.js';
import type { EvalJob } from '../src/evaluate/job.js';
import { WorkerPool, type Evaluator } from '../src/evaluate/pool.js';
import { redisInstalled, spawnWorker, startRedis, type WorkerProcess } from '../test/distribute-helpers.js';
import { tempDir } from '../test/helpers.js';

type Add = (what: string, value: string, reference?: string, ratio?: string) => void;

const ITERATIONS = 200;
const prism: TaskRef = { kind: 'builtin', name: 'prism', options: {} };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Evaluations per second of a prism run (offline mutator), after an untimed warm-up that starts every process. */
async function runRate(name: string, options: RunOptions): Promise<number> {
  const runsDir = tempDir('adrs-bench-queue-');
  // inFlight 8: enough outstanding evaluations to keep three workers busy.
  const base = { task: 'prism', runsDir, seed: 3, finalTest: false, pipeline: { inFlight: 8 } };
  await startRun({ ...base, name: `${name}-warm`, budget: { iterations: 16 } }, options);
  const s = await startRun({ ...base, name, budget: { iterations: ITERATIONS } }, options);
  return s.evaluations / (s.wallTimeMs / 1000);
}

/** Median round trip of a job that does nothing: a program that fails to compile is rejected at once. */
async function roundTrip(evaluator: Evaluator, times = 60): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const job: EvalJob = { id: `rt${i}:${Date.now()}`, task: prism, source: 'export const = ;', split: 'train' };
    const t = performance.now();
    const e = await evaluator.evaluate(job, 60_000);
    samples.push(performance.now() - t);
    if (e.failure?.kind !== 'compile') throw new Error(`expected a compile failure, got ${JSON.stringify(e.failure)}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export async function queueBench(add: Add): Promise<void> {
  if (!redisInstalled()) {
    add('queue benchmarks', 'skipped: redis-server is not installed (apt-get install redis-server)');
    return;
  }
  const redis = await startRedis();
  const workers: WorkerProcess[] = [];
  const queue = new QueueEvaluator({ url: redis.url, sweepMs: 500, onNotice: () => undefined });
  const viaQueue: RunOptions = { evaluator: queue, listeners: [queue.listener] };
  try {
    const cores = availableParallelism();
    // One pool for the warm-up and the timed run, as the workers are started before theirs.
    const localPool = new WorkerPool(cores);
    const local = await runRate('local', { evaluator: localPool });
    await localPool.close();
    add(`prism run, local pool (${cores} processes)`, `${local.toFixed(1)} evaluations/s`);
    for (const k of [1, 2, 3]) {
      workers.push(await spawnWorker(redis.url, `bench-${k}`, ['--concurrency', '1']));
      await sleep(1000); // its sandbox process boots
      const rate = await runRate(`queue-${k}`, viaQueue);
      add(
        `prism run, queue, ${k} worker${k > 1 ? 's' : ''} (1 process each; ${cores} cores here)`,
        `${rate.toFixed(1)} evaluations/s`,
        `local pool ${local.toFixed(1)}/s`,
        `${(rate / local).toFixed(2)}x`,
      );
    }
    for (const w of workers.splice(0)) await w.kill('SIGTERM');

    // Per-job cost: the same trivial job through a local pool process and through Redis to a worker process.
    const pool = new WorkerPool(1);
    await roundTrip(pool, 5);
    const ipc = await roundTrip(pool);
    await pool.close();
    workers.push(await spawnWorker(redis.url, 'bench-rt', ['--concurrency', '1']));
    await roundTrip(queue, 5);
    const rt = await roundTrip(queue);
    add(
      'trivial job round trip, queue to 1 worker process',
      `${rt.toFixed(2)} ms`,
      `local pool ${ipc.toFixed(2)} ms`,
      `+${(rt - ipc).toFixed(2)} ms per job`,
    );
    for (const w of workers.splice(0)) await w.kill('SIGTERM');
    // The queue alone: a worker in this process that answers without evaluating.
    const instant = await startQueueWorker({
      url: redis.url,
      name: 'bench-instant',
      log: () => undefined,
      evaluator: { evaluate: () => Promise.resolve(ipcFree), close: () => Promise.resolve() },
    });
    await roundTrip(queue, 5);
    const bare = await roundTrip(queue);
    await instant.close();
    add('queue round trip alone (add, take, complete, event)', `${bare.toFixed(2)} ms`);
  } finally {
    for (const w of workers) await w.kill();
    await queue.close();
    await redis.stop();
  }
}

const ipcFree = {
  valid: false,
  score: null,
  metrics: {},
  privateMetrics: {},
  failure: { kind: 'compile' as const, message: 'not evaluated' },
  feedback: '',
  instances: [],
  durationMs: 0,
};
