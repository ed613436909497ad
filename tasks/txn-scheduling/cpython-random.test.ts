import { describe, expect, it } from 'vitest';
import { bitLength, PyRandom } from '../../src/core/cpython-random.js';

describe('PyRandom reproduces CPython random', () => {
  it('matches the check values of the spec after seed(42)', () => {
    const r = new PyRandom(42);
    expect([r.nextU32(), r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([
      2746317213, 478163327, 107420369, 3184935163,
    ]);
    expect(new PyRandom(42).random()).toBe(0.6394267984578837);
    const s = new PyRandom(42);
    expect(s.randint(0, 99)).toBe(81);
    expect(s.randint(0, 98)).toBe(14);
  });

  it('matches CPython 3.11.7 on other seeds and on wide draws', () => {
    // random.seed(2**40 + 7); getrandbits(32), random(), randint(0, 10**12), getrandbits(45)
    const r = new PyRandom(2 ** 40 + 7);
    expect(r.getrandbits(32)).toBe(2635837658);
    expect(r.random()).toBe(0.7473242567100844);
    expect(r.randint(0, 10 ** 12)).toBe(629811958337);
    expect(r.getrandbits(45)).toBe(16744813026691);
    // random.seed(0): getrandbits(32) -> 3626764237; randint(1, 1) -> 1
    const z = new PyRandom(0);
    expect(z.getrandbits(32)).toBe(3626764237);
    expect(z.randint(1, 1)).toBe(1);
  });

  it('seeds by |n| like CPython and differs between seeds', () => {
    expect(new PyRandom(-42).random()).toBe(new PyRandom(42).random());
    expect(new PyRandom(1).random()).not.toBe(new PyRandom(2).random());
  });

  it('bit lengths and argument checks', () => {
    expect([1, 2, 3, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 33 - 1, 2 ** 33].map(bitLength)).toEqual([
      1, 2, 2, 8, 9, 32, 33, 33, 34,
    ]);
    const r = new PyRandom(1);
    expect(() => r.randint(3, 2)).toThrow(/empty range/);
    expect(() => r.randint(0.5, 2)).toThrow(/safe integers/);
    expect(() => r.getrandbits(54)).toThrow(/0\.\.53/);
    expect(() => new PyRandom(1.5)).toThrow(/safe integer/);
  });
});
