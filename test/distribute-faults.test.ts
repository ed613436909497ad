import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/core/events.js';
import { packageRoot } from '../src/core/paths.js';
import { startRun, type RunSummary } from '../src/core/run.js';
import { QueueEvaluator } from '../src/distribute/queue-evaluator.js';
import { startQueueWorker, type QueueWorker } from '../src/distribute/worker.js';
import { snapshot, startRedis, type RedisServer } from './distribute-helpers.js';
import { tempDir } from './helpers.js';

const ITERATIONS = 40;
const config = (runsDir: string, name: string) => ({
  task: 'prism',
  name,
  runsDir,
  seed: 13,
  budget: { iterations: ITERATIONS },
  pipeline: { workers: 2, inFlight: 4 },
  finalTest: false,
});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function status(dir: string): unknown {
  const db = new Database(join(dir, 'run.db'), { readonly: true });
  try {
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'status'`).get() as { value: string };
    return JSON.parse(row.value);
  } finally {
    db.close();
  }
}

/** `adrs <args>` in a child process; resolves with its exit code and output once it exits. */
async function cli(args: string[], whileRunning?: () => Promise<void>) {
  const main = join(packageRoot(), 'src', 'cli', 'main.ts');
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', main, ...args], {
    cwd: packageRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  if (whileRunning) await whileRunning();
  return { code: await exited, stdout, stderr };
}

describe('Redis faults', () => {
  let redis: RedisServer;
  let workers: QueueWorker[] = [];
  let local: RunSummary;
  const runsDir = tempDir();
  const evaluated = (): number => workers.reduce((n, w) => n + w.counts.evaluated, 0);
  beforeAll(async () => {
    redis = await startRedis();
    workers = await Promise.all(
      ['a', 'b'].map((name) => startQueueWorker({ url: redis.url, name, lockMs: 2000, log: () => undefined })),
    );
    local = await startRun(config(runsDir, 'local'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close(true)));
    await redis?.stop();
  });

  it('a Redis that restarts empty mid-run loses nothing: the run ends as a local run does', async () => {
    const notices: string[] = [];
    const queue = new QueueEvaluator({
      url: redis.url,
      sweepMs: 200,
      graceMs: 30_000,
      onNotice: (m) => notices.push(m),
    });
    let observed = 0;
    const count = (e: RunEvent): void => {
      if (e.type === 'evaluated') observed++;
    };
    try {
      const run = startRun(config(runsDir, 'restart'), { evaluator: queue, listeners: [queue.listener, count] });
      while (observed < 10) await sleep(10);
      await redis.stop();
      await sleep(500);
      await redis.start();
      const summary = await run;
      expect(summary.iterations).toBe(ITERATIONS);
      expect(snapshot(join(runsDir, 'restart'))).toEqual(snapshot(join(runsDir, 'local')));
      expect(summary.best).toEqual(local.best);
      expect(notices.join('\n')).toMatch(/vanished from Redis/);
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('a Redis that stays away stops the run with a clear message; adrs resume continues it to the same end', async () => {
    const dir = join(runsDir, 'lost');
    const args = ['--runs-dir', runsDir, '--seed', '13', '--iterations', String(ITERATIONS)];
    args.push('--set', 'pipeline.inFlight=4', '--set', 'finalTest=false', '--json');
    const before = evaluated();
    const first = await cli(
      ['run', 'prism', '--name', 'lost', '--queue', redis.url, '--queue-grace', '2s', ...args],
      async () => {
        // Counted by the workers: reading the store from this process could stall them while the run writes.
        const deadline = Date.now() + 40_000;
        while (evaluated() - before < 10) {
          if (Date.now() > deadline) throw new Error('the queued run made no progress');
          await sleep(20);
        }
        await redis.stop();
      },
    );
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(
      /lost the evaluation queue: Redis at redis:\/\/127\.0\.0\.1:\d+ has been unreachable for \d+ s/,
    );
    expect(first.stderr).toContain(`adrs resume ${dir} --queue ${redis.url}`);
    expect(status(dir)).toBe('failed');
    const scored = snapshot(dir).filter((r) => (r as { score: number | null }).score !== null);
    expect(scored.length).toBeLessThan(ITERATIONS);

    await redis.start();
    const resumed = await cli(['resume', dir, '--queue', redis.url, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as RunSummary).best).toEqual(local.best);
    expect(snapshot(dir)).toEqual(snapshot(join(runsDir, 'local')));
  }, 80_000);
});
