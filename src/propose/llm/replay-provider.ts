import type { RunStore } from '../../store/store.js';
import { ProviderError, type ChatResponse } from './types.js';

/**
 * Answers from a recorded run: the call of iteration i with the same request
 * hash. A provider failure that was recorded is replayed as the same failure,
 * so a replayed run takes exactly the recorded path.
 */
export class ReplayProvider {
  private readonly calls = new Map<string, ReturnType<RunStore['recordedCalls']>[number]>();

  constructor(recorded: RunStore) {
    try {
      for (const c of recorded.recordedCalls()) if (c.requestHash) this.calls.set(`${c.iteration}:${c.requestHash}`, c);
    } finally {
      recorded.close();
    }
  }

  answer(iteration: number, requestHash: string): Promise<ChatResponse> {
    const c = this.calls.get(`${iteration}:${requestHash}`);
    if (!c) {
      return Promise.reject(
        new ProviderError(
          `the recording has no call for iteration ${iteration} with this request (a different seed, config or prompt?)`,
        ),
      );
    }
    if (c.response === null)
      return Promise.reject(new ProviderError(`replayed failure: ${c.error ?? 'unknown error'}`));
    return Promise.resolve({
      text: c.response,
      finishReason: c.finishReason ?? 'stop',
      tokensIn: c.tokensIn ?? 0,
      tokensOut: c.tokensOut ?? 0,
      latencyMs: 0,
    });
  }
}
