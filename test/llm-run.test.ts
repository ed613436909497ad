import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRun } from '../src/core/run.js';
import { RunStore } from '../src/store/store.js';
import { prismImprover, startFakeOpenAI, type Behaviour, type FakeOpenAI } from './fake-openai.js';
import { tempDir } from './helpers.js';

const userOf = (body: { messages: { role: string; content: string }[] }): string =>
  body.messages.find((m) => m.role === 'user')!.content;

function llmConfig(runsDir: string, name: string, model: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    task: 'prism',
    runsDir,
    name,
    seed: 3,
    budget: { iterations: 6 },
    pipeline: { workers: 1, inFlight: 2 },
    finalTest: false,
    proposer: { kind: 'llm', fullRewriteRate: 0, models: [model], ...extra },
  };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('language models in the loop', () => {
  it('the command provider (a script answering with SEARCH/REPLACE edits) improves the seed', async () => {
    const dir = tempDir();
    const script = join(dir, 'agent.mjs');
    writeFileSync(
      script,
      `import { prismImprover } from ${JSON.stringify(join(import.meta.dirname, 'fake-openai.ts'))};\nlet s = '';\nprocess.stdin.on('data', (d) => (s += d));\nprocess.stdin.on('end', () => process.stdout.write(prismImprover(s)));\n`,
    );
    chmodSync(script, 0o755);
    const s = await startRun(
      llmConfig(dir, 'cmd', {
        provider: 'command',
        model: 'script',
        command: `${process.execPath} --import tsx ${script}`,
        timeout: 60,
      }),
    );
    expect(s.best.train!).toBeGreaterThan(30);
    expect(s.best.train!).toBeGreaterThan(s.seed.train!);
  });

  it.each([false, true])(
    'an OpenAI-compatible server on loopback (stream: %s) improves the seed; usage and cost are recorded',
    async (stream) => {
      server = await startFakeOpenAI((body) => ({ kind: 'answer', text: prismImprover(userOf(body)) }));
      const runsDir = tempDir();
      const s = await startRun(
        llmConfig(
          runsDir,
          'oa',
          {
            provider: 'openai',
            model: 'fake-1',
            baseUrl: server.url,
            stream,
            price: { inputPerMTok: 1, outputPerMTok: 2 },
          },
          {},
        ),
      );
      expect(s.best.train!).toBeGreaterThan(30);
      expect(s.costUsd).toBeGreaterThan(0);
      const store = RunStore.open(join(runsDir, 'oa'), { readonly: true });
      const calls = store.recordedCalls();
      store.close();
      expect(calls).toHaveLength(6);
      expect(calls.every((c) => c.tokensIn! > 100 && c.tokensOut! > 10 && c.requestHash?.length === 64)).toBe(true);
    },
  );

  it('a replayed run equals the recorded run, without the server', async () => {
    let n = 0;
    server = await startFakeOpenAI((body) => ({
      kind: 'answer',
      text: n++ % 3 === 2 ? 'no edits today' : prismImprover(userOf(body)),
    }));
    const runsDir = tempDir();
    const model = { provider: 'openai', model: 'fake-1', baseUrl: server.url };
    const recorded = await startRun({ ...llmConfig(runsDir, 'rec', model), budget: { iterations: 10 } });
    await server.close();
    server = undefined;
    const replayed = await startRun({
      ...llmConfig(runsDir, 'rep', model, { replay: join(runsDir, 'rec') }),
      budget: { iterations: 10 },
    });
    const programs = (name: string) => {
      const store = RunStore.open(join(runsDir, name), { readonly: true });
      const rows = store.db.prepare('SELECT id, hash, parent_ids FROM programs ORDER BY id').all();
      const reasons = store.db.prepare('SELECT iteration, status, reason FROM iterations ORDER BY iteration').all();
      store.close();
      return { rows, reasons };
    };
    expect(programs('rep')).toEqual(programs('rec'));
    expect(replayed.best).toEqual(recorded.best);
  });

  it('survives provider faults and malformed answers, storing every reason; the key never reaches the run folder', async () => {
    const key = 'sk-test-SECRET-4b1d';
    process.env.ADRS_TEST_KEY = key;
    const fixed = '// EVOLVE-BLOCK-START';
    const script: ((user: string) => Behaviour)[] = [
      () => ({ kind: 'status', code: 429, retryAfter: 0 }), // retried, then answered below
      (u) => ({ kind: 'answer', text: prismImprover(u) }),
      () => ({ kind: 'status', code: 500 }),
      (u) => ({ kind: 'answer', text: prismImprover(u) }),
      () => ({ kind: 'hang' }), // and its retry hangs too: a timeout
      () => ({ kind: 'hang' }),
      (u) => ({ kind: 'answer', text: prismImprover(u), finishReason: 'length' }),
      () => ({ kind: 'answer', text: 'I would change the preference but I will not show how.' }),
      () => ({
        kind: 'answer',
        text: `<<<<<<< SEARCH\nconst GPU_MEM_GB = 80;\n=======\nconst GPU_MEM_GB = 800;\n>>>>>>> REPLACE\n`,
      }),
      () => ({ kind: 'answer', text: `<<<<<<< SEARCH\n${fixed}\n=======\n// gone\n>>>>>>> REPLACE\n` }),
      () => ({ kind: 'garbage' }),
    ];
    let i = 0;
    server = await startFakeOpenAI((body) => script[Math.min(i++, script.length - 1)]!(userOf(body)));
    const runsDir = tempDir();
    const s = await startRun({
      ...llmConfig(runsDir, 'faults', {
        provider: 'openai',
        model: 'fake-1',
        baseUrl: server.url,
        apiKeyEnv: 'ADRS_TEST_KEY',
        timeout: 1,
        maxRetries: 1,
      }),
      budget: { iterations: 8 },
      pipeline: { workers: 1, inFlight: 1 },
    });
    delete process.env.ADRS_TEST_KEY;
    expect(s.status).toBe('finished');
    expect(s.iterations).toBe(8);
    expect(server.requests[0]!.authorization).toBe(`Bearer ${key}`);
    const store = RunStore.open(join(runsDir, 'faults'), { readonly: true });
    const reasons = (
      store.db.prepare('SELECT reason FROM iterations WHERE reason IS NOT NULL ORDER BY iteration').all() as {
        reason: string;
      }[]
    ).map((r) => r.reason);
    store.close();
    const expected = [
      /identical to program p1/,
      /timed out|timeout/i,
      /truncated \(finish_reason=length\)/,
      /no SEARCH\/REPLACE block/,
      /outside the EVOLVE-BLOCK/,
      /markers are broken/,
      /model call failed: .*not valid JSON/,
    ];
    expect(reasons).toHaveLength(expected.length);
    reasons.forEach((r, k) => expect(r).toMatch(expected[k]!));
    expect(s.best.train!).toBeGreaterThan(s.seed.train!); // the answers after the 429 and the 500 were used
    for (const f of files(join(runsDir, 'faults'))) expect(readFileSync(f).includes(key)).toBe(false);
  });
});
