import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runningFromSource } from '../core/paths.js';
import type { Evaluation } from '../core/types.js';
import { crashEvaluation, type EvalJob, type WorkerMessage } from './job.js';

interface Pending {
  job: EvalJob;
  resolve: (e: Evaluation) => void;
  reject: (error: Error) => void;
  /** Kill the worker if the job overruns this (ms); the sandbox should have stopped it long before. */
  deadlineMs: number;
}

interface Slot {
  child: ChildProcess;
  busy?: Pending;
  timer?: NodeJS.Timeout;
  /** Tail of the worker's stderr: explains a crash (V8 prints heap statistics when it runs out of memory). */
  stderr: string;
  /** Killed and waiting for its exit: takes no jobs. */
  dead?: boolean;
}

// Resolved here, not by the worker: a bare `tsx` would be looked up from the caller's working directory.
const TSX = runningFromSource ? import.meta.resolve('tsx') : '';

const WORKER = fileURLToPath(new URL(`./worker-main.${runningFromSource ? 'ts' : 'js'}`, import.meta.url));

/** Anything that evaluates jobs: the local process pool, or a remote queue. */
export interface Evaluator {
  evaluate(job: EvalJob, deadlineMs: number): Promise<Evaluation>;
  close(): Promise<void>;
}

/**
 * A pool of worker processes, each running one job at a time in its own
 * isolates. A worker that dies or overruns its job's deadline is killed and
 * replaced; its job is reported as a crash, and the pool goes on.
 */
export class WorkerPool implements Evaluator {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(readonly size: number = availableParallelism()) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const execArgv = ['--no-node-snapshot', ...(runningFromSource ? ['--import', TSX] : [])];
    const child = fork(WORKER, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const slot: Slot = { child, stderr: '' };
    child.stderr!.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString()).slice(-4096);
    });
    // A send to a worker that just died fails here; its exit handler reports the job.
    child.on('error', () => undefined);
    child.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    return slot;
  }

  evaluate(job: EvalJob, deadlineMs: number): Promise<Evaluation> {
    if (this.closed) return Promise.reject(new Error('the evaluation pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject, deadlineMs });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || slot.dead || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.timer = setTimeout(() => {
        pending.resolve(
          crashEvaluation(
            `evaluation overran its ${Math.round(pending.deadlineMs / 1000)} s deadline; its worker was killed`,
            'timeout',
          ),
        );
        slot.busy = undefined;
        slot.dead = true;
        slot.child.kill('SIGKILL');
      }, pending.deadlineMs);
      slot.child.send(pending.job, (error) => {
        if (error) {
          slot.dead = true;
          slot.child.kill('SIGKILL'); // the exit handler reports the job as a crash
        }
      });
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready' || !slot.busy || slot.busy.job.id !== m.id) return;
    const pending = slot.busy;
    clearTimeout(slot.timer);
    slot.busy = undefined;
    if (m.type === 'result') pending.resolve(m.evaluation);
    else pending.reject(new Error(m.message));
    this.dispatch();
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    clearTimeout(slot.timer);
    const pending = slot.busy;
    slot.busy = undefined;
    if (pending) {
      // isolated-vm's heap cap is enforced by V8; an allocation that overshoots it far enough aborts the process.
      const oom = /heap_size_limit|out of memory|allocation failed/i.test(slot.stderr);
      pending.resolve(
        oom
          ? crashEvaluation(
              'the program exhausted its memory limit so fast that it crashed its worker process',
              'memory',
            )
          : crashEvaluation(
              `the evaluation worker died (${signal ?? `exit code ${code}`}): ${slot.stderr.trim().split('\n').slice(-3).join(' | ')}`,
            ),
      );
    }
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the evaluation pool was closed'));
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.kill('SIGKILL');
          }),
      ),
    );
  }
}
