import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { fromJson, loadScenarios } from './data.js';
import { CandidateDriver } from './harness.js';
import * as noCc from './programs/no-cc.js';
import * as staticWindow from './programs/static-window.js';
import * as thetaPowerTcp from './programs/theta-powertcp.js';
import { INCAST10, INCAST10_RTT16, type Scenario } from './scenario.js';
import { normalisedScore } from './score.js';
import { IncastSim } from './simulator.js';
import { createCongestionControlTask } from './task.js';

interface GoldenRun {
  scenario: Record<string, unknown>;
  avg_throughput_gbps: number;
  avg_queue_bytes: number;
  combined_score: number;
  per_flow_bytes_departed: number[];
  queue_bytes_every_10us_first_300us: number[];
  cwnd_flow0_flow1_every_10us_first_300us: [number, number][];
}

/** Golden controller key -> the task's program name and module. */
const PROGRAMS = [
  ['theta-powertcp', 'human-sota', thetaPowerTcp],
  ['static-window-2500', 'static-window-2500', staticWindow],
  ['no-cc-4bdp', 'no-cc-4bdp', noCc],
] as const;
const SCENARIOS = ['incast10', 'incast10-rtt16'] as const;

// Relative tolerance for values that pass through exp (Python's libm vs V8's); everything else is exact.
const relClose = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.abs(b));
};

describe.runIf(sharedAvailable('golden/congestion-control.json'))(
  'congestion-control against the golden numbers',
  () => {
    const golden = JSON.parse(readFileSync(goldenPath('congestion-control'), 'utf8')) as {
      results: Record<string, GoldenRun>;
    };
    const run = (s: string, c: string): GoldenRun => golden.results[`${s}/${c}`]!;

    // The golden scenarios, written as a data folder: the task loads them through its file loader.
    const dir = mkdtempSync(join(tmpdir(), 'cc-golden-'));
    writeFileSync(
      join(dir, 'scenarios.json'),
      JSON.stringify({
        scenarios: [
          { split: 'train', ...run('incast10', 'theta-powertcp').scenario },
          { split: 'test', ...run('incast10-rtt16', 'theta-powertcp').scenario },
        ],
      }),
    );
    const task = createCongestionControlTask({ dataDir: dir });
    const all = [...task.instances('train'), ...task.instances('test')];

    it('the golden scenario objects are the spec scenarios the task builds in', () => {
      expect(fromJson(run('incast10', 'no-cc-4bdp').scenario, 'golden')).toEqual(INCAST10());
      expect(fromJson(run('incast10-rtt16', 'no-cc-4bdp').scenario, 'golden')).toEqual(INCAST10_RTT16());
      expect(loadScenarios(dir)).toEqual({ train: [INCAST10()], test: [INCAST10_RTT16()] });
    });

    it.each(PROGRAMS)('%s through the sandbox: throughput and queue exact, combined to 1e-12', async (key, program) => {
      const e = await evaluateProgram(task, task.programs[program]!.source, all);
      expect(e.valid).toBe(true);
      e.instances.forEach((r, j) => {
        const g = run(SCENARIOS[j]!, key);
        expect(r.instanceId).toBe(SCENARIOS[j]);
        expect(r.metrics.avg_throughput_gbps).toBe(g.avg_throughput_gbps);
        expect(r.metrics.avg_queue_bytes).toBe(g.avg_queue_bytes);
        relClose(r.metrics.combined_score!, g.combined_score);
        // The 0-100 score is relative to θ-PowerTCP's golden combined score on the same scenario.
        const seed = run(SCENARIOS[j]!, 'theta-powertcp').combined_score;
        relClose(r.score, normalisedScore(g.combined_score, seed, 25), 1e-9);
      });
    });

    it('θ-PowerTCP is the 0 point, static-window-2500 scores 85.5 on incast10 and 79.8 on incast10-rtt16', async () => {
      const seed = await evaluateProgram(task, task.programs['human-sota']!.source, all);
      expect(seed.instances.map((r) => r.score)).toEqual([0, 0]);
      const stat = await evaluateProgram(task, task.programs['static-window-2500']!.source, all);
      expect(stat.instances[0]!.score).toBeCloseTo(85.511, 3);
      // 13.79 Gbit/s costs the whole exp term, but -0.448 still beats θ-PowerTCP's -588.
      expect(stat.instances[1]!.score).toBeCloseTo(79.789, 3);
    });

    it.each(PROGRAMS)('%s: per-flow bytes, queue and window traces bit for bit', (key, _name, mod) => {
      for (const s of SCENARIOS) {
        const scenario: Scenario = s === 'incast10' ? INCAST10() : INCAST10_RTT16();
        const r = new IncastSim(scenario).run(new CandidateDriver(mod.init, mod.onAck, scenario));
        const g = run(s, key);
        expect(r.avgThroughputGbps).toBe(g.avg_throughput_gbps);
        expect(r.avgQueueBytes).toBe(g.avg_queue_bytes);
        expect(r.perFlowDeparted).toEqual(g.per_flow_bytes_departed);
        expect(r.queueSamples).toEqual(g.queue_bytes_every_10us_first_300us);
        expect(r.cwndSamples).toEqual(g.cwnd_flow0_flow1_every_10us_first_300us);
      }
    });

    it("the spec's 0-100 anchor: θ-PowerTCP scores exactly -24.26353478266364 on incast10", () => {
      expect(run('incast10', 'theta-powertcp').combined_score).toBe(-24.26353478266364);
      const r = new IncastSim(INCAST10()).run(new CandidateDriver(thetaPowerTcp.init, thetaPowerTcp.onAck, INCAST10()));
      relClose(r.combinedScore, -24.26353478266364);
    });
  },
);
