import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkload, syntheticWorkload, WINDOWS_FILE, type EplbWorkload } from './data.js';
import { Mulberry32 } from './generator.js';
import { createEplbTask, TRAIN_TRANSITIONS, type EplbInstanceData } from './task.js';

function stats(wl: EplbWorkload): { zeroShare: number; meanPeak: number; corr: number[] } {
  const E = wl.numLogical;
  let zeros = 0;
  let peaks = 0;
  for (const w of wl.windows) {
    for (let l = 0; l < wl.numLayers; l++) {
      let sum = 0;
      let max = 0;
      for (let e = 0; e < E; e++) {
        const x = w[l * E + e]!;
        if (x === 0) zeros++;
        sum += x;
        max = Math.max(max, x);
      }
      peaks += max / (sum / E);
    }
  }
  // Pearson correlation of each layer's loads between consecutive windows, averaged over layers.
  const corr = wl.windows.slice(1).map((w, i) => {
    const prev = wl.windows[i]!;
    let c = 0;
    for (let l = 0; l < wl.numLayers; l++) {
      const a = Array.from(prev.subarray(l * E, (l + 1) * E));
      const b = Array.from(w.subarray(l * E, (l + 1) * E));
      const ma = a.reduce((x, y) => x + y) / E;
      const mb = b.reduce((x, y) => x + y) / E;
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let e = 0; e < E; e++) {
        ab += (a[e]! - ma) * (b[e]! - mb);
        aa += (a[e]! - ma) ** 2;
        bb += (b[e]! - mb) ** 2;
      }
      c += ab / Math.sqrt(aa * bb);
    }
    return c / wl.numLayers;
  });
  const cells = wl.windows.length * wl.numLayers;
  return { zeroShare: zeros / (cells * E), meanPeak: peaks / cells, corr };
}

describe('eplb synthetic generator', () => {
  it('mulberry32 matches the spec test vector', () => {
    const rng = new Mulberry32(1);
    expect([1, 2, 3, 4, 5].map(() => rng.next())).toEqual([2693262067, 11749833, 2265367787, 4213581821, 4159151403]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(syntheticWorkload(5).windows).toEqual(syntheticWorkload(5).windows);
    expect(syntheticWorkload(5).windows[0]).not.toEqual(syntheticWorkload(6).windows[0]);
  });

  it.each([20251023, 1, 7, 12345])('seed %i has the documented statistics', (seed) => {
    const wl = syntheticWorkload(seed);
    expect([wl.numLayers, wl.numLogical, wl.windows.length]).toEqual([26, 64, 24]);
    const s = stats(wl);
    expect(s.zeroShare).toBeGreaterThan(0.01); // ~1.6 % experts without tokens in a window
    expect(s.zeroShare).toBeLessThan(0.025);
    expect(s.meanPeak).toBeGreaterThan(5); // hottest expert ~6.4x the layer mean
    expect(s.meanPeak).toBeLessThan(7.5);
    s.corr.forEach((c, t) => {
      if (t === 11)
        expect(Math.abs(c)).toBeLessThan(0.2); // regime switch: window 12 is unrelated to 11
      else expect(c).toBeGreaterThan(0.85); // otherwise a slow multiplicative drift
    });
    for (const w of wl.windows) {
      for (let l = 0; l < wl.numLayers; l++) {
        const tokens = w.subarray(l * 64, (l + 1) * 64).reduce((a, b) => a + b, 0);
        expect(tokens).toBeGreaterThan(2.0e6); // 6 x 400k..800k tokens, minus rounding and zeroed experts
        expect(tokens).toBeLessThan(4.9e6);
      }
    }
  });
});

describe('eplb data loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eplb-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (content: unknown): string => {
    const sub = mkdtempSync(join(dir, 'case-'));
    writeFileSync(join(sub, WINDOWS_FILE), JSON.stringify(content));
    return sub;
  };

  it('names the file and the field that is wrong', () => {
    expect(() => loadWorkload(write({ windows: [[[1, 2]]] }))).toThrow(
      /synthetic_windows_v1\.json: "windows" must be a list of at least 2/,
    );
    expect(() => loadWorkload(write({ windows: [[[1, 2]], [[1]]] }))).toThrow(/windows\[1\]\[0\] must have 2 experts/);
    expect(() => loadWorkload(write({ windows: [[[1, 2]], [[1, -3]]] }))).toThrow(
      /windows\[1\]\[0\]\[1\] must be a non-negative integer/,
    );
    expect(() => loadWorkload(write({ windows: [[[1, 2]], [[1, 2]]], num_layers: 3 }))).toThrow(/"num_layers" says 3/);
    expect(() => loadWorkload(write([1, 2]))).toThrow(/expected a JSON object/);
  });

  it('reads a well-formed file', () => {
    const wl = loadWorkload(write({ num_layers: 1, windows: [[[1, 2]], [[3, 4]], [[5, 0]]] }));
    expect(wl.numLayers).toBe(1);
    expect(Array.from(wl.windows[2]!)).toEqual([5, 0]);
  });

  it('an explicit data folder without the file is an error, not a silent fallback', () => {
    expect(() => createEplbTask({ dataDir: dir })).toThrow(/holds neither eplb\/synthetic_windows_v1\.json/);
  });
});

describe('eplb instances', () => {
  const task = createEplbTask({});
  const wl = syntheticWorkload();

  it('splits transitions 0..15 for search and holds out 16..22', () => {
    const train = task.instances('train').map((i) => i.id);
    const test = task.instances('test').map((i) => i.id);
    expect(train).toEqual(Array.from({ length: TRAIN_TRANSITIONS }, (_, t) => `t${t}`));
    expect(test).toEqual(['t16', 't17', 't18', 't19', 't20', 't21', 't22']);
    expect(task.dataSource).toMatch(/seed 20251023 \(identical to synthetic_windows_v1\.json\)/);
  });

  it('an instance carries window i only, never the window it is scored on', () => {
    for (const inst of [...task.instances('train'), ...task.instances('test')]) {
      const t = Number(inst.id.slice(1));
      const data = inst.data as EplbInstanceData;
      expect(Object.keys(data).sort()).toEqual(['load', 'numLayers', 'numLogical']);
      expect(data.load).toEqual(Array.from(wl.windows[t]!));
      expect(data.load).not.toEqual(Array.from(wl.windows[t + 1]!));
    }
  });
});
