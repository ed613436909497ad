import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numpyMean } from '../../src/core/stats.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import type { HarnessOutput } from './contract.js';
import { loadRealSet } from './data.js';
import { harness } from './harness.js';
import * as smf from './programs/smf.js';
import { createTxnSchedulingTask, seedInstances } from './task.js';

interface GoldenSmf {
  summary: {
    n_seeds: number;
    total_mean: number;
    total_median: number;
    total_min: number;
    total_max: number;
    total_pstdev: number;
    score_mean: number;
    per_workload_mean: number[];
    per_workload_min: number[];
    per_workload_max: number[];
  };
  rows: [number, number, number, number, number, number][];
  seed42_orders: { orders: number[][]; makespans: number[]; total: number; score: number };
}

const hasData = sharedAvailable('data/txn-scheduling') && sharedAvailable('golden/txn-scheduling.json');

describe.runIf(hasData)('txn-scheduling goldens through the sandbox', () => {
  const golden = JSON.parse(readFileSync(goldenPath('txn-scheduling'), 'utf8')) as {
    anchors: { baseline_sequential_total: number; optimal_lower_bound_total: number };
    programs: { smf_seed_program: GoldenSmf };
  };
  const g = golden.programs.smf_seed_program;
  const task = createTxnSchedulingTask({ dataDir: DATA_ROOT });
  const set = loadRealSet(join(DATA_ROOT, 'txn-scheduling'));
  const seeds = g.rows.map((r) => r[0]);
  const instances = seedInstances(set, seeds, 'train');

  it('human-sota (SMF) reproduces every per-seed row of seeds 0..199 exactly', async () => {
    const e = await evaluateProgram(task, task.programs['human-sota']!.source, instances);
    expect(e.valid).toBe(true);
    expect(e.instances.filter((r) => r.failure)).toEqual([]);
    e.instances.forEach((r, i) => {
      const [, w1, w2, w3, total, score] = g.rows[i]!;
      expect([r.metrics.makespan_w1, r.metrics.makespan_w2, r.metrics.makespan_w3]).toEqual([w1, w2, w3]);
      expect(r.metrics.total_makespan).toBe(total);
      expect(r.score).toBe(score);
      expect(r.metrics.sequential_makespan).toBe(golden.anchors.baseline_sequential_total);
      expect(r.metrics.lower_bound).toBe(golden.anchors.optimal_lower_bound_total);
    });
    // Summary statistics (the golden used Python's statistics over the 200 rows).
    const totals = e.instances.map((r) => r.metrics.total_makespan!);
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    expect(e.instances.length).toBe(g.summary.n_seeds);
    expect(mean).toBeCloseTo(g.summary.total_mean, 9);
    expect(Math.min(...totals)).toBe(g.summary.total_min);
    expect(Math.max(...totals)).toBe(g.summary.total_max);
    const sorted = [...totals].sort((a, b) => a - b);
    expect((sorted[99]! + sorted[100]!) / 2).toBe(g.summary.total_median);
    const pstdev = Math.sqrt(totals.reduce((a, t) => a + (t - mean) ** 2, 0) / totals.length);
    expect(Math.abs(pstdev - g.summary.total_pstdev) / g.summary.total_pstdev).toBeLessThan(1e-9);
    expect(Math.abs(e.score! - g.summary.score_mean) / g.summary.score_mean).toBeLessThan(1e-9);
    expect(e.score).toBe(numpyMean(g.rows.map((r) => r[5])));
    (['makespan_w1', 'makespan_w2', 'makespan_w3'] as const).forEach((k, i) => {
      const xs = e.instances.map((r) => r.metrics[k]!);
      expect(Math.abs(numpyMean(xs) - g.summary.per_workload_mean[i]!)).toBeLessThan(1e-9);
      expect([Math.min(...xs), Math.max(...xs)]).toEqual([
        g.summary.per_workload_min[i],
        g.summary.per_workload_max[i],
      ]);
    });
  });

  it('seed 42 is the leaderboard human_SOTA: 244 + 55 + 53 = 352, score 41.86467526589727', async () => {
    const e = await evaluateProgram(task, task.programs['human-sota']!.source, seedInstances(set, [42], 'train'));
    expect(e.score).toBe(g.seed42_orders.score);
    expect(e.metrics.total_makespan).toBe(g.seed42_orders.total);
    // The orders themselves, from the same harness and program run in-process.
    const out = harness(smf, JSON.parse(JSON.stringify(seedInstances(set, [42], 'train')[0]!.data))) as HarnessOutput;
    expect(out.orders).toEqual(g.seed42_orders.orders);
  });

  it('the golden seed-42 orders, returned verbatim by a program, score the golden numbers', async () => {
    const src = `const ORDERS = ${JSON.stringify(g.seed42_orders.orders)};
let call = 0;
export function getBestSchedule(w, ctx) { return [...ORDERS[call++ % 3]]; }`;
    const e = await evaluateProgram(task, src, seedInstances(set, [7], 'train'));
    expect([e.metrics.makespan_w1, e.metrics.makespan_w2, e.metrics.makespan_w3]).toEqual(g.seed42_orders.makespans);
    expect(e.score).toBe(g.seed42_orders.score);
  });

  it('the default seed is SMF with one sample per step: set to 10 it reproduces the golden rows', async () => {
    const seed = task.programs['random-order']!.source;
    expect(seed).toMatch(/^const SAMPLES_PER_STEP = 1;$/m);
    const ten = seed.replace(/^const SAMPLES_PER_STEP = 1;$/m, 'const SAMPLES_PER_STEP = 10;');
    const e = await evaluateProgram(task, ten, instances.slice(0, 20));
    e.instances.forEach((r, i) => expect(r.metrics.total_makespan).toBe(g.rows[i]![4]));
    const base = await evaluateProgram(task, seed, instances.slice(0, 20));
    expect(base.score).toBe(0); // a random order is worse than the sequential one here
    expect(base.metrics.total_makespan).toBeGreaterThan(golden.anchors.baseline_sequential_total);
  });

  it('identity scores exactly 0 with the sequential makespans 452 + 38 + 47', async () => {
    const e = await evaluateProgram(task, task.programs.identity!.source, task.instances('train'));
    expect(e.score).toBe(0);
    expect([e.metrics.makespan_w1, e.metrics.makespan_w2, e.metrics.makespan_w3]).toEqual([452, 38, 47]);
  });
});
