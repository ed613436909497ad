import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRun } from '../../src/core/run.js';
import { numpyMean } from '../../src/core/stats.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { tempDir } from '../../test/helpers.js';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { parseJudgement } from './parse.js';
import { normalisedScore } from './score.js';
import { MasNeedsModelError, createMasTask } from './task.js';
import { startReplayServer, type JudgeFixture, type ReplayServer } from './test-server.js';

const judged = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'judge.json'), 'utf8')) as Record<
  string,
  JudgeFixture & { failures: number }
>;
const fixtures = Object.entries(judged)
  .filter(([k]) => k !== 'note')
  .map(([, v]) => v);
/** The score the fixtures imply: the mean over the six tasks of the per-task table. */
const expected = (program: string): number =>
  numpyMean(
    ['GoldMiner', 'Wordle', 'Checkers', 'DetectPalindromes', 'ConnectFour', 'SnakeGame'].map((t) =>
      normalisedScore(fixtures.find((f) => f.program === program && f.task === t)!.failures),
    ),
  );

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const llmAt = (url: string) => ({ baseUrl: url, model: 'fake-agents', judgeModel: 'fake-judge' });

describe.runIf(sharedAvailable('data/mas'))('mas through the sandbox with recorded (hand-written) answers', () => {
  it('each fixture says how many modes its answer marks', () => {
    for (const f of fixtures) expect(parseJudgement(f.answer).totalFailures).toBe(f.failures);
  });

  it.each([
    ['seed', 15],
    ['single-responsibility', 6],
  ])('%s scores what its recorded judge answers imply', async (program, failures) => {
    server = await startReplayServer();
    const task = createMasTask({ dataDir: DATA_ROOT, llm: llmAt(server.url) });
    const e = await evaluateProgram(task, task.programs[program]!.source, task.instances('train'));
    expect(server.missing).toEqual([]);
    expect(e.valid).toBe(true);
    expect(e.score).toBe(expected(program));
    expect(e.metrics.failures_total).toBe(failures);
    expect(e.metrics.synthetic_judge).toBe(0);
    expect(e.instances.every((r) => r.feedback?.startsWith('MAST judge: '))).toBe(true);
    // The agents' model and the judge's model are the configured ones, whatever the program asks.
    const models = new Set(server.requests.map((r) => r.body.model));
    expect(models).toEqual(new Set(['fake-agents', 'fake-judge']));
  });

  it('the improved program beats the seed on the recorded answers', () => {
    expect(expected('single-responsibility')).toBeGreaterThan(expected('seed'));
    expect(expected('seed')).toBeCloseTo(26.19047619, 6);
    expect(expected('single-responsibility')).toBeCloseTo(52.38095238, 6);
  });
});

describe('a judge that fails is a failed evaluation, never a perfect score', () => {
  const seedOn = async (judge: Parameters<typeof startReplayServer>[0]) => {
    server = await startReplayServer(judge);
    const task = createMasTask({ llm: llmAt(server.url) });
    return evaluateProgram(task, task.programs.seed!.source, task.instances('train').slice(0, 2));
  };

  it('garbage (nothing parseable) fails the task, named as a judge problem', async () => {
    const e = await seedOn(() => ({ kind: 'answer', text: 'I cannot help with that.' }));
    expect(e.valid).toBe(false);
    expect(e.score).toBeNull();
    expect(e.instances.every((r) => r.failure?.kind === 'exception' && r.score === 0)).toBe(true);
    expect(e.instances[0]!.failure!.message).toMatch(
      /^judge answer unparsable \(no failure mode found\), scored as 14 failures/,
    );
  });

  it('HTTP 500 is retried twice, then fails the task', async () => {
    const e = await seedOn(() => ({ kind: 'status', code: 500 }));
    expect(server!.judgeCalls()).toBe(6); // 3 attempts for each of the 2 tasks
    expect(e.valid).toBe(false);
    expect(e.instances[0]!.failure!.message).toMatch(
      /^judge call failed, scored as 14 failures: .*failed after 3 attempts: HTTP 500/,
    );
  });

  it('one failed judge call among good ones costs that task 14 failures', async () => {
    let calls = 0;
    const e = await seedOn(() =>
      ++calls <= 3 ? { kind: 'status', code: 500 } : { kind: 'answer', text: 'A. ok\nB. yes\nC.\n1.1 no\n3.3 yes' },
    );
    expect(e.valid).toBe(true);
    expect(e.instances.map((r) => r.failure?.kind ?? r.score)).toEqual(['exception', normalisedScore(1)]);
    expect(e.score).toBe(numpyMean([0, normalisedScore(1)]));
  });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('the provider', () => {
  it('without taskLlm the task stops before starting, saying how to configure one', async () => {
    expect(() => createMasTask({})).toThrow(MasNeedsModelError);
    expect(() => createMasTask({})).toThrow(/taskLlm:\n {2}baseUrl: .*\n {2}model: /);
    const runsDir = tempDir();
    await expect(startRun({ task: 'mas', runsDir, name: 'r' })).rejects.toThrow(/needs a language model: set taskLlm/);
    expect(existsSync(join(runsDir, 'r'))).toBe(false);
  });

  it('the key goes to the server from the worker, and nowhere into the run folder', async () => {
    const key = 'sk-mas-test-0123456789abcdef';
    process.env.ADRS_MAS_TEST_KEY = key;
    server = await startReplayServer(() => ({ kind: 'answer', text: 'A. fine\nB. yes\nC.\n1.1 no\n3.3 yes' }));
    const runsDir = tempDir();
    try {
      const s = await startRun({
        task: 'mas',
        runsDir,
        name: 'keyed',
        seed: 2,
        budget: { iterations: 2 },
        pipeline: { workers: 1, inFlight: 1 },
        finalTest: false,
        taskLlm: { baseUrl: server.url, model: 'fake-agents', apiKeyEnv: 'ADRS_MAS_TEST_KEY' },
      });
      expect(s.seed.train).toBe(numpyMean(Array<number>(6).fill(normalisedScore(1))));
    } finally {
      delete process.env.ADRS_MAS_TEST_KEY;
    }
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === `Bearer ${key}`)).toBe(true);
    for (const f of files(join(runsDir, 'keyed'))) expect(readFileSync(f).includes(key)).toBe(false);
  });
});
