import OpenAI from 'openai';
import type { z } from 'zod';
import type { openaiModel } from './config.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './types.js';

type OpenAiModel = z.output<typeof openaiModel>;

/**
 * Chat completions over the OpenAI wire protocol (OpenAI, vLLM, Ollama,
 * llama.cpp, LM Studio, OpenRouter, Anthropic's and Gemini's compatible
 * endpoints). The SDK retries 429/5xx/timeouts with backoff and honours
 * Retry-After. The key is read from the environment at call time only.
 */
export class OpenAiProvider implements ChatProvider {
  constructor(private readonly m: OpenAiModel) {}

  async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const key = process.env[this.m.apiKeyEnv];
    if (!key && !this.m.baseUrl)
      throw new ProviderError(`environment variable ${this.m.apiKeyEnv} is not set (it should hold the API key)`);
    const client = new OpenAI({
      apiKey: key ?? 'not-needed',
      ...(this.m.baseUrl ? { baseURL: this.m.baseUrl } : {}),
      maxRetries: this.m.maxRetries,
      timeout: this.m.timeout * 1000,
    });
    const body = {
      model: request.model,
      messages: [
        { role: 'system' as const, content: request.system },
        { role: 'user' as const, content: request.user },
      ],
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
      ...(request.reasoningEffort ? { reasoning_effort: request.reasoningEffort } : {}),
    };
    const started = performance.now();
    try {
      if (this.m.stream) {
        const stream = await client.chat.completions.create(
          { ...body, stream: true, stream_options: { include_usage: true } },
          { signal },
        );
        let text = '';
        let finishReason = 'unknown';
        let tokensIn = 0;
        let tokensOut = 0;
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          if (choice?.delta?.content) text += choice.delta.content;
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          if (chunk.usage) {
            tokensIn = chunk.usage.prompt_tokens;
            tokensOut = chunk.usage.completion_tokens;
          }
        }
        return { text, finishReason, tokensIn, tokensOut, latencyMs: performance.now() - started };
      }
      const r = await client.chat.completions.create(body, { signal });
      const choice = r.choices?.[0];
      if (!choice) throw new ProviderError('the response has no choices');
      return {
        text: choice.message?.content ?? '',
        finishReason: choice.finish_reason ?? 'unknown',
        tokensIn: r.usage?.prompt_tokens ?? 0,
        tokensOut: r.usage?.completion_tokens ?? 0,
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const status = (error as { status?: number }).status;
      const message = (error as Error).message ?? String(error);
      throw new ProviderError(`${this.m.model}${status ? ` HTTP ${status}` : ''}: ${message.slice(0, 300)}`);
    }
  }
}
