import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { generateCases, loadCases } from './data.js';
import { scoreCase, validatePlacement } from './score.js';
import { createPrismTask } from './task.js';

interface GoldenProgram {
  summary: { score: number; avg_kvpr: number; baseline_kvpr: number; optimal_kvpr: number };
  per_case: [number, number, number, number, number, number, number][];
  placements: Record<string, number[]>[];
}

const hasData = sharedAvailable('data/prism') && sharedAvailable('golden/prism.json');

describe.runIf(hasData)('prism against the reference evaluator', () => {
  const golden = JSON.parse(readFileSync(goldenPath('prism'), 'utf8')) as { programs: Record<string, GoldenProgram> };
  const task = createPrismTask({ dataDir: DATA_ROOT });
  const all = [...task.instances('train'), ...task.instances('test')];

  it('the seeded generator reproduces the real cases bit for bit', () => {
    expect(generateCases(42)).toEqual(loadCases(join(DATA_ROOT, 'prism')));
  });

  it.each([
    ['human-sota', 'greedy_kvpr_seed'],
    ['naive-first-fit', 'naive_first_fit'],
    ['round-robin', 'round_robin'],
  ])('%s scores exactly as the golden %s', async (program, key) => {
    const g = golden.programs[key]!;
    const e = await evaluateProgram(task, task.programs[program]!.source, all);
    expect(e.valid).toBe(true);
    expect(e.score).toBe(g.summary.score);
    expect(e.metrics.kvpr).toBe(g.summary.avg_kvpr);
    expect(e.metrics.baseline_kvpr).toBe(g.summary.baseline_kvpr);
    expect(e.metrics.optimal_kvpr).toBe(g.summary.optimal_kvpr);
    e.instances.forEach((r, i) => {
      const row = g.per_case[i]!;
      expect(r.score).toBe(row[6]);
      expect(r.metrics.kvpr).toBe(row[4]);
    });
  });

  it('the golden greedy placements score as the golden per-case numbers', () => {
    const g = golden.programs.greedy_kvpr_seed!;
    const cases = loadCases(join(DATA_ROOT, 'prism'));
    cases.forEach((c, i) => {
      const checked = validatePlacement(c, { entries: Object.entries(g.placements[i]!) });
      if ('error' in checked) throw new Error(checked.error);
      const s = scoreCase(c, checked.gpus);
      expect([s.baselineKvpr, s.optimalKvpr, s.solutionKvpr, s.testScore]).toEqual([
        g.per_case[i]![2],
        g.per_case[i]![3],
        g.per_case[i]![4],
        g.per_case[i]![6],
      ]);
    });
  });
});

describe('prism validation closes the reference loopholes', () => {
  const task = createPrismTask({});
  const some = task.instances('train').slice(0, 3);
  const run = (source: string) => evaluateProgram(task, source, some);

  it('rejects extra GPUs', async () => {
    const e = await run(
      `export function placeModels(g, models) { const m = new Map(); models.forEach((x, j) => m.set(j, [x])); return m; }`,
    );
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/GPU id \d+ is not an integer in 0\.\.\d/);
  });

  it('rejects dropped and duplicated models', async () => {
    const dropped = await run(`export function placeModels(g, models) { return { 0: models.slice(1, 3) }; }`);
    expect(dropped.failure?.message).toMatch(/model_0 is not placed/);
    const twice = await run(
      `export function placeModels(g, models) { const m = {}; for (let i = 0; i < g; i++) m[i] = []; m[0].push(models[0], models[0]); return m; }`,
    );
    expect(twice.failure?.message).toMatch(/model_0 is placed more than once/);
  });

  it('rejects copies of models (identity, not look-alikes) and over-full GPUs', async () => {
    const copies = await run(
      `export function placeModels(g, models) { const m = {}; for (let i = 0; i < g; i++) m[i] = []; models.forEach((x, j) => m[j % g].push({ ...x })); return m; }`,
    );
    expect(copies.failure?.kind).toBe('invalid');
    const full = await run(`export function placeModels(g, models) { return { 0: [...models] }; }`);
    expect(full.failure?.message).toMatch(/more than 80 GB/);
  });

  it('cannot lower its KVPR by mutating the inputs', async () => {
    const e = await run(
      `export function placeModels(g, models) { for (const m of models) m.reqRate = 0; const p = {}; for (let i = 0; i < g; i++) p[i] = []; models.forEach((x, j) => p[j % g].push(x)); return p; }`,
    );
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
  });

  it('an exception on a case scores that case 0 and says why', async () => {
    const src = task.programs['round-robin']!.source.replace(
      'models.forEach',
      'if (gpuNum === 8) throw new Error("eight"); models.forEach',
    );
    const e = await evaluateProgram(task, src, task.instances('train'));
    expect(e.valid).toBe(true);
    expect(e.metrics.failed_instances).toBeGreaterThan(0);
    expect(e.feedback).toMatch(/exception: eight/);
  });
});
