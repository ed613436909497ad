import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { createLlmSqlTask } from './task.js';

describe('llm-sql task definition', () => {
  it('without data: train = synthetic seed 1, test = synthetic seed 2, one table per shape', () => {
    const task = createLlmSqlTask({});
    expect(task.instances('train').map((i) => i.id)).toEqual([
      'synthetic-beer-1',
      'synthetic-movies-1',
      'synthetic-BIRD-1',
      'synthetic-PDMX-1',
      'synthetic-products-1',
    ]);
    expect(task.instances('test').map((i) => i.id)).toEqual(
      task.instances('train').map((i) => i.id.replace(/1$/, '2')),
    );
    expect(task.dataSource).toBe('synthetic tables: train seed 1, test seed 2');
    expect(createLlmSqlTask({ dataSeed: 7 }).instances('train')[0]!.id).toBe('synthetic-beer-7');
  });

  it('names the contract and the scoring in its description; seed = original order, human SOTA = GGR', () => {
    const task = createLlmSqlTask({});
    expect(task.description).toContain('reorder(table: Table, options: ReorderOptions): Cell[][]');
    expect(task.description).toContain('0.95 * clamp(100 (h - a) / (1 - a), 0, 100)');
    expect(task.defaultSeed).toBe('original-order');
    expect(task.humanSota).toBe('human-sota');
    for (const p of Object.values(task.programs)) {
      expect(p.source).toMatch(/\/\/ EVOLVE-BLOCK-START[\s\S]*export function reorder[\s\S]*\/\/ EVOLVE-BLOCK-END/);
      expect(p.source).not.toMatch(/^import /m);
    }
  });

  it('the seed is the anchor, and one edit in its evolve block (RANK_COLUMNS 0 -> 1) lifts it past 40', async () => {
    const task = createLlmSqlTask({});
    const train = task.instances('train');
    const seed = task.programs['original-order']!.source;
    const on = seed.replace('const RANK_COLUMNS = 0;', 'const RANK_COLUMNS = 1;');
    expect(on).not.toBe(seed);
    const [a, b] = [await evaluateProgram(task, seed, train), await evaluateProgram(task, on, train)];
    expect(a.metrics.normalized_hit_score).toBe(0);
    expect(a.metrics.hit_rate).toBe(a.metrics.anchor_hit_rate);
    expect(b.valid).toBe(true);
    expect(b.score!).toBeGreaterThan(40);
  });

  it.runIf(sharedAvailable('data/llm-sql'))(
    'with data: the test split is the reference five, train stays synthetic',
    () => {
      const task = createLlmSqlTask({ dataDir: DATA_ROOT });
      expect(task.instances('test').map((i) => i.id)).toEqual([
        'beer',
        'movies_synth',
        'BIRD_synth',
        'PDMX_synth',
        'products_synth',
      ]);
      expect(task.instances('train')[0]!.id).toBe('synthetic-beer-1');
      expect(task.dataSource).toMatch(/^train: synthetic tables \(seed 1\); test: .*beer\.csv/);
    },
  );
});
