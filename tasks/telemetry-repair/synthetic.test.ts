import { describe, expect, it } from 'vitest';
import type { CleanSnapshot } from './contract.js';
import { generateCases, generateSnapshots, LINKS, ROUTERS, SNAPSHOTS } from './synthetic.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function stats(snapshots: CleanSnapshot[]) {
  const rates: number[] = [];
  const asymmetry: number[] = [];
  const imbalance: number[] = [];
  for (const s of snapshots) {
    const byId = new Map(s.interfaces.map((i) => [i.id, i]));
    for (const i of s.interfaces) {
      rates.push(i.txRate);
      const p = byId.get(`${i.remoteRouter}_to_${i.localRouter}`)!;
      const m = Math.max(i.txRate, p.rxRate);
      if (m > 1) asymmetry.push(Math.abs(i.txRate - p.rxRate) / m);
    }
    for (const r of ROUTERS) {
      const mine = s.interfaces.filter((i) => i.localRouter === r);
      const inSum = mine.reduce((a, i) => a + i.rxRate, 0);
      const outSum = mine.reduce((a, i) => a + i.txRate, 0);
      imbalance.push(Math.abs(inSum - outSum) / Math.max(inSum, outSum));
    }
  }
  return { rates, asymmetry, imbalance };
}

describe('synthetic Abilene snapshots', () => {
  it('have the real shape: 40 snapshots x 30 interfaces in interface order, every interface with its peer', () => {
    const snaps = generateSnapshots(42);
    expect(snaps.length).toBe(SNAPSHOTS);
    for (const s of snaps) {
      expect(s.interfaces.length).toBe(2 * LINKS.length);
      const ids = s.interfaces.map((i) => i.id);
      expect(ids).toEqual([...ids].sort());
      for (const i of s.interfaces) expect(ids).toContain(`${i.remoteRouter}_to_${i.localRouter}`);
    }
    expect(snaps[0]!.interfaces[0]!.id).toBe('ATLAM5_to_ATLAng');
  });

  it('are deterministic for a seed and differ between seeds', () => {
    expect(generateCases(7)).toEqual(generateCases(7));
    expect(generateSnapshots(7)).not.toEqual(generateSnapshots(8));
  });

  it('match the real statistics documented in the README (over seeds 1..10)', () => {
    const all = Array.from({ length: 10 }, (_, k) => stats(generateSnapshots(k + 1)));
    const rates = all.flatMap((s) => s.rates);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    // Real: median 175, mean 222 Mbps; |asymmetry| median 1.17 %, max 3.8 %; router imbalance median 14 %.
    expect(median(rates)).toBeGreaterThan(120);
    expect(median(rates)).toBeLessThan(230);
    expect(mean).toBeGreaterThan(180);
    expect(mean).toBeLessThan(280);
    const asym = all.flatMap((s) => s.asymmetry);
    expect(median(asym)).toBeGreaterThan(0.009);
    expect(median(asym)).toBeLessThan(0.014);
    expect(Math.max(...asym)).toBeLessThanOrEqual(0.0401);
    const imb = all.flatMap((s) => s.imbalance);
    expect(median(imb)).toBeGreaterThan(0.07);
    expect(median(imb)).toBeLessThan(0.25);
  });

  it('cases follow the reference perturbation model: bug types, fault rates, noise', () => {
    const cases = Array.from({ length: 20 }, (_, k) => generateCases(100 + k)).flat();
    const types = new Map<string, number>();
    for (const c of cases) types.set(c.bugType, (types.get(c.bugType) ?? 0) + 1);
    for (const n of types.values()) expect(n / cases.length).toBeGreaterThan(0.18); // about 1/4 each
    let zeroed = 0;
    let interfaces = 0;
    const noise: number[] = [];
    for (const c of cases.filter((k) => k.bugType === 'dropped')) {
      for (const [id, t] of Object.entries(c.input.telemetry)) {
        interfaces++;
        if (t.rxRate === 0 && t.txRate === 0) zeroed++;
        else if (c.truth[id]!.rxRate > 0) noise.push(t.rxRate / c.truth[id]!.rxRate);
      }
    }
    expect(zeroed / interfaces).toBeGreaterThan(0.15);
    expect(zeroed / interfaces).toBeLessThan(0.25);
    expect(Math.min(...noise)).toBeGreaterThanOrEqual(0.98);
    expect(Math.max(...noise)).toBeLessThanOrEqual(1.02);
  });
});
