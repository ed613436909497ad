// The host side of the candidate's model calls (and of the judge's): an
// OpenAI-compatible chat endpoint reached from the worker process. The key is
// read from the named environment variable at call time and never leaves this
// module; the sandboxed program only ever sees answer text.

import OpenAI from 'openai';
import type { TaskLlmOptions } from '../../src/core/task.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  temperature?: number;
  maxTokens?: number;
  model: string;
  /** Attempts after the first one (HTTP errors, timeouts, empty answers). */
  retries: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Base URL used for the offline stand-ins (scripted agents, synthetic judge). */
export const SCRIPTED = 'scripted';

const isLoopback = (url: string): boolean => /^https?:\/\/(127\.|localhost[:/]|\[::1\])/.test(url);

/** Most calls in flight at once, per worker process and endpoint. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
const gates = new Map<string, Gate>();

export class TaskLlm {
  private readonly gate: Gate;

  constructor(readonly options: TaskLlmOptions) {
    const key = `${options.baseUrl} ${options.maxConcurrency ?? 4}`;
    if (!gates.has(key)) gates.set(key, new Gate(options.maxConcurrency ?? 4));
    this.gate = gates.get(key)!;
  }

  get scripted(): boolean {
    return this.options.baseUrl === SCRIPTED;
  }

  /** One chat completion; throws an Error naming the endpoint's problem after the retries. */
  chat(messages: ChatMessage[], o: ChatOptions): Promise<string> {
    const envName = this.options.apiKeyEnv ?? 'OPENAI_API_KEY';
    const apiKey = process.env[envName];
    if (!apiKey && !isLoopback(this.options.baseUrl))
      return Promise.reject(
        new Error(`environment variable ${envName} is not set (it should hold the key for ${this.options.baseUrl})`),
      );
    const client = new OpenAI({
      apiKey: apiKey || 'not-needed',
      baseURL: this.options.baseUrl,
      maxRetries: 0,
      timeout: o.timeoutMs,
    });
    return this.gate.run(async () => {
      let last = 'no attempt made';
      for (let attempt = 0; attempt <= o.retries; attempt++) {
        if (o.signal?.aborted) throw new Error('the call was cancelled (the run ended)');
        try {
          const r = await client.chat.completions.create(
            {
              model: o.model,
              messages,
              ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
              ...(o.maxTokens !== undefined ? { max_completion_tokens: o.maxTokens } : {}),
            },
            o.signal ? { signal: o.signal } : {},
          );
          const text = r.choices?.[0]?.message?.content;
          if (typeof text === 'string') return text;
          last = 'the response has no message content';
        } catch (error) {
          const status = (error as { status?: number }).status;
          last = `${status ? `HTTP ${status}: ` : ''}${((error as Error).message ?? String(error)).slice(0, 200)}`;
        }
      }
      throw new Error(`${o.model} at ${this.options.baseUrl} failed after ${o.retries + 1} attempts: ${last}`);
    });
  }
}
