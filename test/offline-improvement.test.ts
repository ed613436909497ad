import { describe, expect, it } from 'vitest';
import { startRun } from '../src/core/run.js';
import { tempDir } from './helpers.js';

/**
 * Each built-in task's stated budget for the offline mutator (no model): a run
 * of this many iterations with seed 1 must end with a best program that beats
 * the seed on the held-out test split. Runs are deterministic, so this is a
 * property of the engine, the mutator and the task together, not luck.
 */
export const OFFLINE_BUDGETS: Record<string, number> = {
  prism: 400,
  'cant-be-late': 150,
  'cant-be-late-multi': 150,
  eplb: 60,
  'txn-scheduling': 150,
  'telemetry-repair': 40,
  cloudcast: 40,
};

describe('the offline mutator improves every task on its held-out split', () => {
  it.each(Object.entries(OFFLINE_BUDGETS))(
    '%s within %i iterations',
    async (task, iterations) => {
      const s = await startRun({
        task,
        runsDir: tempDir(),
        name: task,
        seed: 1,
        budget: { iterations },
        pipeline: { workers: 2 },
      });
      console.log(
        `${task}: seed ${s.seed.train} / ${s.seed.test}; best ${s.best.programId} ${s.best.train} / ${s.best.test}`,
      );
      expect(s.best.test).not.toBeNull();
      expect(s.best.test!).toBeGreaterThan(s.seed.test!);
    },
    300_000,
  );
});
