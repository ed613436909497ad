import { describe, expect, it } from 'vitest';
import { PyRandom } from '../../src/core/cpython-random.js';

// Expected values printed by CPython 3.11 (`import random; random.seed(...)`).
describe('PyRandom reproduces CPython random', () => {
  it('random() after seed(42), seed(0) and a two-word seed', () => {
    const r = new PyRandom(42);
    expect([r.random(), r.random(), r.random()]).toEqual([
      0.6394267984578837, 0.025010755222666936, 0.27502931836911926,
    ]);
    expect(new PyRandom(0).random()).toBe(0.8444218515250481);
    expect(new PyRandom(123456789012).random()).toBe(0.37701448538609916);
  });

  it('getrandbits, choice and uniform share one stream', () => {
    const r = new PyRandom(42);
    expect([r.getrandbits(1), r.getrandbits(7), r.getrandbits(32)]).toEqual([1, 14, 107420369]);
    expect(Array.from({ length: 6 }, () => r.choice(['a', 'b', 'c', 'd']))).toEqual(['c', 'b', 'b', 'b', 'a', 'a']);
    expect(r.uniform(0.98, 1.02)).toBe(1.0036197004979617);
  });

  it('sample(range(40), 30) uses the pool method', () => {
    const r = new PyRandom(7);
    expect(
      r.sample(
        Array.from({ length: 40 }, (_, i) => i),
        30,
      ),
    ).toEqual([
      20, 9, 25, 3, 4, 34, 6, 23, 36, 29, 16, 33, 1, 2, 13, 37, 26, 7, 32, 17, 24, 27, 31, 22, 18, 38, 14, 28, 0, 39,
    ]);
    expect(() => r.sample([1, 2], 3)).toThrow(/larger than population/);
  });
});
