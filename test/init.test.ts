import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initTask } from '../src/cli/init.js';
import { startRun } from '../src/core/run.js';
import { loadTaskDir } from '../src/core/load-task.js';
import { tempDir } from './helpers.js';

describe('adrs init', () => {
  // Each skeleton must run as written and improve on its seed with the offline mutator alone.
  it.each([
    ['ts', 'typescript'],
    ['py', 'python'],
    ['any', 'python'],
  ])(
    'the %s skeleton loads, runs at once and beats its seed',
    async (language, expected) => {
      const dir = join(tempDir(), 'my-task');
      const files = initTask(dir, language);
      expect(files).toContain('README.md');
      const task = loadTaskDir(dir);
      expect(task.name).toBe('my-task');
      expect(task.language).toBe(expected);
      const summary = await startRun({
        task: dir,
        runsDir: tempDir(),
        name: 'r',
        seed: 2,
        budget: { iterations: 40 },
        pipeline: { workers: 2 },
      });
      expect(summary.seed.train).toBeGreaterThan(50);
      expect(summary.best.train!).toBeGreaterThan(summary.seed.train!);
    },
    180_000,
  );

  it('refuses a folder that is not empty, an unknown language or a bad name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    expect(() => initTask(dir, 'py')).toThrow(/is not empty; use --force/);
    expect(() => initTask(join(dir, 'x'), 'rust')).toThrow(/--language must be one of ts, py, any, not "rust"/);
    mkdirSync(join(dir, 'y'));
    expect(() => initTask(join(dir, 'y'), 'ts', 'bad name')).toThrow(/--name "bad name"/);
  });
});
