import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numpyMean } from '../../src/core/stats.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { EVALUATED_ENVS, loadRealTraces, selectTraces } from './data.js';
import { meanRun, ENV_MODELS } from './synthetic.js';
import { OD_ANCHOR, SPOT_ANCHOR } from './score.js';
import { buildGroups, createCantBeLateTask } from './task.js';
import { allInstances, PROGRAM_MODULES, relClose, runGroupInProcess } from './test-helpers.js';

type GoldenRun = [string, string, number, number, number, number, number, number];
interface GoldenProgram {
  summary: {
    score: number;
    score_unrounded: number;
    avg_cost_np_mean_canonical_order: number;
    cost_std: number;
    deadline_misses_by_one_tick: number;
  };
  per_scenario: Record<string, { avg: number; std: number; count: number }>;
  runs: GoldenRun[];
}
interface Golden {
  config: { trace_files_selected: string[] };
  programs: Record<string, GoldenProgram> & {
    sanity_od_never_stop: { summary: { avg_cost: number; score: number; deadline_misses: number } };
  };
}

const hasData = sharedAvailable('data/cant-be-late') && sharedAvailable('golden/cant-be-late.json');
const CASE_DIR = join(DATA_ROOT, 'cant-be-late');
/** Task program name -> golden program key (the programs with per-run goldens). */
const WITH_RUNS: [string, string][] = [
  ['greedy-safety', 'greedy_seed'],
  ['on-demand', 'sanity_always_on_demand'],
  ['spot-or-wait', 'sanity_spot_or_wait'],
];
const runKey = (env: string, file: string, dl: number, oh: number): string => `${env}|${file}|${dl}|${oh}`;

describe.runIf(hasData)('cant-be-late against the reference evaluator', () => {
  const golden = JSON.parse(readFileSync(goldenPath('cant-be-late'), 'utf8')) as Golden;
  const task = createCantBeLateTask({ dataDir: DATA_ROOT });
  const all = allInstances(task);
  const dataset = loadRealTraces(CASE_DIR);
  const groups = buildGroups(dataset);
  const groupById = new Map([...groups.train, ...groups.test].map((g) => [g.id, g]));

  it('selects the same 30 traces per env and computes the same anchors', () => {
    for (const env of EVALUATED_ENVS) {
      const picked = selectTraces(dataset.envs.get(env)!, dataset.gapSeconds).map((t) => t.file);
      expect(picked).toEqual(golden.config.trace_files_selected);
    }
    expect(OD_ANCHOR).toBe(146.8799999999999);
    expect(SPOT_ANCHOR).toBe(46.70880000000002);
  });

  it.each(WITH_RUNS)('%s: every run has the golden cost, finish tick and billed ticks, bit for bit', (program, key) => {
    const g = golden.programs[key]!;
    const expected = new Map(g.runs.map((r) => [runKey(r[0], r[1], r[2], r[3]), r]));
    const costsByScenario = new Map<string, number[]>();
    let seen = 0;
    for (const instance of all) {
      const group = groupById.get(instance.id)!;
      for (const run of runGroupInProcess(group, instance, PROGRAM_MODULES[program]!.createPolicy)) {
        const row = expected.get(runKey(group.env, run.trace, group.deadlineHours, group.overheadHours))!;
        expect([run.cost, run.finishTick, run.spotTicks, run.onDemandTicks]).toEqual(row.slice(4));
        seen++;
      }
    }
    expect(seen).toBe(1080);
    // Per scenario, numpy's mean of the 30 costs in selection order.
    for (const r of g.runs) {
      const k = `${r[0]}|d48_dl${r[2]}_o${r[3]}`;
      costsByScenario.set(k, [...(costsByScenario.get(k) ?? []), r[4]]);
    }
    for (const [k, costs] of costsByScenario) expect(numpyMean(costs)).toBe(g.per_scenario[k]!.avg);
  });

  it.each(WITH_RUNS)('%s: the sandboxed evaluation reproduces the golden summary', async (program, key) => {
    const g = golden.programs[key]!;
    const e = await evaluateProgram(task, task.programs[program]!.source, all);
    expect(e.valid).toBe(true);
    expect(e.metrics.leaderboard_score).toBe(g.summary.score);
    expect(relClose(e.score!, g.summary.score_unrounded) || e.score === g.summary.score_unrounded).toBe(true);
    expect(relClose(e.metrics.avg_cost!, g.summary.avg_cost_np_mean_canonical_order)).toBe(true);
    expect(relClose(e.metrics.cost_std!, g.summary.cost_std) || g.summary.cost_std === 0).toBe(true);
    expect(e.metrics.deadline_misses).toBe(g.summary.deadline_misses_by_one_tick);
    expect(e.metrics.runs).toBe(1080);
    // Per instance, exact: the left-to-right sum of the golden run costs and the billed tick counts.
    const rows = new Map(g.runs.map((r) => [runKey(r[0], r[1], r[2], r[3]), r]));
    for (const r of e.instances) {
      const group = groupById.get(r.instanceId)!;
      const mine = group.traces.map((t) =>
        rows.get(runKey(group.env, t.file, group.deadlineHours, group.overheadHours))!,
      );
      expect(r.metrics.cost_sum).toBe(mine.reduce((a, row) => a + row[4], 0));
      expect(r.metrics.spot_ticks).toBe(mine.reduce((a, row) => a + row[6], 0));
      expect(r.metrics.on_demand_ticks).toBe(mine.reduce((a, row) => a + row[7], 0));
    }
  });

  it('on-demand-forever costs exactly what on-demand costs (the completion-tick decision is not billed)', async () => {
    const g = golden.programs.sanity_od_never_stop.summary;
    const e = await evaluateProgram(task, task.programs['on-demand-forever']!.source, all);
    expect(e.metrics.leaderboard_score).toBe(g.score);
    expect(relClose(e.metrics.avg_cost!, g.avg_cost)).toBe(true);
    expect(e.metrics.deadline_misses).toBe(g.deadline_misses);
    expect(e.metrics.on_demand_ticks_per_run).toBe(289);
  });

  it('the synthetic model keeps the mean run lengths of the real traces', () => {
    const stats = JSON.parse(readFileSync(join(CASE_DIR, 'run_length_stats.json'), 'utf8')) as {
      envs: Record<string, { available_run_lengths: number[]; unavailable_run_lengths: number[] }>;
    };
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [env, s] of Object.entries(stats.envs)) {
      const m = ENV_MODELS[env]!;
      expect(relClose(meanRun(m.available), mean(s.available_run_lengths), 0.01)).toBe(true);
      expect(relClose(meanRun(m.unavailable), mean(s.unavailable_run_lengths), 0.01)).toBe(true);
    }
  });
});
