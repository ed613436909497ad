/** One chat request as adrs sends it (provider-independent, JSON, hashable; never holds a key). */
export interface ChatRequest {
  model: string;
  system: string;
  user: string;
  temperature?: number;
  maxTokens?: number;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
}

export interface ChatResponse {
  text: string;
  /** `stop`, `length` (truncated), ... */
  finishReason: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/** A way to reach a model: an HTTP API, a command-line agent, a person. */
export interface ChatProvider {
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}

/** A failure worth recording: the reason is stored and shown, never thrown past the proposer. */
export class ProviderError extends Error {
  override name = 'ProviderError';
}
