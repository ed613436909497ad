import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { createTelemetryRepairTask } from './task.js';

// Programs are built from one template: `entry(t, id)` returns the value stored for interface id.
const program = (entry: string, extra = ''): string => `
export function repairTelemetry(telemetry, topology) {
  ${extra}
  const out = {};
  for (const id of Object.keys(telemetry)) {
    const t = telemetry[id];
    out[id] = ${entry};
  }
  return out;
}`;
const GOOD = `{ rxRate: [t.rxRate, t.rxRate, 1], txRate: [t.txRate, t.txRate, 1], interfaceStatus: [t.interfaceStatus, t.interfaceStatus, 1] }`;

describe('telemetry-repair validation', () => {
  const task = createTelemetryRepairTask({ dataSeed: 5 });
  const some = task.instances('train').slice(0, 3);
  const run = (source: string) => evaluateProgram(task, source, some);
  const expectInvalid = async (source: string, message: RegExp): Promise<void> => {
    const e = await run(source);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(message);
  };

  it('accepts the well-formed identity (and a Map of the same entries)', async () => {
    const e = await run(program(GOOD));
    expect(e.valid).toBe(true);
    const asMap = await run(`export function repairTelemetry(telemetry) {
      const m = new Map();
      for (const id of Object.keys(telemetry)) { const t = telemetry[id]; m.set(id, ${GOOD}); }
      return m;
    }`);
    expect(asMap.score).toBe(e.score);
  });

  it('rejects a missing interface (the reference skipped it, inflating calibration)', async () => {
    await expectInvalid(
      program(GOOD, '').replace('out[id] =', 'if (id.startsWith("ATLAM5")) continue; out[id] ='),
      /ATLAM5_to_ATLAng is missing/,
    );
  });

  it('rejects bare numbers and short triples (the reference skipped their calibration)', async () => {
    await expectInvalid(
      program(GOOD.replace('rxRate: [t.rxRate, t.rxRate, 1]', 'rxRate: t.rxRate')),
      /rxRate must be a triple/,
    );
    await expectInvalid(
      program(GOOD.replace('txRate: [t.txRate, t.txRate, 1]', 'txRate: [t.txRate, t.txRate]')),
      /txRate must be a triple/,
    );
  });

  it('rejects non-finite and negative repaired rates', async () => {
    await expectInvalid(
      program(GOOD.replace('[t.rxRate, t.rxRate, 1]', '[t.rxRate, NaN, 1]')),
      /repaired\) must be a finite number >= 0/,
    );
    await expectInvalid(
      program(GOOD.replace('[t.txRate, t.txRate, 1]', '[t.txRate, Infinity, 1]')),
      /repaired\) must be a finite number >= 0/,
    );
    await expectInvalid(
      program(GOOD.replace('[t.txRate, t.txRate, 1]', '[t.txRate, -1, 1]')),
      /must be a finite number >= 0, got -1/,
    );
    await expectInvalid(
      program(GOOD.replace('[t.txRate, t.txRate, 1]', '[t.txRate, "5", 1]')),
      /must be a finite number/,
    );
  });

  it('rejects confidences outside [0, 1] and unknown statuses', async () => {
    await expectInvalid(
      program(GOOD.replace('[t.rxRate, t.rxRate, 1]', '[t.rxRate, t.rxRate, 1.5]')),
      /confidence must be a number in \[0, 1\]/,
    );
    await expectInvalid(
      program(GOOD.replace('[t.txRate, t.txRate, 1]', '[t.txRate, t.txRate, -0.1]')),
      /confidence must be/,
    );
    await expectInvalid(
      program(GOOD.replace('[t.interfaceStatus, t.interfaceStatus, 1]', '[t.interfaceStatus, "sideways", 1]')),
      /must be 'up' or 'down'/,
    );
  });

  it('rejects an answer that is not an object keyed by interface id, and a missing export', async () => {
    await expectInvalid(`export function repairTelemetry() { return []; }`, /returned an array/);
    await expectInvalid(`export function repairTelemetry() { return null; }`, /returned null/);
    await expectInvalid(`export function fixTelemetry() { return {}; }`, /must export a function repairTelemetry/);
  });

  it('a getter that changes its answer on a second read cannot matter: the harness reads once, the host scores the copy', async () => {
    const tricky = program(
      `{ reads: 0, get rxRate() { this.reads++; return this.reads > 1 ? [t.rxRate, -5, 1] : [t.rxRate, t.rxRate, 1]; }, txRate: [t.txRate, t.txRate, 1], interfaceStatus: [t.interfaceStatus, t.interfaceStatus, 1] }`,
    );
    const e = await run(tricky);
    expect(e.valid).toBe(true);
    expect(e.score).toBe((await run(program(GOOD))).score);
  });

  it('writing to the inputs is forbidden', async () => {
    const e = await run(program(GOOD, 'telemetry[Object.keys(telemetry)[0]].rxRate = 0;'));
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
  });

  it('an exception fails only that case (score 0), as in the reference', async () => {
    const first = some[0]!.id;
    const src = program(
      GOOD,
      `if (Object.values(telemetry)[0].rxRate === ${JSON.stringify((some[0]!.data as { telemetry: Record<string, { rxRate: number }> }).telemetry['ATLAM5_to_ATLAng']!.rxRate)}) throw new Error('boom');`,
    );
    const e = await run(src);
    expect(e.valid).toBe(true);
    expect(e.metrics.failed_instances).toBe(1);
    expect(e.instances.find((r) => r.instanceId === first)?.failure?.kind).toBe('exception');
    const ok = await run(program(GOOD));
    // The failed case counts 0 in every component of the mean.
    expect(e.metrics.combined_score).toBeCloseTo(
      (ok.instances[1]!.metrics.combined_score! + ok.instances[2]!.metrics.combined_score!) / 3,
      14,
    );
    expect(e.metrics.status_repair_accuracy).toBeCloseTo(2 / 3, 14);
  });
});
