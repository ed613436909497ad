import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../src/core/run.js';
import type { Proposer } from '../src/propose/types.js';
import { RunStore } from '../src/store/store.js';
import { tempDir } from './helpers.js';

describe('steering a live run through its store', () => {
  it('pauses, resumes, and passes hints added mid-run to later proposals', async () => {
    const runsDir = tempDir();
    const dir = join(runsDir, 'steer');
    const seen: string[][] = [];
    let other: RunStore | undefined;
    let pausedAt = 0;
    const proposer: Proposer = {
      name: 'probe',
      propose: async (r) => {
        seen[r.plan.iteration] = r.hints;
        if (r.plan.iteration === 3) {
          other = RunStore.open(dir);
          other.addHint('try sorting by reqRate/slo');
          other.setControl('paused', true);
          pausedAt = Date.now();
          setTimeout(() => other!.setControl('paused', false), 800);
        }
        await Promise.resolve();
        return {
          ok: true,
          source: r.parents[0]!.program.source.replace('return gpu;', `return gpu + ${r.plan.iteration} * 0;`),
          changes: [],
          call: { proposer: 'probe', costUsd: 0, durationMs: 0 },
        };
      },
    };
    const started = Date.now();
    const s = await startRun(
      {
        task: 'prism',
        runsDir,
        name: 'steer',
        budget: { iterations: 12 },
        pipeline: { workers: 1, inFlight: 1 },
        finalTest: false,
      },
      { proposer },
    );
    other?.close();
    expect(s.iterations).toBe(12);
    expect(seen[1]).toEqual([]);
    expect(seen[12]).toEqual(['try sorting by reqRate/slo']);
    expect(pausedAt).toBeGreaterThan(started);
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(800);
  });
});
