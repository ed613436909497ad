import ivm from 'isolated-vm';
import type { Failure } from '../core/types.js';
import type { HostSession, Limits, SandboxEvaluator } from '../core/task.js';
import { harnessSource } from './harness-source.js';
import { PRELUDE, runnerSource } from './prelude.js';

export type RunOutcome =
  { ok: true; output: unknown; elapsedMs: number } | { ok: false; failure: Failure; elapsedMs: number };

/** Largest serialised answer accepted from a candidate, in characters. */
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
/** Largest arguments of one host-function call, in characters of JSON. */
const MAX_HOST_ARGS_CHARS = 16 * 1024 * 1024;
/** What the wall-clock timer resolves with (never a value the runner can return). */
const EXPIRED = Symbol('expired');

export interface SandboxMode {
  /** The harness returns a Promise, awaited under a wall-clock limit; host functions are available. */
  async?: boolean;
}

/**
 * One candidate loaded into a fresh V8 isolate with its task's harness. The
 * isolate has no Node APIs at all; the prelude turns every attempt to reach
 * one into a recorded `forbidden` failure. A run that exceeds its time limit
 * is terminated by V8; one that exceeds its heap cap disposes the isolate,
 * which is rebuilt before the next run.
 */
export class CandidateSandbox {
  private isolate: ivm.Isolate | undefined;
  private run$: ivm.Reference | undefined;
  private readonly attempts: string[] = [];
  /** Host functions of the run in progress (async mode); none between runs. */
  private session: HostSession | undefined;
  /** Number of the run in progress: a call made through an earlier run's `host` is refused. */
  private runId = 0;

  private constructor(
    private readonly candidateJs: string,
    private readonly harness: SandboxEvaluator['harness'],
    private readonly limits: Limits,
    private readonly mode: SandboxMode,
  ) {}

  /** Loads the candidate; a failure here (top-level throw, loop, forbidden access) is returned. */
  static async load(
    candidateJs: string,
    harness: SandboxEvaluator['harness'],
    limits: Limits,
    mode: SandboxMode = {},
  ): Promise<{ sandbox: CandidateSandbox } | { failure: Failure }> {
    const sandbox = new CandidateSandbox(candidateJs, harness, limits, mode);
    const failure = await sandbox.boot();
    if (failure) {
      sandbox.dispose();
      return { failure };
    }
    return { sandbox };
  }

  private async boot(): Promise<Failure | undefined> {
    this.dispose();
    this.attempts.length = 0;
    const isolate = new ivm.Isolate({ memoryLimit: this.limits.memoryMb });
    this.isolate = isolate;
    try {
      const context = await isolate.createContext();
      const jail = context.global;
      await jail.set(
        '__adrsReport',
        new ivm.Callback((what: string) => {
          if (this.attempts.length < 20) this.attempts.push(String(what));
        }),
      );
      await context.eval(PRELUDE, { timeout: 2000 });
      if (this.mode.async) {
        await jail.set(
          '__adrsHost',
          new ivm.Reference((runId: number, name: string, argsJson: string) => this.callHost(runId, name, argsJson)),
        );
      }
      await context.eval(runnerSource(harnessSource(this.harness)), { timeout: 2000 });
      this.run$ = await jail.get(this.mode.async ? '__adrsRunAsync' : '__adrsRun', { reference: true });
      await context.eval(`'use strict';\n${this.candidateJs}`, {
        timeout: this.limits.timeMsPerInstance,
        filename: 'candidate.js',
      });
      return this.forbiddenFailure();
    } catch (error) {
      return this.classify(error, 'while loading the program');
    }
  }

  /**
   * Runs the harness on one input (JSON-serialisable). In async mode `session`
   * holds the host functions the harness may call during this run only.
   */
  async run(input: unknown, session?: HostSession): Promise<RunOutcome> {
    const started = performance.now();
    if (!this.run$ || !this.isolate || this.isolate.isDisposed) {
      const failure = await this.boot();
      if (failure) {
        session?.close?.();
        return { ok: false, failure, elapsedMs: performance.now() - started };
      }
    }
    this.attempts.length = 0;
    if (this.mode.async) return this.runAsync(input, session, started);
    try {
      const reply = (await this.run$!.apply(undefined, [JSON.stringify(input)], {
        timeout: this.limits.timeMsPerInstance,
        result: { copy: true },
      })) as string;
      return this.accept(reply, started);
    } catch (error) {
      return { ok: false, failure: this.classify(error, 'while running'), elapsedMs: performance.now() - started };
    }
  }

  /**
   * V8's `timeout` stops only synchronous execution, not a promise that never
   * settles or a loop entered after an await: the host's own timer bounds the
   * whole run, and on expiry the isolate is disposed (rebuilt for the next run).
   */
  private async runAsync(input: unknown, session: HostSession | undefined, started: number): Promise<RunOutcome> {
    const limit = this.limits.timeMsPerInstance;
    this.session = session;
    const runId = ++this.runId;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof EXPIRED>((resolve) => {
      timer = setTimeout(() => resolve(EXPIRED), limit);
    });
    const call = this.run$!.apply(undefined, [JSON.stringify(input), Date.now() + limit, runId], {
      timeout: limit,
      result: { promise: true, copy: true },
    }) as Promise<string>;
    try {
      const reply = await Promise.race([call, expired]);
      if (reply === EXPIRED) {
        call.catch(() => undefined); // abandoned when the isolate goes
        this.dispose();
        return {
          ok: false,
          failure: { kind: 'timeout', message: `exceeded the ${limit} ms wall-clock limit while running` },
          elapsedMs: performance.now() - started,
        };
      }
      return this.accept(reply, started);
    } catch (error) {
      return { ok: false, failure: this.classify(error, 'while running'), elapsedMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
      this.session = undefined;
      session?.close?.();
    }
  }

  /**
   * A host-function call from the sandbox: only the current run's session, JSON
   * both ways. It never rejects (isolated-vm would report an early rejection as
   * unhandled on the host): errors travel as `{ error }` and are thrown inside.
   */
  private async callHost(runId: number, name: string, argsJson: string): Promise<string> {
    const session = runId === this.runId ? this.session : undefined;
    const label = String(name).slice(0, 60);
    try {
      if (!session) throw new Error(`host function ${label} called after its run ended`);
      const fn = Object.hasOwn(session.functions, name) ? session.functions[name] : undefined;
      if (typeof fn !== 'function') {
        if (this.attempts.length < 20) this.attempts.push(`host function ${JSON.stringify(label)}`);
        throw new Error(`forbidden: no host function named ${label}`);
      }
      if (typeof argsJson !== 'string' || argsJson.length > MAX_HOST_ARGS_CHARS)
        throw new Error(`host function ${label}: arguments larger than ${MAX_HOST_ARGS_CHARS} characters`);
      const args = JSON.parse(argsJson) as unknown;
      if (!Array.isArray(args)) throw new Error(`host function ${label}: arguments must be a list`);
      const value: unknown = await fn(...(args as unknown[]));
      return JSON.stringify({ value: value ?? null });
    } catch (error) {
      return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Checks and decodes the runner's reply (the same for both modes). */
  private accept(reply: string, started: number): RunOutcome {
    try {
      const forbidden = this.forbiddenFailure();
      if (forbidden) return { ok: false, failure: forbidden, elapsedMs: performance.now() - started };
      if (reply.length > MAX_OUTPUT_CHARS) {
        return {
          ok: false,
          failure: { kind: 'invalid', message: `output too large (${reply.length} characters)` },
          elapsedMs: performance.now() - started,
        };
      }
      const { elapsedMs, output } = JSON.parse(reply) as { elapsedMs: number; output: string };
      return { ok: true, output: JSON.parse(output) as unknown, elapsedMs };
    } catch (error) {
      return { ok: false, failure: this.classify(error, 'while running'), elapsedMs: performance.now() - started };
    }
  }

  private forbiddenFailure(): Failure | undefined {
    if (this.attempts.length === 0) return undefined;
    const names = [...new Set(this.attempts)].join(', ');
    return { kind: 'forbidden', message: `the program reached for ${names}, which the sandbox does not provide` };
  }

  private classify(error: unknown, when: string): Failure {
    const message = error instanceof Error ? error.message : String(error);
    if (this.isolate?.isDisposed || /memory limit|Array buffer allocation failed/i.test(message)) {
      return { kind: 'memory', message: `exceeded the ${this.limits.memoryMb} MiB memory limit ${when}` };
    }
    if (/Script execution timed out/i.test(message)) {
      return { kind: 'timeout', message: `exceeded the ${this.limits.timeMsPerInstance} ms time limit ${when}` };
    }
    const forbidden = this.forbiddenFailure();
    if (forbidden) return forbidden;
    if (/^forbidden:/.test(message)) return { kind: 'forbidden', message };
    if (
      /read[- ]only|not extensible|Cannot (assign|redefine|define|delete|add property)|object is not extensible/i.test(
        message,
      )
    ) {
      return {
        kind: 'forbidden',
        message: `tried to modify a frozen object (inputs and built-ins are read-only; copy before changing): ${message}`,
      };
    }
    if (/^Not supported$/.test(message))
      return { kind: 'forbidden', message: `dynamic import() is not available in the sandbox (${when})` };
    if (/^(TypeError: )?invalid output:/.test(message)) {
      return { kind: 'invalid', message: message.replace(/^(TypeError: )?invalid output: /, '') };
    }
    if (/^invalid output:/.test(message)) return { kind: 'invalid', message: message.slice('invalid output: '.length) };
    if (/Maximum call stack/i.test(message))
      return { kind: 'exception', message: `stack overflow ${when}: ${message}` };
    const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
    return { kind: 'exception', message: `${name}${message} (${when})` };
  }

  dispose(): void {
    this.run$?.release();
    this.run$ = undefined;
    if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
    this.isolate = undefined;
  }
}
