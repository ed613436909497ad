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

const LESSON = '- prefer the GPU with the least load per free gigabyte';

describe('shinka meta-scratchpad', () => {
  it('every K programs the model writes lessons that later prompts carry; the calls go to the meta bucket', async () => {
    server = await startFakeOpenAI((body) => {
      const user = body.messages.find((m) => m.role === 'user')!.content;
      if (user.includes('# The best programs so far'))
        return {
          kind: 'answer',
          text: `Lessons:\n${LESSON}\n- never fill a GPU to exactly 80 GB\nprose that is ignored`,
        };
      return { kind: 'answer', text: prismImprover(user) };
    });
    const runsDir = tempDir();
    const price = { inputPerMTok: 1, outputPerMTok: 1 };
    const s = await startRun({
      task: 'prism',
      runsDir,
      name: 'meta',
      seed: 2,
      budget: { iterations: 9 },
      pipeline: { workers: 1, inFlight: 1 },
      finalTest: false,
      strategy: { name: 'shinka', metaInterval: 3, metaRecommendations: 2 },
      proposer: {
        kind: 'llm',
        fullRewriteRate: 0,
        models: [{ provider: 'openai', model: 'm', baseUrl: server.url, price }],
      },
    });
    expect(s.iterations).toBe(9);
    const store = RunStore.open(join(runsDir, 'meta'), { readonly: true });
    const meta = store.db
      .prepare(`SELECT iteration, response FROM proposer_calls WHERE bucket = 'meta' ORDER BY iteration DESC`)
      .all() as { iteration: number }[];
    const buckets = store.costByBucket();
    const events = store.events('scratchpad');
    store.close();
    expect(meta.map((m) => m.iteration)).toEqual([-1, -2]); // after 3 and 6 programs
    expect(buckets.meta).toBeGreaterThan(0);
    expect(buckets.mutation).toBeGreaterThan(0);
    expect(events[0]!.data).toMatchObject({
      epoch: 1,
      through: 3,
      ok: true,
      text: `${LESSON}\n- never fill a GPU to exactly 80 GB`,
    });
    // Proposals planned after iteration 3 was known carry the lessons in their system prompt; earlier ones do not.
    const systems = server.requests
      .filter((r) => !r.body.messages[1]!.content.includes('# The best programs so far'))
      .map((r) => r.body.messages[0]!.content);
    expect(systems[0]).not.toContain(LESSON);
    expect(systems.at(-1)).toContain(LESSON);
  });
});
