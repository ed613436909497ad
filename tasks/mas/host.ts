// Host functions lent to one run of a candidate (spec §4.3 guardrails live
// here, outside the sandbox): `llm.chat` forwards to the task's model and
// counts calls per role, `trace.log` writes the trace the judge will read, and
// `tools.checkPython` is the static check a verifier may rely on. What they
// record is the only trace and the only call count the score trusts.

import type { HostSession } from '../../src/core/task.js';
import type { ChatMessage, TaskLlm } from './llm-client.js';
import { scriptedAnswer } from './scripted.js';
import { checkPython, type PythonCheck } from './static-check.js';

export const MAX_LLM_CALLS = 40;
export const MAX_TRACE_BYTES = 200 * 1024;
export const MAX_ROUNDS = 4;
const MAX_PROMPT_CHARS = 400_000;
const MAX_TOKENS = 8192;

export type HostEvent =
  | { kind: 'trace'; seq: number; eventType: string; agent: string; details: string }
  | { kind: 'llm'; seq: number; role: string; prompt: string; answer: string; ok: boolean }
  | { kind: 'check'; seq: number; result: PythonCheck };

export interface MasRecord {
  task: string;
  /** The task description the program was given (the host's copy). */
  description: string;
  trace: string;
  traceBytes: number;
  events: HostEvent[];
  llmCalls: Record<string, number>;
  totalLlmCalls: number;
  /** Guardrail rules the program broke while running (the call was refused). */
  violations: string[];
}

export interface MasInstanceData {
  name: string;
  description: string;
  nRounds: number;
}

const ROLES = new Set(['code', 'test', 'review', 'verify', 'plan', 'other']);

function messagesOf(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50)
    throw new Error('llm.chat: messages must be a list of 1 to 50 {role, content} objects');
  let chars = 0;
  const out = value.map((m: unknown, i): ChatMessage => {
    const { role, content } = (m ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'system' && role !== 'user' && role !== 'assistant')
      throw new Error(`llm.chat: message ${i} has role ${String(role)}; use system, user or assistant`);
    if (typeof content !== 'string') throw new Error(`llm.chat: message ${i} needs string content`);
    chars += content.length;
    return { role, content };
  });
  if (chars > MAX_PROMPT_CHARS)
    throw new Error(`llm.chat: prompt of ${chars} characters (at most ${MAX_PROMPT_CHARS})`);
  return out;
}

export function createMasSession(
  data: MasInstanceData,
  llm: TaskLlm,
  timeMs: number,
): HostSession & { record(): MasRecord } {
  const header = `Multi-agent trace: ${data.name}\n${'='.repeat(80)}\n`;
  const lines: string[] = [];
  const events: HostEvent[] = [];
  const llmCalls: Record<string, number> = {};
  const violations: string[] = [];
  let traceBytes = Buffer.byteLength(header);
  let totalLlmCalls = 0;
  let seq = 0;
  let closed = false;
  const abort = new AbortController();
  const started = Date.now();
  const refuse = (rule: string): never => {
    if (!violations.includes(rule)) violations.push(rule);
    throw new Error(`guardrail: ${rule}`);
  };
  const open = (what: string): void => {
    if (closed) throw new Error(`${what}: the run has ended`);
  };

  const chat = async (rawMessages: unknown, rawOpts: unknown): Promise<string> => {
    open('llm.chat');
    const messages = messagesOf(rawMessages);
    const opts = (rawOpts ?? {}) as { role?: unknown; temperature?: unknown; maxTokens?: unknown };
    const role = typeof opts.role === 'string' && ROLES.has(opts.role) ? opts.role : 'other';
    if (totalLlmCalls >= MAX_LLM_CALLS) refuse(`at most ${MAX_LLM_CALLS} LLM calls per task`);
    totalLlmCalls++;
    llmCalls[role] = (llmCalls[role] ?? 0) + 1;
    const mySeq = ++seq;
    const prompt = messages.map((m) => `[${m.role}] ${m.content}`).join('\n');
    let answer = '';
    let ok = false;
    try {
      if (llm.scripted) answer = scriptedAnswer(role, messages);
      else {
        const temperature =
          typeof opts.temperature === 'number' ? Math.min(Math.max(opts.temperature, 0), 2) : undefined;
        const maxTokens =
          typeof opts.maxTokens === 'number'
            ? Math.min(Math.max(Math.floor(opts.maxTokens), 1), MAX_TOKENS)
            : undefined;
        answer = await llm.chat(messages, {
          model: llm.options.model,
          ...(temperature !== undefined ? { temperature } : {}),
          ...(maxTokens !== undefined ? { maxTokens } : {}),
          retries: 2,
          timeoutMs: Math.max(1000, timeMs - (Date.now() - started)),
          signal: abort.signal,
        });
      }
      ok = true;
      return answer;
    } finally {
      // Recorded in call order (the sequence number taken when the call was made).
      if (!closed) events.push({ kind: 'llm', seq: mySeq, role, prompt, answer, ok });
    }
  };

  const log = (eventType: unknown, agent: unknown, details: unknown): Promise<null> => {
    open('trace.log');
    const type = String(eventType).slice(0, 64);
    const who = String(agent).slice(0, 64);
    const text = String(details);
    const line = `[${String(lines.length + 1).padStart(4, '0')}] [${type}] [${who}] ${text}`;
    const bytes = Buffer.byteLength(line) + 1;
    if (traceBytes + bytes > MAX_TRACE_BYTES) refuse(`a trace of at most ${MAX_TRACE_BYTES / 1024} KB`);
    traceBytes += bytes;
    lines.push(line);
    events.push({ kind: 'trace', seq: ++seq, eventType: type, agent: who, details: text });
    return Promise.resolve(null);
  };

  const check = (code: unknown, tests: unknown): Promise<PythonCheck> => {
    open('tools.checkPython');
    const result = checkPython(typeof code === 'string' ? code : '', typeof tests === 'string' ? tests : '');
    events.push({ kind: 'check', seq: ++seq, result });
    return Promise.resolve(result);
  };

  return {
    functions: {
      'llm.chat': chat,
      'trace.log': log,
      'tools.checkPython': check,
    },
    record: () => ({
      task: data.name,
      description: data.description,
      trace: header + lines.join('\n'),
      traceBytes,
      events: [...events].sort((a, b) => a.seq - b.seq),
      llmCalls: { ...llmCalls },
      totalLlmCalls,
      violations: [...violations],
    }),
    close: () => {
      closed = true;
      abort.abort();
    },
  };
}
