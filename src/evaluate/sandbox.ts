import ivm from 'isolated-vm';
import type { Failure } from '../core/types.js';
import type { Limits, SandboxEvaluator } from '../core/task.js';
import { harnessSource } from './harness-source.js';
import { PRELUDE, runnerSource } from './prelude.js';

export type RunOutcome =
  { ok: true; output: unknown; elapsedMs: number } | { ok: false; failure: Failure; elapsedMs: number };

/** Largest serialised answer accepted from a candidate, in characters. */
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;

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

  private constructor(
    private readonly candidateJs: string,
    private readonly harness: SandboxEvaluator['harness'],
    private readonly limits: Limits,
  ) {}

  /** Loads the candidate; a failure here (top-level throw, loop, forbidden access) is returned. */
  static async load(
    candidateJs: string,
    harness: SandboxEvaluator['harness'],
    limits: Limits,
  ): Promise<{ sandbox: CandidateSandbox } | { failure: Failure }> {
    const sandbox = new CandidateSandbox(candidateJs, harness, limits);
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
      await context.eval(runnerSource(harnessSource(this.harness)), { timeout: 2000 });
      await context.eval(`'use strict';\n${this.candidateJs}`, {
        timeout: this.limits.timeMsPerInstance,
        filename: 'candidate.js',
      });
      this.run$ = await jail.get('__adrsRun', { reference: true });
      return this.forbiddenFailure();
    } catch (error) {
      return this.classify(error, 'while loading the program');
    }
  }

  /** Runs the harness on one input (JSON-serialisable). */
  async run(input: unknown): Promise<RunOutcome> {
    const started = performance.now();
    if (!this.run$ || !this.isolate || this.isolate.isDisposed) {
      const failure = await this.boot();
      if (failure) return { ok: false, failure, elapsedMs: performance.now() - started };
    }
    this.attempts.length = 0;
    try {
      const reply = (await this.run$!.apply(undefined, [JSON.stringify(input)], {
        timeout: this.limits.timeMsPerInstance,
        result: { copy: true },
      })) as string;
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
