import { z } from 'zod';

const price = z.strictObject({
  /** Dollars per million input tokens. */
  inputPerMTok: z.number().nonnegative(),
  /** Dollars per million output tokens. */
  outputPerMTok: z.number().nonnegative(),
});

const common = {
  /** Model id sent to the provider (and looked up in the price table). */
  model: z.string().min(1),
  /** A short name for reports; default: the model id. */
  label: z.string().min(1).optional(),
  /** Relative weight for the weighted ensemble (and the bandit's prior). */
  weight: z.number().positive().default(1),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().default(8192),
  /** Seconds before a call is abandoned (and retried for HTTP providers). */
  timeout: z.number().positive().default(300),
  /** Overrides the price table; local models cost 0. */
  price: price.optional(),
};

export const openaiModel = z.strictObject({
  provider: z.literal('openai'),
  ...common,
  /** e.g. http://127.0.0.1:8000/v1 for vLLM; default: OpenAI's API. */
  baseUrl: z.string().url().optional(),
  /** The *name* of the environment variable holding the key (read at call time, never stored). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('OPENAI_API_KEY'),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  stream: z.boolean().default(false),
  /** Retries on 429, 5xx, resets and timeouts, with exponential backoff honouring Retry-After. */
  maxRetries: z.number().int().min(0).max(20).default(4),
});

export const commandModel = z.strictObject({
  provider: z.literal('command'),
  ...common,
  /** Shell command; the prompt arrives on stdin, the answer is read from stdout. */
  command: z.string().min(1),
});

export const manualModel = z.strictObject({
  provider: z.literal('manual'),
  ...common,
  /** Folder where prompts are written (<id>.prompt.md) and answers awaited (<id>.answer.md). */
  queueDir: z.string().min(1),
});

export const modelSchema = z.discriminatedUnion('provider', [openaiModel, commandModel, manualModel]);
export type ModelConfig = z.output<typeof modelSchema>;

export const llmOptions = z.strictObject({
  kind: z.literal('llm'),
  models: z.array(modelSchema).min(1),
  /** How a model is chosen per proposal. */
  selection: z.enum(['weighted', 'ucb']).default('weighted'),
  /** UCB exploration constant and the weight of cost in its reward (0 = ignore cost). */
  ucb: z
    .strictObject({ exploration: z.number().nonnegative().default(1), costWeight: z.number().nonnegative().default(0) })
    .default({
      exploration: 1,
      costWeight: 0,
    }),
  /** Probability that a non-crossover proposal asks for a full rewrite instead of SEARCH/REPLACE edits. */
  fullRewriteRate: z.number().min(0).max(1).default(0.2),
  /** Approximate token budget of one prompt; inspirations are dropped first, then feedback is shortened. */
  promptTokens: z.number().int().min(500).default(12_000),
  /** Folder overriding any of the prompt templates (system.md, diff.md, full.md, crossover.md). */
  templatesDir: z.string().optional(),
  /** Recorded run to answer from instead of calling the models (offline, bit-for-bit replay). */
  replay: z.string().optional(),
});
export type LlmOptions = z.output<typeof llmOptions>;
