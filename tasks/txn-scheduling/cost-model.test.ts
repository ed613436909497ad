import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { PyRandom } from '../../src/core/cpython-random.js';
import { generateSyntheticSet, loadRealSet } from './data.js';
import { IncrementalMakespan } from './incremental.js';
import { referenceMakespan } from './reference-model.js';
import { compileWorkload, MakespanModel, parseTransactions, type ParsedWorkload } from './simulate.js';

interface GoldenWorkload {
  txn_lengths: number[];
  identity_makespan: number;
  reversed_makespan: number;
  identity_prefix_makespans: number[];
  singleton_makespans: number[];
  random_permutations: { schedule: number[]; makespan: number }[];
}

const hasData = sharedAvailable('data/txn-scheduling') && sharedAvailable('golden/txn-scheduling.json');
const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe.runIf(hasData)('cost model against the reference numbers', () => {
  const golden = JSON.parse(readFileSync(goldenPath('txn-scheduling'), 'utf8')) as {
    cost_model_checks: Record<string, GoldenWorkload>;
    programs: { smf_seed_program: { seed42_orders: { orders: number[][]; makespans: number[] } } };
  };
  const set = loadRealSet(join(DATA_ROOT, 'txn-scheduling'));
  const parsed = set.workloads.map((w) => parseTransactions(w.txns, w.name));

  it.each([0, 1, 2])('workload %i: lengths, identity, reversed, prefixes, singletons, permutations', (i) => {
    const g = golden.cost_model_checks[`workload_${i + 1}`]!;
    const p = parsed[i]!;
    const host = new MakespanModel(compileWorkload(p));
    const oracle = new IncrementalMakespan(compileWorkload(p));
    expect(p.txnLengths).toEqual(g.txn_lengths);
    for (const m of [host, oracle]) {
      expect(m.makespan(ids(100))).toBe(g.identity_makespan);
      expect(m.makespan(ids(100).reverse())).toBe(g.reversed_makespan);
      expect(ids(100).map((k) => m.makespan(ids(k + 1)))).toEqual(g.identity_prefix_makespans);
      expect(ids(100).map((t) => m.makespan([t]))).toEqual(g.singleton_makespans);
      for (const r of g.random_permutations) expect(m.makespan(r.schedule)).toBe(r.makespan);
    }
    expect(referenceMakespan(p, ids(100))).toBe(g.identity_makespan);
    for (const r of g.random_permutations) expect(referenceMakespan(p, r.schedule)).toBe(r.makespan);
  });

  it('the SMF seed-42 orders have the golden makespans', () => {
    const s42 = golden.programs.smf_seed_program.seed42_orders;
    const got = s42.orders.map((o, i) => new MakespanModel(compileWorkload(parsed[i]!)).makespan(o));
    expect(got).toEqual(s42.makespans);
    expect(got).toEqual([244, 55, 53]);
  });
});

/** Random sequences that share prefixes, shrink, repeat ids: the oracle's cache paths. */
function agreeOnRandomStreams(p: ParsedWorkload, seed: number, calls: number): void {
  const rng = new PyRandom(seed);
  const host = new MakespanModel(compileWorkload(p));
  const oracle = new IncrementalMakespan(compileWorkload(p));
  const n = p.txnLengths.length;
  let seq: number[] = [rng.randbelow(n)];
  for (let c = 0; c < calls; c++) {
    const move = rng.randbelow(6);
    if (move === 0)
      seq = [...seq, rng.randbelow(n)]; // extend
    else if (move === 1)
      seq = seq.slice(0, 1 + rng.randbelow(seq.length)); // cut back
    else if (move === 2 && seq.length > 1)
      seq = [...seq.slice(0, -1), rng.randbelow(n)]; // swap the tail
    else if (move === 3)
      seq = ids(1 + rng.randbelow(2 * n)).map(() => rng.randbelow(n)); // fresh, repeats
    else if (move === 4) {
      const i = rng.randbelow(seq.length);
      seq = [...seq];
      seq[i] = rng.randbelow(n); // change one position
    } else seq = [...seq, ...seq.slice(0, rng.randbelow(seq.length))]; // repeat a prefix
    const expected = referenceMakespan(p, seq);
    expect(host.makespan(seq)).toBe(expected);
    expect(oracle.makespan(seq)).toBe(expected);
  }
}

describe('the fast models equal the literal lock-list model', () => {
  it('on synthetic workloads of all three types', () => {
    const set = generateSyntheticSet(7);
    set.workloads.forEach((w, i) => agreeOnRandomStreams(parseTransactions(w.txns), 100 + i, 400));
  });

  it.runIf(hasData)('on the real workloads', () => {
    const set = loadRealSet(join(DATA_ROOT, 'txn-scheduling'));
    set.workloads.forEach((w, i) => agreeOnRandomStreams(parseTransactions(w.txns), 200 + i, 400));
  });

  it('handles a key touched twice by one transaction and shared reads', () => {
    // txn0 reads then writes key a; txn1 and txn2 only read a; txn3 writes it.
    const p = parseTransactions(['r-a w-a', 'r-a *', '* r-a', 'w-a']);
    const host = new MakespanModel(compileWorkload(p));
    for (const seq of [
      [0, 1, 2, 3],
      [1, 2, 0, 3],
      [1, 2, 3],
      [2, 1],
      [3, 3, 1, 1],
      [0, 0],
    ]) {
      expect(host.makespan(seq)).toBe(referenceMakespan(p, seq));
    }
    expect(host.makespan([1, 2])).toBe(2); // two reads never wait for each other
    expect(host.makespan([1, 3])).toBe(2); // the write waits for the read at slot 1
  });

  it('the oracle refuses re-entry from a list that calls it back, and stays exact', () => {
    const p = parseTransactions(generateSyntheticSet(3).workloads[0]!.txns);
    const oracle = new IncrementalMakespan(compileWorkload(p));
    oracle.makespan([5, 6, 7, 8]);
    const sneaky = new Proxy([1, 2, 3], {
      get: (target, key): unknown => (key === '1' ? oracle.makespan([9, 9]) : (Reflect.get(target, key) as unknown)),
    });
    expect(() => oracle.makespan(sneaky)).toThrow(/not re-entrant/);
    for (const seq of [
      [5, 6, 7],
      [1, 2, 3],
      [5, 6, 7, 8, 1],
    ])
      expect(oracle.makespan(seq)).toBe(referenceMakespan(p, seq));
  });

  it('rejects empty sequences and ids outside the workload', () => {
    const p = parseTransactions(['r-1', 'w-1']);
    for (const m of [new MakespanModel(compileWorkload(p)), new IncrementalMakespan(compileWorkload(p))]) {
      expect(() => m.makespan([])).toThrow(/empty/);
      expect(() => m.makespan([0, 2])).toThrow(/element 1 \(2\) is not a transaction id in 0\.\.1/);
      expect(() => m.makespan([0.5])).toThrow(/not a transaction id/);
      expect(() => m.makespan(['1' as unknown as number])).toThrow(/not a transaction id/);
    }
  });
});
