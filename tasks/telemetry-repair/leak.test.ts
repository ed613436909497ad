import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/core/task.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { FIXED_CASES_FILE, loadFixedCases } from './data.js';
import { caseId, createTelemetryRepairTask } from './task.js';

const PUBLIC_KEYS = ['connectedTo', 'interfaceStatus', 'localRouter', 'remoteRouter', 'rxRate', 'txRate'];

/** Everything the sandbox receives for these instances must be public. */
function expectPublicOnly(instances: Instance[]): void {
  for (const instance of instances) {
    const data = instance.data as { telemetry: Record<string, object>; topology: object };
    expect(Object.keys(data).sort()).toEqual(['telemetry', 'topology']);
    for (const rec of Object.values(data.telemetry)) expect(Object.keys(rec).sort()).toEqual(PUBLIC_KEYS);
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/ground|truth|bug|_ground|dropped|scaled|correlated/i);
  }
}

// Finds any hidden field that holds a clean value and uses it; otherwise reports the input.
const CHEAT = `
export function repairTelemetry(telemetry) {
  const out = {};
  for (const id of Object.keys(telemetry)) {
    const t = telemetry[id];
    const hidden = Object.keys(t).filter((k) => !['interfaceStatus', 'rxRate', 'txRate', 'connectedTo', 'localRouter', 'remoteRouter'].includes(k));
    const rx = hidden.find((k) => /rx/i.test(k)); const tx = hidden.find((k) => /tx/i.test(k));
    out[id] = {
      rxRate: [t.rxRate, rx ? t[rx] : t.rxRate, 1], txRate: [t.txRate, tx ? t[tx] : t.txRate, 1],
      interfaceStatus: [t.interfaceStatus, t.interfaceStatus, 1],
    };
  }
  return out;
}`;

describe('the program cannot see the ground truth', () => {
  it('synthetic instances carry only the six public fields and the topology', () => {
    const task = createTelemetryRepairTask({ dataSeed: 3 });
    expectPublicOnly([...task.instances('train'), ...task.instances('test')]);
  });

  describe.runIf(sharedAvailable('data/telemetry-repair'))('on the real cases', () => {
    const task = createTelemetryRepairTask({ dataDir: DATA_ROOT });
    const all = [...task.instances('train'), ...task.instances('test')];

    it('the shipped file leaks the answer in 85 of 900 records; none of it reaches the program', () => {
      const raw = JSON.parse(readFileSync(join(DATA_ROOT, 'telemetry-repair', FIXED_CASES_FILE), 'utf8')) as {
        perturbed: Record<string, Record<string, unknown>>;
      }[];
      const leaky = raw.flatMap((c) => Object.values(c.perturbed)).filter((r) => '_ground_truth_rx' in r);
      expect(leaky.length).toBe(85);
      expectPublicOnly(all);
    });

    it('a program hunting for hidden fields scores exactly like the identity', async () => {
      const cheat = await evaluateProgram(task, CHEAT, all);
      const identity = await evaluateProgram(task, task.programs.identity!.source, all);
      expect(cheat.valid).toBe(true);
      expect(cheat.metrics).toEqual(identity.metrics);
    });

    it('the same cheat would have profited from the reference input (the hole is real)', () => {
      const raw = JSON.parse(readFileSync(join(DATA_ROOT, 'telemetry-repair', FIXED_CASES_FILE), 'utf8')) as {
        perturbed: Record<string, Record<string, number>>;
        ground_truth: Record<string, { rx_rate: number }>;
      }[];
      // Every leaked value equals the ground truth that the scorer compares against.
      let exact = 0;
      for (const c of raw)
        for (const [id, r] of Object.entries(c.perturbed))
          if (
            '_ground_truth_rx' in r &&
            r._ground_truth_rx === c.ground_truth[id]!.rx_rate &&
            r.rx_rate !== r._ground_truth_rx
          )
            exact++;
      expect(exact).toBeGreaterThan(50);
    });

    it('a zeroed counter never has its clean value anywhere else in the case input', () => {
      // The program may remember everything it sees (module state survives
      // between instances), so check that no input number equals the clean
      // value of a counter that was zeroed.
      const cases = loadFixedCases(join(DATA_ROOT, 'telemetry-repair'));
      for (const instance of all) {
        const data = instance.data as { telemetry: Record<string, { rxRate: number; txRate: number }> };
        const shown = new Set(Object.values(data.telemetry).flatMap((r) => [r.rxRate, r.txRate]));
        const c = cases.find((k) => caseId(k) === instance.id)!;
        for (const [id, g] of Object.entries(c.truth)) {
          const input = data.telemetry[id]!;
          if (input.rxRate === 0 && g.rxRate > 0) expect(shown.has(g.rxRate)).toBe(false);
          if (input.txRate === 0 && g.txRate > 0) expect(shown.has(g.txRate)).toBe(false);
        }
      }
    });
  });
});
