import { hostname } from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import { WorkerPool, type Evaluator } from '../evaluate/pool.js';
import {
  ADRS_VERSION,
  connectionOptions,
  encodeEvaluation,
  PROTOCOL,
  QUEUE_NAME,
  QUEUE_PREFIX,
  redact,
  type QueueJobData,
  type Refusal,
} from './protocol.js';
import { taskContentHash } from './task-hash.js';

export interface QueueWorkerOptions {
  url: string;
  /** Evaluations at once (and local sandbox processes). */
  concurrency?: number;
  /** Shown to the controller and stored on each job it runs; default host-pid. */
  name?: string;
  /**
   * How long a job stays locked without a renewal. A worker that dies holds
   * its jobs this long (plus one stalled check, as long again) before another
   * worker takes them over.
   */
  lockMs?: number;
  /** Where jobs are evaluated; default a local sandbox pool of `concurrency` processes. */
  evaluator?: Evaluator;
  /** A refused job waits this long before any worker may take it again. */
  refuseDelayMs?: number;
  log?: (line: string) => void;
}

export interface QueueWorker {
  readonly name: string;
  /** Evaluations finished and jobs refused so far. */
  readonly counts: { evaluated: number; refused: number };
  /** Finishes the jobs in hand, then stops; `force` drops them (they stall and run elsewhere). */
  close(force?: boolean): Promise<void>;
}

/**
 * A stateless evaluation worker: takes jobs from the queue, checks that it has
 * the very task the controller evaluates against, evaluates in its local
 * sandbox pool and returns the result through Redis. It writes nothing else
 * anywhere, so any number can run on any machine that reaches Redis and has
 * the same adrs and task data.
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const concurrency = o.concurrency ?? 1;
  const name = o.name ?? `${hostname()}-${process.pid}`;
  const lockMs = o.lockMs ?? 30_000;
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const evaluator = o.evaluator ?? new WorkerPool(concurrency);
  const counts = { evaluated: 0, refused: 0 };
  const logged = new Set<string>();
  let active = 0;

  const processor = async (job: Job<QueueJobData, string>, token?: string): Promise<string> => {
    const refusal = refuse(job.data);
    if (refusal) {
      counts.refused++;
      if (!logged.has(refusal)) {
        logged.add(refusal);
        log(`adrs worker ${name}: refusing jobs: ${refusal}`);
      }
      // Reported as progress (the controller says so), then put back for a worker that has this task.
      await job.updateProgress({ refused: refusal, worker: name } satisfies Refusal);
      await job.moveToDelayed(Date.now() + (o.refuseDelayMs ?? 2000), token);
      throw new DelayedError();
    }
    active++;
    try {
      const evaluation = await evaluator.evaluate(job.data.job, job.data.deadlineMs);
      counts.evaluated++;
      return encodeEvaluation(evaluation);
    } finally {
      active--;
    }
  };

  const worker = new Worker<QueueJobData, string>(QUEUE_NAME, processor, {
    connection: connectionOptions(o.url, `adrs-worker ${name}`),
    prefix: QUEUE_PREFIX,
    name,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job that stalls more than three times is recorded as failed rather than retried for ever.
    maxStalledCount: 3,
    // After a connection error BullMQ waits this long before it tries again (default 15 s): back soon after Redis.
    runRetryDelay: 1000,
  });
  let lastError = '';
  worker.on('error', (error) => {
    // ioredis repeats a connection error on every reconnect attempt: log each once per streak.
    if (error.message !== lastError) log(`adrs worker ${name}: ${error.message}`);
    lastError = error.message;
  });
  worker.on('ready', () => (lastError = ''));
  worker.on('failed', (job, error) => {
    if (job && !(error instanceof DelayedError))
      log(`adrs worker ${name}: evaluation ${job.data.job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });
  await worker.waitUntilReady();
  log(
    `adrs worker ${name}: taking evaluations from ${redact(o.url)} (concurrency ${concurrency}, adrs ${ADRS_VERSION})`,
  );

  return {
    name,
    counts,
    close: async (force = false) => {
      const closing = worker.close(force);
      // BullMQ's close also waits for Redis, for ever if it is gone. Once no evaluation is in hand there
      // is nothing left worth waiting for: then a second of grace, and the connections are cut.
      while (!(await settles(closing, 1000))) {
        if (active === 0) {
          await settles(worker.disconnect(), 1000);
          break;
        }
      }
      if (!o.evaluator) await evaluator.close();
    },
  };
}

/** Why this worker must not run a job, if it must not. */
function refuse(data: QueueJobData): string | undefined {
  if (data.protocol !== PROTOCOL) return `job protocol ${data.protocol}, this worker speaks ${PROTOCOL}`;
  if (data.adrs !== ADRS_VERSION) return `the controller runs adrs ${data.adrs}, this worker adrs ${ADRS_VERSION}`;
  let own: string;
  try {
    own = taskContentHash(data.job.task);
  } catch (error) {
    return `cannot load the task here: ${(error as Error).message}`;
  }
  if (own !== data.taskHash)
    return `this worker's copy of the task differs (programs, harness or instance data): version ${own.slice(0, 12)}, the run needs ${data.taskHash.slice(0, 12)}`;
  return undefined;
}

/** True if the promise settles within `ms`. */
function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}
