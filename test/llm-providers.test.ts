import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRun } from '../src/core/run.js';
import { RunStore } from '../src/store/store.js';
import { prismImprover, startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { tempDir } from './helpers.js';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const base = (runsDir: string, name: string, proposer: Record<string, unknown>) => ({
  task: 'prism',
  runsDir,
  name,
  seed: 5,
  budget: { iterations: 3 },
  pipeline: { workers: 1, inFlight: 1 },
  finalTest: false,
  proposer: { kind: 'llm', ...proposer },
});

describe('providers and rewrites', () => {
  it('a person answers through the manual queue folder', async () => {
    const runsDir = tempDir();
    const queue = join(runsDir, 'queue');
    // The "person": answers every prompt file that appears.
    const person = setInterval(() => {
      if (!existsSync(queue)) return;
      for (const f of readdirSync(queue).filter((x) => x.endsWith('.prompt.md'))) {
        const answer = join(queue, f.replace('.prompt.md', '.answer.md'));
        if (existsSync(answer) || existsSync(`${answer}.done`)) continue;
        writeFileSync(`${answer}.tmp`, prismImprover(readFileSync(join(queue, f), 'utf8').split('# User\n\n')[1]!));
        renameSync(`${answer}.tmp`, answer);
      }
    }, 50);
    try {
      const s = await startRun(
        base(runsDir, 'manual', {
          fullRewriteRate: 0,
          models: [{ provider: 'manual', model: 'me', queueDir: queue, timeout: 30 }],
        }),
      );
      expect(s.best.train!).toBeGreaterThan(s.seed.train!);
    } finally {
      clearInterval(person);
    }
  });

  it('full rewrites: a whole new program is accepted; one that changes fixed code is rejected with the reason', async () => {
    const runsDir = tempDir();
    let n = 0;
    server = await startFakeOpenAI((body) => {
      const user = body.messages.find((m) => m.role === 'user')!.content;
      const program = /```ts\n([\s\S]*?)\n```/.exec(user)![1]!;
      const rewritten = program.replace('  return gpu;', '  return -free;');
      const text =
        n++ === 0
          ? `Worst fit.\n\`\`\`ts\n${rewritten}\n\`\`\`\n`
          : `Bigger GPUs.\n\`\`\`ts\n${program.replace('const GPU_MEM_GB = 80;', 'const GPU_MEM_GB = 160;')}\n\`\`\`\n`;
      return { kind: 'answer', text };
    });
    const s = await startRun(
      base(runsDir, 'rewrite', {
        fullRewriteRate: 1,
        models: [{ provider: 'openai', model: 'm', baseUrl: server.url }],
      }),
    );
    expect(s.best.programId).toBe('p1');
    expect(s.best.train!).toBeGreaterThan(10);
    const store = RunStore.open(join(runsDir, 'rewrite'), { readonly: true });
    const reason = (store.db.prepare('SELECT reason FROM iterations WHERE iteration = 2').get() as { reason: string })
      .reason;
    store.close();
    expect(reason).toMatch(/the rewrite changes fixed code.*GPU_MEM_GB = 160/);
  });

  it('a UCB ensemble spreads the first proposals over its models and favours the one that improves', async () => {
    const runsDir = tempDir();
    server = await startFakeOpenAI((body) => {
      const user = body.messages.find((m) => m.role === 'user')!.content;
      return { kind: 'answer', text: body.model === 'good' ? prismImprover(user) : 'nothing useful' };
    });
    const models = ['good', 'bad'].map((model) => ({ provider: 'openai', model, baseUrl: server!.url }));
    await startRun({
      ...base(runsDir, 'ucb', { selection: 'ucb', fullRewriteRate: 0, models }),
      budget: { iterations: 12 },
    });
    const used = server.requests.map((r) => r.body.model);
    expect(used.slice(0, 2).sort()).toEqual(['bad', 'good']);
    expect(used.filter((m) => m === 'good').length).toBeGreaterThan(used.filter((m) => m === 'bad').length);
  });

  it('states what the dollar budget buys and stops starting calls that could exceed it', async () => {
    const runsDir = tempDir();
    server = await startFakeOpenAI((body) => ({ kind: 'answer', text: prismImprover(body.messages[1]!.content) }));
    const events: string[] = [];
    const price = { inputPerMTok: 1000, outputPerMTok: 1000 }; // at most ~$20 per call (12k prompt + 8k answer tokens)
    const s = await startRun(
      {
        ...base(runsDir, 'dollars', {
          fullRewriteRate: 0,
          models: [{ provider: 'openai', model: 'pricey', baseUrl: server.url, price }],
        }),
        budget: { iterations: 50, dollars: 30 },
      },
      { listeners: [(e) => e.type === 'start' && e.budgetNote && events.push(e.budgetNote)] },
    );
    expect(events[0]).toMatch(
      /Dollar budget \$30; pricey: at most ≈ \$20\.19\d* per proposal \(configured price, ≈ 1 proposals for \$30\)/,
    );
    expect(s.stopReason).toMatch(/dollar budget/);
    // Real calls cost ~$1.4 here; a call is not started once spent + $20.19 per call in flight would pass $30.
    expect(s.costUsd).toBeLessThanOrEqual(30 - 20.19 + 1.5);
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    expect(server.requests.length).toBeLessThan(50);
  });
});
