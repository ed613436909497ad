import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { loadFixedCases, loadSnapshots } from './data.js';
import { buildCases } from './perturb.js';
import { createTelemetryRepairTask } from './task.js';

interface GoldenMetrics {
  combined_score: number;
  counter_repair_accuracy: number;
  status_repair_accuracy: number;
  confidence_calibration: number;
}
interface Golden {
  programs: Record<
    string,
    {
      fixed_instances: GoldenMetrics & {
        per_case?: { case: number; combined: number; counter: number; status: number; calibration: number }[];
      };
    }
  >;
  instances_summary: { case: number; csv_row_index: number; bug_type: string }[];
}

const hasData = sharedAvailable('data/telemetry-repair') && sharedAvailable('golden/telemetry-repair.json');

describe.runIf(hasData)('telemetry-repair against the reference evaluator', () => {
  const golden = JSON.parse(readFileSync(goldenPath('telemetry-repair'), 'utf8')) as Golden;
  const dir = join(DATA_ROOT, 'telemetry-repair');

  const expectMetrics = (m: Record<string, number>, g: GoldenMetrics): void => {
    expect(m.combined_score).toBe(g.combined_score);
    expect(m.counter_repair_accuracy).toBe(g.counter_repair_accuracy);
    expect(m.status_repair_accuracy).toBe(g.status_repair_accuracy);
    expect(m.confidence_calibration).toBe(g.confidence_calibration);
  };

  it('our perturbation model on the clean CSV with seed 42 regenerates the shipped cases bit for bit', () => {
    const regenerated = buildCases(loadSnapshots(dir), 42);
    const shipped = loadFixedCases(dir);
    expect(regenerated).toEqual(shipped);
    expect(shipped.map((c) => [c.index, c.snapshot, c.bugType])).toEqual(
      golden.instances_summary.map((s) => [s.case, s.csv_row_index, s.bug_type]),
    );
  });

  it.each([
    ['identity', 'test_program_identity_conf_1.0'],
    ['min-of-pair', 'test_program_min_of_pair_conf_1.0'],
    ['min-of-pair-half', 'test_program_min_of_pair_conf_0.5'],
  ])('%s scores exactly as the golden %s', async (program, key) => {
    const task = createTelemetryRepairTask({ dataDir: DATA_ROOT });
    const all = [...task.instances('train'), ...task.instances('test')];
    const e = await evaluateProgram(task, task.programs[program]!.source, all);
    expect(e.valid).toBe(true);
    expectMetrics(e.metrics, golden.programs[key]!.fixed_instances);
    expect(e.score).toBeCloseTo(100 * golden.programs[key]!.fixed_instances.combined_score, 12);
  });

  it("the reference seed's real output (12 of 30 interfaces) reproduces the seed golden per case when missing ids are skipped", async () => {
    const g = golden.programs.seed_initial_program!.fixed_instances;
    const task = createTelemetryRepairTask({ dataDir: DATA_ROOT, skipMissingInterfaces: true });
    // Test split first: the aggregate must still sum in case order.
    const e = await evaluateProgram(task, task.programs['seed-as-shipped']!.source, [
      ...task.instances('test'),
      ...task.instances('train'),
    ]);
    expect(e.valid).toBe(true);
    expectMetrics(e.metrics, g);
    const byCase = [...e.instances].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    byCase.forEach((r, i) => {
      const row = g.per_case![i]!;
      expect(r.instanceId).toBe(`case-${String(row.case).padStart(2, '0')}`);
      expect([r.metrics.combined_score, r.metrics.counter_repair_accuracy, r.metrics.status_repair_accuracy]).toEqual([
        row.combined,
        row.counter,
        row.status,
      ]);
      expect(r.metrics.confidence_calibration).toBe(row.calibration);
    });
  });

  it('the same program is invalid under the default rules, and our complete seed scores 0 on counters', async () => {
    const task = createTelemetryRepairTask({ dataDir: DATA_ROOT });
    const all = [...task.instances('train'), ...task.instances('test')];
    const shipped = await evaluateProgram(task, task.programs['seed-as-shipped']!.source, all);
    expect(shipped.valid).toBe(false);
    expect(shipped.failure?.message).toMatch(/interface ATLAng_to_ATLAM5 is missing from the output/);
    const seed = await evaluateProgram(task, task.programs.seed!.source, all);
    expect(seed.valid).toBe(true);
    expect(seed.metrics.counter_repair_accuracy).toBe(0);
    expect(seed.metrics.status_repair_accuracy).toBe(1);
    // Every tiny counter (g = 0 or < 0.2 Mbps) of all 30 interfaces counts now, not only those of 12.
    expect(seed.metrics.combined_score).toBeCloseTo(0.05112111111111114, 15);
  });
});
