import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import type { CblInstanceData } from './contract.js';
import { createCantBeLateTask } from './task.js';

describe('cant-be-late task definition', () => {
  const task = createCantBeLateTask({});

  it('one instance per (env, deadline, overhead) group and split: 20 train + 10 held-out traces', () => {
    const train = task.instances('train');
    const test = task.instances('test');
    expect(train).toHaveLength(36);
    expect(test).toHaveLength(36);
    const runs = (i: (typeof train)[number]) => (i.data as CblInstanceData).runs;
    expect(train.every((i) => runs(i).length === 20 && i.split === 'train')).toBe(true);
    expect(test.every((i) => runs(i).length === 10 && i.split === 'test')).toBe(true);
    expect(new Set([...train, ...test].map((i) => i.id)).size).toBe(72);
    expect(train[0]!.id).toBe('us-west-2a_k80_8/dl52/oh0.02/train');
    // A trace is train or test in all six of its groups.
    for (const env of ['us-west-2a_k80_8', 'us-west-2b_v100_1']) {
      const files = (split: typeof train) =>
        new Set(split.filter((i) => i.id.startsWith(env)).flatMap((i) => runs(i).map((r) => r.trace)));
      const a = files(train);
      const b = files(test);
      expect(a.size).toBe(20);
      expect(b.size).toBe(10);
      expect([...a].some((f) => b.has(f))).toBe(false);
    }
  });

  it('ships the seed and the human SOTA with evolve blocks around createPolicy', () => {
    expect(task.defaultSeed).toBe('greedy-safety');
    expect(task.humanSota).toBe('human-sota');
    for (const p of Object.values(task.programs)) {
      expect(p.source).toMatch(
        /\/\/ EVOLVE-BLOCK-START[\s\S]*export function createPolicy\(\)[\s\S]*\/\/ EVOLVE-BLOCK-END/,
      );
      expect(p.source).not.toMatch(/^import /m);
    }
    expect(task.dataSource).toMatch(/synthetic traces, seed 1/);
  });

  it('another data seed gives other traces; a --data folder without the case is an error', () => {
    const other = createCantBeLateTask({ dataSeed: 2 });
    expect(other.dataSource).toMatch(/seed 2/);
    expect(other.instances('train')[0]!.data).not.toEqual(task.instances('train')[0]!.data);
    const empty = mkdtempSync(join(tmpdir(), 'cbl-'));
    expect(() => createCantBeLateTask({ dataDir: empty })).toThrow(/holds neither cant-be-late/);
  });

  it('evaluates the seed on the train split in well under the budget, human SOTA beats the seed', async () => {
    const started = performance.now();
    const seed = await evaluateProgram(task, task.programs['greedy-safety']!.source, task.instances('train'));
    const ms = performance.now() - started;
    expect(seed.valid).toBe(true);
    expect(ms).toBeLessThan(5000);
    const sota = await evaluateProgram(task, task.programs['human-sota']!.source, task.instances('train'));
    expect(sota.score!).toBeGreaterThan(seed.score! + 10);
    expect(seed.metrics.deadline_misses).toBe(0);
  });
});
