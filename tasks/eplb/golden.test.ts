import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { CandidateSandbox } from '../../src/evaluate/sandbox.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { transpileCandidate } from '../../src/evaluate/transpile.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { loadWorkload, syntheticWorkload } from './data.js';
import { generateWindows } from './generator.js';
import { createEplbTask } from './task.js';
import type { EplbReport } from './validate.js';

interface GoldenTransition {
  transition: number;
  bal_gpu_reference_f32: number;
  bal_expert_reference_f32: number;
  bal_gpu_canonical_f64: number;
  bal_expert_canonical_f64?: number;
  phy2log?: number[][];
  logcnt?: number[][];
  log2phy_used_prefix?: number[][][];
}

interface GoldenProgram {
  avg_bal_gpu_canonical_f64: number;
  avg_bal_expert_canonical_f64: number;
  avg_bal_gpu_reference_f32?: number;
  per_transition: GoldenTransition[];
}

const hasData = sharedAvailable('data/eplb') && sharedAvailable('golden/eplb.json');

describe.runIf(hasData)('eplb against the reference evaluator (synthetic windows v1)', () => {
  const golden = JSON.parse(readFileSync(goldenPath('eplb'), 'utf8')) as {
    config: { transitions: number; workload_generator: { sha256_of_compact_windows_json: string } };
    programs: Record<string, GoldenProgram>;
  };
  const task = createEplbTask({ dataDir: DATA_ROOT });
  const all = [...task.instances('train'), ...task.instances('test')];

  it('the spec generator reproduces the shared windows bit for bit', () => {
    const file = loadWorkload(join(DATA_ROOT, 'eplb'));
    const generated = syntheticWorkload();
    expect(file.windows.length).toBe(24);
    expect(generated.windows).toEqual(file.windows);
    expect(all.length).toBe(golden.config.transitions);
    const sha = createHash('sha256').update(JSON.stringify(generateWindows())).digest('hex');
    expect(sha).toBe(golden.config.workload_generator.sha256_of_compact_windows_json);
  });

  it.each([
    ['human-sota', 'seed_deepseek_eplb_hierarchical'],
    ['human-sota-stable-sort', 'seed_variant_stable_sort'],
  ])('%s reproduces the canonical balancedness of %s exactly, per transition', async (program, key) => {
    const g = golden.programs[key]!;
    const e = await evaluateProgram(task, task.programs[program]!.source, all);
    expect(e.valid).toBe(true);
    expect(e.instances.map((r) => r.instanceId)).toEqual(g.per_transition.map((t) => `t${t.transition}`));
    e.instances.forEach((r, i) => {
      expect(r.metrics.bal_gpu).toBe(g.per_transition[i]!.bal_gpu_canonical_f64);
      expect(r.metrics.bal_expert).toBe(g.per_transition[i]!.bal_expert_canonical_f64);
    });
    expect(e.metrics.bal_gpu).toBe(g.avg_bal_gpu_canonical_f64);
    expect(e.metrics.bal_expert).toBe(g.avg_bal_expert_canonical_f64);
  });

  it('the canonical float64 values stay within float32 noise of the float32 reference', async () => {
    const g = golden.programs.seed_deepseek_eplb_hierarchical!;
    const e = await evaluateProgram(task, task.programs['human-sota']!.source, all);
    e.instances.forEach((r, i) => {
      const ref = g.per_transition[i]!;
      expect(Math.abs(r.metrics.bal_gpu! / ref.bal_gpu_reference_f32 - 1)).toBeLessThan(1e-6);
      expect(Math.abs(r.metrics.bal_expert! / ref.bal_expert_reference_f32 - 1)).toBeLessThan(1e-6);
    });
    // 90 x balancedness, as the leaderboard reports it.
    expect(e.metrics.balancedness_points).toBeCloseTo(60.69665814100841, 6);
  });

  it('the human SOTA placement for transition 0 equals the reference output slot for slot (through the sandbox)', async () => {
    const g = golden.programs.seed_deepseek_eplb_hierarchical!.per_transition[0]!;
    const compiled = transpileCandidate(task.programs['human-sota']!.source);
    if (!('js' in compiled)) throw new Error(compiled.failure.message);
    const harness = { module: join(packageRoot(), 'tasks', 'eplb', 'harness.ts') };
    const loaded = await CandidateSandbox.load(compiled.js, harness, task.limits);
    if (!('sandbox' in loaded)) throw new Error(loaded.failure.message);
    try {
      const out = await loaded.sandbox.run(all[0]!.data);
      if (!out.ok) throw new Error(out.failure.message);
      const report = out.output as EplbReport;
      expect(report.phy2log).toEqual(g.phy2log!.flat());
      expect(report.logcnt).toEqual(g.logcnt!.flat());
      expect(report.used).toEqual(g.log2phy_used_prefix!.flat(2));
      expect(report.maxReplicasX).toBe(288 - 64 + 1);
    } finally {
      loaded.sandbox.dispose();
    }
  });
});
