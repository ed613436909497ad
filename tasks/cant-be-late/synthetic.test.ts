import { describe, expect, it } from 'vitest';
import { EVALUATED_ENVS, selectTraces } from './data.js';
import {
  ENV_MODELS,
  generateSynthetic,
  hashSeed,
  masterTrace,
  MASTER_TICKS,
  mulberry32,
  WINDOW_TICKS,
  WINDOWS,
  windowStarts,
} from './synthetic.js';

/** The spec's table (§3): availability and mean run lengths of the full real traces. */
const TABLE: Record<string, [number, number, number]> = {
  'us-west-2a_k80_8': [0.547, 11.0, 9.0],
  'us-west-2b_k80_1': [0.252, 10.2, 30.3],
  'us-west-2b_k80_8': [0.585, 7.7, 5.5],
  'us-west-2a_v100_1': [0.687, 13.7, 6.3],
  'us-west-2a_v100_8': [0.331, 4.2, 8.3],
  'us-west-2b_v100_1': [0.595, 11.8, 8.0],
  'us-west-2a_k80_1': [0.954, 39.5, 2.0],
  'us-west-2b_v100_8': [0.341, 3.5, 6.7],
};

describe('cant-be-late synthetic traces', () => {
  it('have the shape of the real data and are deterministic for a seed', () => {
    const a = generateSynthetic(7, EVALUATED_ENVS);
    const text = (d: typeof a): string =>
      [...d.envs].map(([env, fs]) => env + fs.map((f) => f.file + f.unavailable.join('')).join('|')).join('\n');
    expect(text(generateSynthetic(7, EVALUATED_ENVS))).toBe(text(a));
    expect(text(generateSynthetic(8, EVALUATED_ENVS))).not.toBe(text(a));
    expect(a.gapSeconds).toBe(600);
    for (const env of EVALUATED_ENVS) {
      const files = a.envs.get(env)!;
      expect(files).toHaveLength(WINDOWS);
      expect(files.map((f) => f.file)).toEqual(Array.from({ length: WINDOWS }, (_, n) => `${n}.json`).sort());
      expect(files.every((f) => f.unavailable.length === WINDOW_TICKS && /^[01]+$/.test(f.unavailable.join('')))).toBe(
        true,
      );
    }
    const starts = windowStarts(7);
    expect(starts).toHaveLength(WINDOWS);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...starts)).toBeLessThanOrEqual(MASTER_TICKS - WINDOW_TICKS);
  });

  it('windows are cut from one master trace per env at starts shared by all envs', () => {
    const seed = 3;
    const starts = windowStarts(seed);
    for (const env of ['us-west-2a_k80_8', 'us-west-2b_v100_1']) {
      const master = masterTrace(ENV_MODELS[env]!, mulberry32(hashSeed(`${seed}:${env}`)));
      const files = new Map(
        generateSynthetic(seed, [env])
          .envs.get(env)!
          .map((f) => [f.file, f.unavailable]),
      );
      for (const n of [0, 17, 299]) {
        expect(files.get(`${n}.json`)).toEqual(master.slice(starts[n], starts[n]! + WINDOW_TICKS));
      }
    }
  });

  it('match the availability and mean run lengths of the real traces (40 seeds)', () => {
    for (const [env, [availability, meanAvail, meanUnavail]] of Object.entries(TABLE)) {
      let available = 0;
      let ticks = 0;
      const runs: [number[], number[]] = [[], []];
      for (let seed = 1; seed <= 40; seed++) {
        const t = masterTrace(ENV_MODELS[env]!, mulberry32(hashSeed(`${seed}:${env}`)));
        let len = 0;
        for (let k = 0; k < t.length; k++) {
          ticks++;
          if (t[k] === 0) available++;
          len++;
          if (k === t.length - 1 || t[k + 1] !== t[k]) {
            runs[t[k]!]!.push(len);
            len = 0;
          }
        }
      }
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(available / ticks - availability)).toBeLessThan(0.03);
      // Runs cut by the window edges are shorter: observed means sit a little below the model's.
      expect(Math.abs(mean(runs[0]) / meanAvail - 1)).toBeLessThan(0.15);
      expect(Math.abs(mean(runs[1]) / meanUnavail - 1)).toBeLessThan(0.15);
    }
  });

  it('go through the leaderboard selection like the real files', () => {
    const picked = selectTraces(generateSynthetic(1, EVALUATED_ENVS).envs.get(EVALUATED_ENVS[0])!, 600);
    expect(picked.map((t) => t.file.replace('.json', '')).join(' ')).toBe(
      '0 107 117 126 135 145 154 163 172 182 191 20 21 219 228 238 247 256 266 275 284 294 33 42 51 61 70 8 9 99',
    );
  });
});
