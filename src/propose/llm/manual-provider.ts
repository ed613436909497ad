import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { sha256 } from '../../core/hash.js';
import type { manualModel } from './config.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './types.js';

type ManualModel = z.output<typeof manualModel>;

/**
 * A person plays the model: each prompt is written to `<queue>/<id>.prompt.md`
 * and the answer is read from `<queue>/<id>.answer.md` once it appears (write
 * it elsewhere and rename it into place, so a half-written file is never read).
 */
export class ManualProvider implements ChatProvider {
  private calls = 0;

  constructor(private readonly m: ManualModel) {}

  async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    mkdirSync(this.m.queueDir, { recursive: true });
    // Unique per call: the same prompt may be asked twice (two children of one parent).
    const id = `${Date.now().toString(36)}-${(++this.calls).toString(36)}-${sha256(JSON.stringify(request)).slice(0, 8)}`;
    const promptFile = join(this.m.queueDir, `${id}.prompt.md`);
    const answerFile = join(this.m.queueDir, `${id}.answer.md`);
    const prompt = `<!-- model: ${request.model} -->\n# System\n\n${request.system}\n\n# User\n\n${request.user}\n`;
    writeFileSync(`${promptFile}.tmp`, prompt);
    renameSync(`${promptFile}.tmp`, promptFile);
    const started = performance.now();
    const deadline = Date.now() + this.m.timeout * 1000;
    while (!existsSync(answerFile)) {
      if (signal?.aborted) throw new ProviderError('manual prompt abandoned');
      if (Date.now() > deadline) throw new ProviderError(`no answer in ${answerFile} within ${this.m.timeout} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const text = readFileSync(answerFile, 'utf8');
    renameSync(answerFile, `${answerFile}.done`);
    return {
      text,
      finishReason: 'stop',
      tokensIn: Math.ceil(prompt.length / 4),
      tokensOut: Math.ceil(text.length / 4),
      latencyMs: performance.now() - started,
    };
  }
}
