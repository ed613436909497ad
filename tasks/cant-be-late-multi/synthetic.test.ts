import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { loadTrace, syntheticTraces } from './data.js';
import { REGIONS } from './scenarios.js';
import {
  generateMasterAvailability,
  generateTrace,
  type MasterCache,
  meanUnavailableRun,
  REGION_STATS,
  TRACE_LENGTH,
  windowStart,
} from './synthetic.js';
import { createCantBeLateMultiTask } from './task.js';

const mean = (xs: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
};

/** Lengths of the available (index 0) and unavailable (index 1) runs. */
function runLengths(a: Uint8Array): [number[], number[]] {
  const out: [number[], number[]] = [[], []];
  let cur = a[0]!;
  let len = 0;
  for (const x of a) {
    if (x === cur) len++;
    else {
      out[cur]!.push(len);
      cur = x;
      len = 1;
    }
  }
  out[cur]!.push(len);
  return out;
}

describe('cant-be-late-multi synthetic traces', () => {
  it('have the shape of the real files and are deterministic for a seed', () => {
    const a = syntheticTraces(7);
    const b = syntheticTraces(7);
    const c = syntheticTraces(8);
    expect(a.size).toBe(b.size);
    for (const [key, t] of a) {
      const [region] = key.split('/') as [keyof typeof REGION_STATS];
      const { min, max } = REGION_STATS[region].price;
      expect(t.availability.length).toBe(TRACE_LENGTH);
      expect(t.prices.length).toBe(TRACE_LENGTH);
      expect(t.availability.every((x) => x === 0 || x === 1)).toBe(true);
      expect(t.prices.every((p) => p >= min && p <= max && Math.abs(p * 1e4 - Math.round(p * 1e4)) < 1e-6)).toBe(true);
      expect(b.get(key)).toEqual(t);
    }
    const differs = [...a].some(([key, t]) => !c.get(key)!.availability.every((x, i) => x === t.availability[i]));
    expect(differs).toBe(true);
  });

  it('cut aligned windows: file n starts at the same tick of every region timeline', () => {
    for (const n of [0, 5]) {
      const start = windowStart(3, n);
      for (const region of ['us-east-1a_v100_1', 'us-west-2b_v100_1'] as const) {
        const master = generateMasterAvailability(3, region);
        expect(generateTrace(3, region, n).availability).toEqual(master.slice(start, start + TRACE_LENGTH));
      }
    }
  });

  it.each([1, 2])('match the per-region availability and run lengths of the spec table (seed %i)', (seed) => {
    for (const region of REGIONS) {
      const stats = REGION_STATS[region];
      const master = generateMasterAvailability(seed, region, 400_000);
      const [available, unavailable] = runLengths(master);
      expect(Math.abs(1 - mean(master) - stats.availability), region).toBeLessThan(0.015);
      expect(Math.abs(mean(available) / stats.meanAvailableRun - 1), region).toBeLessThan(0.08);
      expect(Math.abs(mean(unavailable) / meanUnavailableRun(stats) - 1), region).toBeLessThan(0.08);
      // What the spec measured: the first 960 ticks of 100 windows, and prices[0].
      const cache: MasterCache = new Map();
      const windows = Array.from({ length: 100 }, (_, n) => generateTrace(seed, region, n, cache));
      const windowAvailability = mean(windows.map((w) => 1 - mean(w.availability.subarray(0, 960))));
      expect(Math.abs(windowAvailability - stats.availability), region).toBeLessThan(0.06);
      const { mean: level, min, max } = stats.price;
      expect(Math.abs(mean(windows.map((w) => w.prices[0]!)) - level), region).toBeLessThan((max - min) / 6);
    }
  });

  it('the seed runs on the synthetic task with a score in the real data range', async () => {
    const task = createCantBeLateMultiTask({ dataSeed: 5 });
    if (!task.dataSource.startsWith('synthetic')) return; // $ADRS_DATA points at the real data
    expect(task.dataSource).toMatch(/seed 5/);
    const e = await evaluateProgram(task, task.programs['greedy-multi']!.source, task.instances('train'));
    expect(e.valid).toBe(true);
    expect(e.score).toBeGreaterThan(40);
    expect(e.score).toBeLessThan(90);
  });
});

describe.runIf(sharedAvailable('data/cant-be-late-multi'))('the generator targets come from the real data', () => {
  it('availability and prices[0] of the first 960 ticks of the 100 real files round to the table', () => {
    for (const region of REGIONS) {
      const traces = Array.from({ length: 100 }, (_, n) => loadTrace(join(DATA_ROOT, 'cant-be-late-multi'), region, n));
      const availability = mean(traces.map((t) => 1 - mean(t.availability.subarray(0, 960))));
      const p0 = mean(traces.map((t) => t.prices[0]!));
      expect(Math.abs(availability - REGION_STATS[region].availability), region).toBeLessThanOrEqual(0.0005);
      expect(Math.abs(p0 - REGION_STATS[region].price.mean), region).toBeLessThanOrEqual(0.0005);
    }
  });
});
