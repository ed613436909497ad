import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/core/run.js';
import { RunStore } from '../src/store/store.js';
import { tempDir } from './helpers.js';

/**
 * Each new strategy with the offline mutator, at a stated evaluation budget and
 * seed, ends with a best program that beats the seed on the held-out test
 * split. Runs are deterministic for a seed, so these are properties of the
 * engine, not luck. Prism's naive seed scores 0 and the offline mutator sits on
 * that plateau until one mutation makes the placement beat round robin: seed 2
 * finds such a mutation early; seed 1 needs hundreds of evaluations.
 */
const CASES: [task: string, strategy: string, seed: number, evaluations: number][] = [
  ['prism', 'openevolve', 2, 20],
  ['prism', 'shinka', 2, 20],
  ['prism', 'gepa', 2, 20],
  ['cant-be-late', 'openevolve', 1, 40],
  ['cant-be-late', 'shinka', 1, 40],
  ['cant-be-late', 'gepa', 1, 40],
];

describe('new strategies beat the seed on the test split with the offline mutator', () => {
  it.each(CASES)(
    '%s with %s, seed %i, %i evaluations',
    async (task, strategy, seed, evaluations) => {
      const s = await startRun({
        task,
        runsDir: tempDir(),
        name: `${task}-${strategy}`,
        seed,
        strategy: { name: strategy },
        budget: { evaluations },
        pipeline: { workers: 2 },
      });
      console.log(
        `${task}/${strategy}: seed ${s.seed.test}; best ${s.best.programId} ${s.best.train} / ${s.best.test} (${s.iterations} iterations)`,
      );
      expect(s.stopReason).toBe(`evaluation budget reached (${evaluations})`);
      expect(s.best.test!).toBeGreaterThan(s.seed.test!);
    },
    120_000,
  );
});

/** Iterations with their status, programs and every train evaluation (search and minibatch), in order. */
function rows(dir: string): unknown[] {
  const db = new Database(join(dir, 'run.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT i.iteration, i.status, i.reason, i.plan, p.hash, e.purpose, e.score, e.valid FROM iterations i
         LEFT JOIN programs p ON p.id = i.program_id
         LEFT JOIN evaluations e ON e.program_id = p.id AND e.split = 'train'
         WHERE i.status = 'observed' OR i.status = 'rejected' ORDER BY i.iteration, e.purpose`,
      )
      .all();
  } finally {
    db.close();
  }
}

describe('gepa resume is exact', () => {
  it('a run resumed from N to 2N evaluations matches a straight 2N run, minibatches included', async () => {
    const runsDir = tempDir();
    const config = (name: string, evaluations: number) => ({
      task: 'prism',
      name,
      runsDir,
      seed: 3,
      strategy: { name: 'gepa' },
      budget: { evaluations },
      pipeline: { workers: 2, inFlight: 4 },
      finalTest: false,
    });
    const first = await startRun(config('extend', 4));
    const more = await resumeRun(join(runsDir, 'extend'), { budget: { evaluations: 8 } });
    const straight = await startRun(config('straight', 8));
    expect(more.iterations).toBeGreaterThan(first.iterations);
    const a = rows(join(runsDir, 'extend'));
    expect(a).toEqual(rows(join(runsDir, 'straight')));
    expect(more.best).toEqual(straight.best);
    const store = RunStore.open(join(runsDir, 'straight'), { readonly: true });
    try {
      // Minibatch evaluations exist, are rejected with a reason, and never count as search results.
      expect(store.evaluationCount('minibatch')).toBeGreaterThan(0);
      // Budget accounting: full evaluations (the seed's included) plus minibatch instances / 30 train instances.
      const instances = (
        store.db
          .prepare(
            `SELECT COUNT(*) AS n FROM instance_results r JOIN evaluations e ON e.id = r.evaluation_id WHERE e.purpose = 'minibatch'`,
          )
          .get() as { n: number }
      ).n;
      const spent = store.evaluationCount('search') + instances / 30;
      expect(spent).toBeLessThanOrEqual(8 + 1e-9);
      expect(spent).toBeGreaterThan(8 - 1.1);
      const reasons = (
        store.db.prepare(`SELECT reason FROM iterations WHERE reason IS NOT NULL`).all() as { reason: string }[]
      ).map((r) => r.reason);
      expect(reasons.some((r) => r.startsWith('minibatch: '))).toBe(true);
    } finally {
      store.close();
    }
  }, 120_000);
});
