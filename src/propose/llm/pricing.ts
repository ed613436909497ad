import { calcPrice } from '@pydantic/genai-prices';
import type { ModelConfig } from './config.js';

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Where the price came from, for the budget line. */
  source: 'config' | 'table' | 'local' | 'unknown';
}

/**
 * A model's price: the config's override, else the offline price table
 * (@pydantic/genai-prices) for HTTP models, else 0 (local servers, commands
 * and people cost nothing unless the config says so).
 */
export function priceOf(m: ModelConfig): Price {
  if (m.price) return { ...m.price, source: 'config' };
  if (m.provider !== 'openai') return { inputPerMTok: 0, outputPerMTok: 0, source: 'unknown' };
  if (m.baseUrl && /^https?:\/\/(127\.|localhost|\[::1\])/.test(m.baseUrl))
    return { inputPerMTok: 0, outputPerMTok: 0, source: 'local' };
  const probe = calcPrice(
    { input_tokens: 1_000_000, output_tokens: 1_000_000 },
    m.model,
    m.baseUrl ? { providerApiUrl: m.baseUrl } : {},
  );
  if (!probe?.model_price) return { inputPerMTok: 0, outputPerMTok: 0, source: 'unknown' };
  return { inputPerMTok: probe.input_price, outputPerMTok: probe.output_price, source: 'table' };
}

export const costOf = (p: Price, tokensIn: number, tokensOut: number): number =>
  (tokensIn * p.inputPerMTok + tokensOut * p.outputPerMTok) / 1e6;
