import { describe, expect, it } from 'vitest';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { generateSyntheticSet, warmKeyProbability } from './synthetic.js';
import { parseTransactions } from './simulate.js';
import { prepareSet } from './score.js';
import { createTxnSchedulingTask, TEST_INSTANCES, TRAIN_INSTANCES } from './task.js';
import type { TxnInstanceData } from './contract.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const sets = SEEDS.map(generateSyntheticSet);

describe('synthetic workload generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSyntheticSet(3)).toEqual(generateSyntheticSet(3));
    expect(generateSyntheticSet(3).workloads[0]!.txns).not.toEqual(generateSyntheticSet(4).workloads[0]!.txns);
  });

  it('type 1: 100 txns of 16 distinct keys, keys 1-4 always, the spec mix of warm, tail and writes', () => {
    let ops = 0;
    let writes = 0;
    let warmOrHot = 0;
    const included = new Map<number, number>();
    for (const set of sets) {
      const p = parseTransactions(set.workloads[0]!.txns);
      expect(p.txnLengths).toEqual(Array<number>(100).fill(16));
      for (const list of p.ops) {
        const keys = list.map((o) => Number(o.key));
        expect(new Set(keys).size).toBe(16);
        for (const k of [1, 2, 3, 4]) expect(keys).toContain(k);
        for (const k of keys) {
          expect(Number.isInteger(k) && k >= 1 && k <= 5000).toBe(true);
          included.set(k, (included.get(k) ?? 0) + 1);
          if (k <= 20) warmOrHot++;
        }
        ops += list.length;
        writes += list.filter((o) => o.type === 'w').length;
      }
    }
    const txns = sets.length * 100;
    expect(Math.abs(writes / ops - 0.55)).toBeLessThan(0.01);
    // 4 hot + sum of the warm probabilities (8.4) of 16 keys: 77.5% on keys 1..20.
    expect(Math.abs(warmOrHot / ops - 0.775)).toBeLessThan(0.01);
    for (const k of [5, 10, 15, 20]) {
      expect(Math.abs(included.get(k)! / txns - warmKeyProbability(k))).toBeLessThan(0.03);
    }
    expect(warmKeyProbability(5)).toBeCloseTo(0.9, 12);
    expect(warmKeyProbability(20)).toBeCloseTo(0.15, 12);
    // Log-uniform tail: dense just above 20, still reaching into the thousands.
    const tail = [...included.keys()].filter((k) => k > 20);
    expect(tail.filter((k) => k < 100).length).toBeGreaterThan(40);
    expect(tail.filter((k) => k >= 1000).length).toBeGreaterThan(100);
  });

  it('type 2 and type 3 follow the reference templates exactly', () => {
    for (const set of sets) {
      set.workloads[1]!.txns.forEach((t, i) => {
        const m = i < 50 ? /^r-(\d+) r-(\d+) w-\2( \*){18}$/.exec(t) : /^r-(\d+) w-\1 r-(\d+) w-\2 \*$/.exec(t);
        expect(m, t).not.toBeNull();
        const [a, b] = [Number(m![1]), Number(m![2])];
        expect(b >= 11 && b <= 50 && a === Math.floor((b - 1) / 10)).toBe(true);
      });
      set.workloads[2]!.txns.forEach((t, i) => {
        const m = /^r-(\d+)( \*){7} w-(\d+)$/.exec(t);
        expect(m, t).not.toBeNull();
        const [a, b] = [Number(m![1]), Number(m![3])];
        const [lo, hi] = i < 50 ? [1, 6] : [6, 1];
        expect(a >= lo && a <= lo + 4 && b >= hi && b <= hi + 4).toBe(true);
      });
    }
  });

  it('has sequential makespans in the range of the real workloads (452 / 38 / 47)', () => {
    const seq = sets.map((s) => prepareSet(s).sequential);
    const mean = (i: number) => seq.reduce((a, s) => a + s[i]!, 0) / seq.length;
    expect(mean(0)).toBeGreaterThan(400);
    expect(mean(0)).toBeLessThan(520);
    expect(mean(1)).toBeGreaterThan(33);
    expect(mean(1)).toBeLessThan(48);
    expect(mean(2)).toBeGreaterThan(36);
    expect(mean(2)).toBeLessThan(52);
    for (const s of sets) expect(prepareSet(s).lowerBound).toBe(46);
  });
});

describe('task instances and split', () => {
  it('without data: one fresh synthetic set per instance, 10 train and 20 test, seeded by dataSeed', () => {
    const task = createTxnSchedulingTask({});
    const train = task.instances('train');
    const test = task.instances('test');
    expect([train.length, test.length]).toEqual([TRAIN_INSTANCES, TEST_INSTANCES]);
    const names = [...train, ...test].map((i) => (i.data as TxnInstanceData).set);
    expect(new Set(names).size).toBe(30);
    expect(names[0]).toBe('synthetic-1');
    expect(task.dataSource).toMatch(/synthetic workload sets, generator seeds 1\.\.30/);
    const other = createTxnSchedulingTask({ dataSeed: 500 });
    expect((other.instances('train')[0]!.data as TxnInstanceData).set).toBe('synthetic-500');
    expect(task.programs[task.defaultSeed]).toBeDefined();
    expect(task.programs[task.humanSota!]).toBeDefined();
  });

  it.runIf(sharedAvailable('data/txn-scheduling'))(
    'with data: the real set, generator seeds 0..9 train, 10..29 test',
    () => {
      const task = createTxnSchedulingTask({ dataDir: DATA_ROOT });
      const seeds = (split: 'train' | 'test') => task.instances(split).map((i) => (i.data as TxnInstanceData).seed);
      expect(seeds('train')).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(seeds('test')).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
      expect(task.instances('test').every((i) => (i.data as TxnInstanceData).set === 'real')).toBe(true);
      expect(task.dataSource).toMatch(/real workloads from .*workload_1\.json/);
    },
  );
});
