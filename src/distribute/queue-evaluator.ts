import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunListener } from '../core/events.js';
import { sha256 } from '../core/hash.js';
import { loadTask } from '../core/load-task.js';
import type { Evaluation } from '../core/types.js';
import { crashEvaluation, type EvalJob } from '../evaluate/job.js';
import type { Evaluator } from '../evaluate/pool.js';
import {
  ADRS_VERSION,
  connect,
  connectionOptions,
  decodeEvaluation,
  isRefusal,
  PROTOCOL,
  QUEUE_NAME,
  QUEUE_PREFIX,
  redact,
  type QueueJobData,
} from './protocol.js';
import { mergeShards, shardJob } from './shard.js';
import { taskContentHash } from './task-hash.js';

export interface QueueEvaluatorOptions {
  /** redis://[:password@]HOST:PORT[/db] or rediss://... */
  url: string;
  /** Split evaluations into jobs of at most this many instances (sandbox tasks only). */
  shardSize?: number;
  /** How long Redis may stay unreachable, with evaluations pending, before the run is stopped. */
  graceMs?: number;
  /** Runs of a job that throws before it is recorded as failed. */
  attempts?: number;
  /** How often Redis is checked and pending jobs are reconciled with it. */
  sweepMs?: number;
  /** Say so when no worker has touched a job for this long. */
  quietMs?: number;
  /** Things the person running the controller should know (Redis away, workers refusing jobs). */
  onNotice?: (message: string) => void;
}

interface Pending {
  data: QueueJobData;
  /** `added`: the job reached Redis, so a job that Redis does not know has vanished rather than not arrived yet. */
  state: 'idle' | 'adding' | 'added';
  waiters: { resolve: (e: Evaluation) => void; reject: (error: Error) => void }[];
}

const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

/**
 * Evaluates through a BullMQ queue on Redis, served by `adrs worker`
 * processes anywhere. The controller stays the only writer of the store:
 * workers return results through Redis and this class hands them to the
 * controller, which stores each (program, split, purpose) once.
 *
 * Job ids are derived from the run folder, the evaluation id and the job's
 * content, so a job is added at most once per evaluation (a second add is a
 * no-op in BullMQ): a resumed controller finds the jobs of its previous life
 * waiting, running or finished, and a result delivered twice counts once.
 * Results arrive as queue events; a sweep reconciles pending jobs with Redis
 * so that a missed event, or a Redis that restarted empty, costs time only.
 */
export class QueueEvaluator implements Evaluator {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly pinger: Redis;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<string, Pending>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly graceMs: number;
  private readonly attempts: number;
  private readonly quietMs: number;
  private namespace = randomUUID().slice(0, 12);
  private run = '<run folder>';
  private lastReachable = Date.now();
  private lastActivity = Date.now();
  private unreachable = false;
  private lastError = 'no answer to PING';
  private lost: Error | undefined;
  private closed = false;
  private sweeping = false;
  private readonly noticed = new Set<string>();

  constructor(private readonly o: QueueEvaluatorOptions) {
    this.graceMs = o.graceMs ?? 60_000;
    this.attempts = o.attempts ?? 3;
    this.quietMs = o.quietMs ?? 30_000;
    const connection = connectionOptions(o.url, 'adrs-controller');
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    this.events = new QueueEvents(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    this.pinger = connect(o.url, 'adrs-controller-health');
    const remember = (error: Error): void => {
      this.lastError = error.message;
    };
    this.queue.on('error', remember);
    this.events.on('error', remember);
    this.pinger.on('error', remember);
    this.events.on('completed', ({ jobId, returnvalue }) => this.completed(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.failed(jobId, failedReason));
    this.events.on('active', () => (this.lastActivity = Date.now()));
    this.events.on('progress', ({ jobId, data }) => {
      this.lastActivity = Date.now();
      const p = this.pending.get(jobId);
      // Once per worker and reason: a stale worker refuses every job it is offered.
      if (p && isRefusal(data))
        this.noticeOnce(
          `worker ${data.worker} refuses this run's evaluations (first ${p.data.job.id}): ${data.refused}`,
        );
    });
    this.events.on('stalled', ({ jobId }) => {
      const p = this.pending.get(jobId);
      if (p)
        this.notice(`evaluation ${p.data.job.id} stalled (its worker died or lost Redis); it runs again elsewhere`);
    });
    // A duplicate add means the job exists already, perhaps finished long ago: look it up now.
    this.events.on('duplicated', ({ jobId }) => void this.check(jobId).catch(remember));
    this.ready = Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]).then(
      () => undefined,
      remember,
    );
    this.sweepTimer = setInterval(() => void this.sweep(), o.sweepMs ?? 2000);
  }

  /** Add to the run's listeners: job ids then name the run folder, so `adrs resume` finds its jobs again. */
  readonly listener: RunListener = (event) => {
    if (event.type !== 'start') return;
    this.run = event.run;
    this.namespace = sha256(resolve(event.run)).slice(0, 12);
  };

  async evaluate(job: EvalJob, deadlineMs: number): Promise<Evaluation> {
    if (this.lost) throw this.lost;
    if (this.closed) throw new Error('the queue evaluator is closed');
    const taskHash = taskContentHash(job.task);
    const shards = this.o.shardSize ? shardJob(job, this.o.shardSize) : undefined;
    if (!shards) return this.submit(job, deadlineMs, taskHash);
    const parts = await Promise.all(shards.map((s) => this.submit(s, deadlineMs, taskHash)));
    return mergeShards(loadTask(job.task), parts);
  }

  private submit(job: EvalJob, deadlineMs: number, taskHash: string): Promise<Evaluation> {
    const data: QueueJobData = { protocol: PROTOCOL, adrs: ADRS_VERSION, taskHash, job, deadlineMs };
    // BullMQ ids may not contain ':'. The content part keeps two different jobs from ever sharing an id.
    const content = sha256(JSON.stringify([taskHash, job.task, job.split, job.instanceIds, job.limits, job.source]));
    const jobId = `${this.namespace}.${job.id.replace(/:/g, '~')}.${content.slice(0, 16)}`;
    return new Promise<Evaluation>((resolve, reject) => {
      const existing = this.pending.get(jobId);
      if (existing) return existing.waiters.push({ resolve, reject });
      this.pending.set(jobId, { data, state: 'idle', waiters: [{ resolve, reject }] });
      void this.enqueue(jobId);
    });
  }

  private async enqueue(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p || p.state !== 'idle') return;
    p.state = 'adding';
    const options: JobsOptions = {
      jobId,
      attempts: this.attempts,
      backoff: { type: 'fixed', delay: 1000 },
      // Kept a while, so that a controller resumed after a crash collects what finished meanwhile.
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    try {
      await this.ready;
      await this.queue.add('evaluate', p.data, options);
      p.state = 'added';
    } catch (error) {
      p.state = 'idle'; // the sweep adds it again
      this.lastError = (error as Error).message;
    }
  }

  private settle(jobId: string, outcome: () => Evaluation): void {
    const p = this.pending.get(jobId);
    if (!p) return; // another run's job, or a result already delivered
    this.pending.delete(jobId);
    this.lastActivity = Date.now();
    let evaluation: Evaluation;
    try {
      evaluation = outcome();
    } catch (error) {
      evaluation = crashEvaluation(`a worker returned an unreadable result: ${(error as Error).message}`);
    }
    for (const w of p.waiters) w.resolve(evaluation);
  }

  private completed(jobId: string, returnvalue: unknown): void {
    this.settle(jobId, () => {
      if (typeof returnvalue !== 'string') throw new Error(`expected an encoded evaluation, got ${typeof returnvalue}`);
      return decodeEvaluation(returnvalue);
    });
  }

  private failed(jobId: string, reason: string): void {
    this.settle(jobId, () =>
      crashEvaluation(
        reason === STALLED_TOO_OFTEN
          ? 'the evaluation was abandoned: its workers died or lost Redis while running it, again and again'
          : `the evaluation failed on ${this.attempts} attempts on the queue: ${reason}`,
      ),
    );
  }

  /** Collects a finished job, or adds a job that Redis no longer knows; returns the job's state. */
  private async check(jobId: string): Promise<string> {
    const p = this.pending.get(jobId);
    if (!p) return 'settled';
    const state = await this.queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') {
      const job = await this.queue.getJob(jobId);
      if (!job) return state;
      if (state === 'completed') this.completed(jobId, job.returnvalue);
      else this.failed(jobId, job.failedReason);
    } else if (state === 'unknown' && p.state === 'added') {
      p.state = 'idle';
      this.noticeOnce('jobs vanished from Redis (did it restart without persistence?); adding them again');
      await this.enqueue(jobId);
    }
    return state;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closed || this.lost) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      if (!(await this.reachable())) {
        if (this.pending.size > 0 && now - this.lastReachable >= this.graceMs) return this.lose();
        if (!this.unreachable)
          this.notice(
            `Redis at ${redact(this.o.url)} is unreachable (${this.lastError}); waiting up to ${Math.round(this.graceMs / 1000)} s for it`,
          );
        this.unreachable = true;
        return;
      }
      if (this.unreachable) this.notice(`Redis at ${redact(this.o.url)} is reachable again`);
      this.unreachable = false;
      this.lastReachable = now;
      const checks: Promise<string>[] = [];
      for (const jobId of [...this.pending.keys()]) {
        const state = this.pending.get(jobId)?.state;
        if (state === 'idle') void this.enqueue(jobId);
        else if (state === 'added') checks.push(this.check(jobId));
      }
      // Commands wait while Redis is away: a sweep that waited with them would never see it go.
      const states = await within(Promise.all(checks), 5000, 'no answer from Redis within 5 s');
      // A long evaluation in progress is activity, though it sends no events.
      if (states.includes('active')) this.lastActivity = now;
      if (this.pending.size > 0 && now - this.lastActivity > this.quietMs) {
        this.lastActivity = now;
        this.notice(
          `no worker has taken an evaluation for ${Math.round(this.quietMs / 1000)} s: is \`adrs worker --queue ${redact(this.o.url)}\` running somewhere that reaches this Redis?`,
        );
      }
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.sweeping = false;
    }
  }

  private async reachable(): Promise<boolean> {
    try {
      await within(this.pinger.ping(), 2000, 'no answer to PING within 2 s');
      return true;
    } catch (error) {
      // A timeout says less than the connection error that ioredis reported meanwhile.
      if (!(error instanceof TimeoutError)) this.lastError = (error as Error).message;
      return false;
    }
  }

  /** Gives up on Redis: every pending evaluation fails, which stops the run with this message. */
  private lose(): void {
    const seconds = Math.round((Date.now() - this.lastReachable) / 1000);
    this.lost = new Error(
      `lost the evaluation queue: Redis at ${redact(this.o.url)} has been unreachable for ${seconds} s (${this.lastError}). ` +
        `Finished evaluations are in the run's store; once Redis is back, \`adrs resume ${this.run} --queue ${redact(this.o.url)}\` continues the run`,
    );
    for (const p of this.pending.values()) for (const w of p.waiters) w.reject(this.lost);
    this.pending.clear();
  }

  private notice(message: string): void {
    (this.o.onNotice ?? ((m: string) => process.stderr.write(`adrs: ${m}\n`)))(message);
  }

  private noticeOnce(message: string): void {
    if (this.noticed.has(message)) return;
    this.noticed.add(message);
    this.notice(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    const closedError = new Error('the queue evaluator was closed');
    for (const p of this.pending.values()) for (const w of p.waiters) w.reject(closedError);
    this.pending.clear();
    // Closing (not just disconnecting) the events reader ends its read loop, which would otherwise
    // reconnect for ever. When Redis is gone a graceful close waits for ever: give up after a while.
    await within(Promise.allSettled([this.events.close(), this.queue.close()]), 3000, '').catch(() => undefined);
    await within(Promise.allSettled([this.events.disconnect(), this.queue.disconnect()]), 1000, '').catch(
      () => undefined,
    );
    this.pinger.disconnect();
  }
}

class TimeoutError extends Error {}

/** The promise's outcome, or a TimeoutError after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
