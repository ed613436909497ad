import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveRng } from '../src/core/rng.js';
import { startRun } from '../src/core/run.js';
import { RunStore } from '../src/store/store.js';
import { prismImprover, startFakeOpenAI, type Behaviour, type FakeOpenAI } from './fake-openai.js';
import { tempDir } from './helpers.js';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('provider faults at random over a long run', () => {
  it('the run completes and every failure is recorded with its reason', async () => {
    const rng = deriveRng(99, 'faults');
    const faults: Behaviour[] = [
      { kind: 'status', code: 429, retryAfter: 0 },
      { kind: 'status', code: 500 },
      { kind: 'status', code: 503 },
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'garbage' },
      { kind: 'answer', text: 'truncated <<<<<<< SEARCH\n  return gpu;\n===', finishReason: 'length' },
      { kind: 'answer', text: '\u0000\u0001 binary noise \uffff' },
    ];
    const served: string[] = [];
    server = await startFakeOpenAI((body) => {
      const b =
        rng.float() < 0.5
          ? rng.pick(faults)
          : { kind: 'answer' as const, text: prismImprover(body.messages[1]!.content) };
      served.push(b.kind === 'status' ? String(b.code) : b.kind);
      return b;
    });
    const runsDir = tempDir();
    const s = await startRun({
      task: 'prism',
      runsDir,
      name: 'faults',
      seed: 4,
      budget: { iterations: 40 },
      pipeline: { workers: 2, inFlight: 3 },
      finalTest: false,
      proposer: {
        kind: 'llm',
        fullRewriteRate: 0,
        models: [{ provider: 'openai', model: 'flaky', baseUrl: server.url, timeout: 1, maxRetries: 1 }],
      },
    });
    expect(s.status).toBe('finished');
    expect(s.iterations).toBe(40);
    expect(new Set(served).size).toBeGreaterThanOrEqual(6); // most fault kinds were met
    const store = RunStore.open(join(runsDir, 'faults'), { readonly: true });
    const calls = store.db
      .prepare('SELECT iteration, error, response FROM proposer_calls ORDER BY iteration')
      .all() as { iteration: number; error: string | null; response: string | null }[];
    const iterations = store.db
      .prepare('SELECT iteration, status, reason, program_id FROM iterations WHERE iteration BETWEEN 1 AND 40')
      .all() as {
      iteration: number;
      status: string;
      reason: string | null;
      program_id: string | null;
    }[];
    store.close();
    expect(calls).toHaveLength(40); // one recorded call per iteration, failed or not
    for (const it of iterations) {
      const call = calls.find((c) => c.iteration === it.iteration)!;
      // Every iteration either produced a program or says why not; every failed call says why.
      expect(it.program_id !== null || (it.reason ?? '').length > 0).toBe(true);
      if (call.error) expect(it.reason).toBeTruthy();
    }
    expect(calls.filter((c) => c.error).length).toBeGreaterThan(5);
  }, 120_000);
});
