// What the controller and the workers agree on: the queue's name, the job payload, and how results travel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { packageRoot } from '../core/paths.js';
import type { Evaluation } from '../core/types.js';
import type { EvalJob } from '../evaluate/job.js';

/** BullMQ queue name and key prefix: every key adrs writes starts with `adrs:evaluations:`. */
export const QUEUE_NAME = 'evaluations';
export const QUEUE_PREFIX = 'adrs';

/** Bumped when the payload changes shape; a worker refuses payloads of another version. */
export const PROTOCOL = 1;

export const ADRS_VERSION = (
  JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
).version;

/** The data of one queue job. */
export interface QueueJobData {
  protocol: number;
  /** adrs version of the controller, shown when a worker refuses the job. */
  adrs: string;
  /** Content hash of the task the controller evaluates against (see task-hash.ts). */
  taskHash: string;
  job: EvalJob;
  /** The worker's local pool stops the evaluation after this long. */
  deadlineMs: number;
}

/** What a worker reports (as job progress) when it will not run a job. */
export interface Refusal {
  refused: string;
  worker: string;
}

export function isRefusal(data: unknown): data is Refusal {
  return typeof data === 'object' && data !== null && typeof (data as Refusal).refused === 'string';
}

/** The queue URL, from the flag or $ADRS_QUEUE (which keeps a password out of `ps`). */
export function queueUrl(flag: string | undefined): string | undefined {
  const url = flag ?? process.env.ADRS_QUEUE;
  if (url === undefined || url === '') return undefined;
  if (!/^rediss?:\/\/[^/]/.test(url))
    throw new Error(`--queue ${redact(url)}: expected redis://[:password@]HOST:PORT[/db] or rediss://... (TLS)`);
  return url;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(
    /\/\/([^@/]*)@/,
    (_m, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}

/**
 * Connection settings for BullMQ, which then owns (and closes) its clients.
 * Commands wait while Redis is away (BullMQ requires this of workers) and
 * ioredis reconnects by itself; when "away" has lasted too long is for the
 * caller to decide. `rediss://` turns TLS on.
 */
export function connectionOptions(url: string, name: string): RedisOptions {
  return { url, maxRetriesPerRequest: null, connectionName: name };
}

/** A plain client of our own (the controller's health checks). */
export function connect(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name });
}

/*
 * Evaluations travel as JSON. JSON has no NaN or Infinity, which a task's
 * metrics may hold, so those are tagged on the way and restored on arrival:
 * the store then receives exactly what a local pool would have produced.
 */
const NON_FINITE = '$adrs:number';

export function encodeEvaluation(e: Evaluation): string {
  return JSON.stringify(e, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value,
  );
}

export function decodeEvaluation(text: string): Evaluation {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && NON_FINITE in value)
      return Number((value as Record<string, string>)[NON_FINITE]);
    return value;
  }) as Evaluation;
}
