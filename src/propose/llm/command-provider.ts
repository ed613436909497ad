import { spawn } from 'node:child_process';
import type { z } from 'zod';
import type { commandModel } from './config.js';
import { killGroup } from '../../evaluate/process-group.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './types.js';

type CommandModel = z.output<typeof commandModel>;

const MAX_ANSWER = 4 * 1024 * 1024;

/**
 * Any command-line agent or script as a model: the prompt (system, a blank
 * line, user) goes to stdin, the answer is stdout. Killed with its process
 * group at the timeout. It inherits the environment: it is the user's agent
 * (it may need its own credentials), not a candidate.
 */
export class CommandProvider implements ChatProvider {
  constructor(private readonly m: CommandModel) {}

  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const started = performance.now();
    const prompt = `${request.system}\n\n${request.user}`;
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', this.m.command], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ADRS_MODEL: request.model },
      });
      let out = '';
      let err = '';
      let timedOut = false;
      const kill = (): void => killGroup(child.pid);
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, this.m.timeout * 1000);
      signal?.addEventListener('abort', kill);
      child.stdout.on('data', (d: Buffer) => {
        if (out.length < MAX_ANSWER) out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err = (err + d.toString()).slice(-2000);
      });
      child.stdin.on('error', () => undefined); // the command may exit without reading its input
      child.stdin.end(prompt);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new ProviderError(`command "${this.m.command}" could not start: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (timedOut)
          return reject(new ProviderError(`command "${this.m.command}" timed out after ${this.m.timeout} s`));
        if (code !== 0)
          return reject(
            new ProviderError(`command "${this.m.command}" exited with code ${code}: ${err.trim().slice(-300)}`),
          );
        // Token counts are estimated (4 characters per token): a command reports no usage.
        resolve({
          text: out,
          finishReason: 'stop',
          tokensIn: Math.ceil(prompt.length / 4),
          tokensOut: Math.ceil(out.length / 4),
          latencyMs: performance.now() - started,
        });
      });
    });
  }
}
