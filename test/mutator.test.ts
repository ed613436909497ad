import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRng } from '../src/core/rng.js';
import { packageRoot } from '../src/core/paths.js';
import { parseError } from '../src/propose/offline/ast.js';
import { crossover } from '../src/propose/offline/crossover.js';
import { mutate } from '../src/propose/offline/mutator.js';
import { outsideBlocksChange } from '../src/propose/edit/evolve-block.js';

const seed = readFileSync(join(packageRoot(), 'tasks/prism/programs/naive-first-fit.ts'), 'utf8');

describe('offline mutator', () => {
  it('always produces code that parses and only changes the evolve block', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const child = mutate(seed, deriveRng(1, 'm', i), 1 + (i % 3));
      expect(child).toBeDefined();
      expect(parseError(child!.source)).toBeUndefined();
      expect(outsideBlocksChange(seed, child!.source)).toBeUndefined();
      for (const c of child!.changes) kinds.add(c.replace(/^line \d+: /, '').split(' ')[0]!);
    }
    // numeric, operator, negation, deletion, duplication, swap and identifier edits all occur
    for (const k of ['constant', 'operator', 'condition', 'deleted', 'duplicated', 'swapped'])
      expect(kinds).toContain(k);
  });

  it('is deterministic for a seed', () => {
    const a = mutate(seed, deriveRng(5, 'x'), 3);
    const b = mutate(seed, deriveRng(5, 'x'), 3);
    expect(a).toEqual(b);
    expect(mutate(seed, deriveRng(6, 'x'), 3)).not.toEqual(a);
  });

  it('perturbs numeric constants keeping integers integral', () => {
    const src = '// EVOLVE-BLOCK-START\nexport const limit = 80;\nexport const rate = 0.25;\n// EVOLVE-BLOCK-END\n';
    for (let i = 0; i < 50; i++) {
      const child = mutate(src, deriveRng(2, i), 1, {
        numeric: 1,
        operator: 0,
        negate: 0,
        delete: 0,
        duplicate: 0,
        swap: 0,
        identifier: 0,
        grow: 0,
        'math-call': 0,
      });
      const limit = /limit = \(?(-?[\d.e+-]+)\)?;/.exec(child!.source)![1]!;
      if (child!.changes[0]!.includes('80 ->')) expect(Number.isInteger(Number(limit))).toBe(true);
    }
  });

  it('crossover takes a differing unit from the second parent', () => {
    const a =
      '// EVOLVE-BLOCK-START\nfunction f(x: number) {\n  const y = x + 1;\n  return y;\n}\n// EVOLVE-BLOCK-END\n';
    const b = a.replace('x + 1', 'x * 2');
    const child = crossover(a, b, deriveRng(3));
    expect(child?.source).toContain('x * 2');
    expect(crossover(a, a, deriveRng(3))).toBeUndefined();
  });
});
