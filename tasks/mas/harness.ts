// Runs inside the sandbox next to the candidate (bundled by esbuild; pure
// code). Builds the program's context from the host's functions: `llm.chat`,
// `trace.log` and `tools.checkPython` run on the host, which records them;
// `signal.aborted` turns true at the run's wall-clock deadline. The program's
// return value is passed on only so the host can check its type: the trace
// the judge reads is the host's, never text the program returned.
import type { Harness, SandboxHost } from '../../src/core/task.js';

interface Input {
  name: string;
  description: string;
  nRounds: number;
}

export interface MasOutput {
  /** typeof the program's resolved value (the contract says string). */
  returned: string;
  /** Set when the program threw: its message (the run is charged 14 failures). */
  threw?: string;
}

const describe = (e: unknown): string => {
  try {
    if (e instanceof Error) return String(e.message).slice(0, 500);
    return `a non-Error value was thrown: ${String(e).slice(0, 200)}`;
  } catch {
    return 'an unprintable value was thrown';
  }
};

export const harness: Harness = async (candidate, input, host) => {
  const h = host as SandboxHost;
  const { description, nRounds } = input as Input;
  const run = candidate.runMultiAgentTask;
  if (typeof run !== 'function') throw new TypeError('invalid output: the program must export runMultiAgentTask');
  // trace.log is synchronous for the program; its host calls are awaited before the answer is returned.
  const pending: Promise<unknown>[] = [];
  const ctx = Object.freeze({
    llm: Object.freeze({
      chat: (messages: unknown, opts?: unknown) => h.call('llm.chat', messages, opts ?? {}) as Promise<string>,
    }),
    trace: Object.freeze({
      log: (eventType: unknown, agent: unknown, details: unknown): void => {
        pending.push(h.call('trace.log', String(eventType), String(agent), String(details)).catch(() => undefined));
      },
    }),
    tools: Object.freeze({
      checkPython: (code: unknown, tests: unknown) => h.call('tools.checkPython', String(code), String(tests)),
    }),
    signal: Object.freeze({
      get aborted(): boolean {
        return Date.now() >= h.deadline;
      },
    }),
  });
  let output: MasOutput;
  try {
    const value: unknown = await (run as (i: string, n: number, c: unknown) => unknown)(description, nRounds, ctx);
    output = { returned: typeof value };
  } catch (e) {
    output = { returned: 'none', threw: describe(e) };
  }
  await Promise.all(pending);
  return output;
};
