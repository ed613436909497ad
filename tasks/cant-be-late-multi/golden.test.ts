import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { runMetric } from './score.js';
import { SCENARIOS } from './scenarios.js';
import { createCantBeLateMultiTask } from './task.js';

/** scenario, trace file, cost, finish tick, spot ticks, od ticks, billing region index, name, prices[0], on time */
type GoldenRun = [string, string, number, number, number, number, number, string, number, boolean];

interface GoldenProgram {
  summary: { score: number; score_unrounded: number; avg_cost: number; deadline_misses: number };
  per_scenario_avg_cost: Record<string, number>;
  runs: GoldenRun[];
}

const hasData = sharedAvailable('data/cant-be-late-multi') && sharedAvailable('golden/cant-be-late-multi.json');

describe.runIf(hasData)('cant-be-late-multi against the reference evaluator', () => {
  const golden = JSON.parse(readFileSync(goldenPath('cant-be-late-multi'), 'utf8')) as {
    programs: Record<string, GoldenProgram>;
  };
  const task = createCantBeLateMultiTask({ dataDir: DATA_ROOT });
  const all = [...task.instances('train'), ...task.instances('test')];

  it('the 12 instances cover the 34 leaderboard runs, each scenario split in two halves', () => {
    expect(task.dataSource).toMatch(/^real multi-region traces/);
    expect(task.instances('train').map((i) => i.id)).toEqual([
      '2_zones_same_region/0-3',
      '2_regions_east_west/0-3',
      '3_regions_diverse/0-2',
      '3_zones_same_region/0-2',
      '5_regions_high_diversity/0-1',
      'all_9_regions/0',
    ]);
    expect(task.instances('test').map((i) => i.id)).toEqual([
      '2_zones_same_region/4-7',
      '2_regions_east_west/4-7',
      '3_regions_diverse/3-5',
      '3_zones_same_region/3-5',
      '5_regions_high_diversity/2-3',
      'all_9_regions/1',
    ]);
  });

  it.each([
    ['greedy-multi', 'simple_greedy_seed'],
    ['openevolve-starter', 'openevolve_original_seed'],
  ])('%s reproduces the golden %s exactly, run by run', async (program, key) => {
    const g = golden.programs[key]!;
    const e = await evaluateProgram(task, task.programs[program]!.source, all);
    expect(e.valid).toBe(true);
    expect(e.score).toBe(g.summary.score);
    expect(e.metrics.score_unrounded).toBe(g.summary.score_unrounded);
    expect(e.metrics.avg_cost).toBe(g.summary.avg_cost);
    expect(e.metrics.combined_score).toBe(-g.summary.avg_cost);
    expect(e.metrics.deadline_misses).toBe(g.summary.deadline_misses);
    expect(e.metrics.runs).toBe(34);
    for (const s of SCENARIOS) expect(e.metrics[`cost_${s.name}`]).toBe(g.per_scenario_avg_cost[s.name]);
    for (const [scenario, file, cost, finish, spot, od, region] of g.runs) {
      const n = Number(file.replace('.json', ''));
      const inst = e.instances.find(
        (r) => r.instanceId.startsWith(`${scenario}/`) && runMetric(n, 'cost') in r.metrics,
      );
      expect(inst, `${scenario} ${file}`).toBeDefined();
      expect([
        inst!.metrics[runMetric(n, 'cost')],
        inst!.metrics[runMetric(n, 'finish_tick')],
        inst!.metrics[runMetric(n, 'spot_ticks')],
        inst!.metrics[runMetric(n, 'on_demand_ticks')],
        inst!.metrics[runMetric(n, 'billing_region')],
      ]).toEqual([cost, finish, spot, od, region]);
    }
  });

  it('train and test splits score as their own scenario means', async () => {
    const source = task.programs['greedy-multi']!.source;
    const train = await evaluateProgram(task, source, task.instances('train'));
    const test = await evaluateProgram(task, source, task.instances('test'));
    const runs = golden.programs.simple_greedy_seed!.runs;
    const expected = (split: 'train' | 'test'): number => {
      let total = 0;
      for (const s of SCENARIOS) {
        const half = Math.ceil(s.files.length / 2);
        const files = split === 'train' ? s.files.slice(0, half) : s.files.slice(half);
        let sum = 0;
        for (const f of files) sum += runs.find((r) => r[0] === s.name && r[1] === `${f}.json`)![2];
        total += sum / files.length;
      }
      return total / SCENARIOS.length;
    };
    expect(train.metrics.avg_cost).toBe(expected('train'));
    expect(test.metrics.avg_cost).toBe(expected('test'));
    expect(train.metrics.runs).toBe(17);
    expect(test.metrics.runs).toBe(17);
  });
});
