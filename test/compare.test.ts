import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../src/compare/run.js';
import { tempDir } from './helpers.js';

describe('adrs compare', () => {
  it('runs every strategy × seed at the same budget and writes the table, the plot and the data', async () => {
    const out = tempDir();
    const result = await runCompare({
      task: 'prism',
      strategies: ['openevolve', 'gepa'],
      seeds: 2,
      evaluations: 12,
      workers: 2,
      out,
    });
    for (const f of ['compare.md', 'compare.svg', 'compare.json']) expect(existsSync(join(out, f))).toBe(true);
    for (const s of ['openevolve-s1', 'openevolve-s2', 'gepa-s1', 'gepa-s2'])
      expect(existsSync(join(out, 'runs', s, 'run.db'))).toBe(true);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(md).toMatch(/\| openevolve \| 2 \|/);
    expect(md).toMatch(/\| openevolve vs gepa \|/);
    expect(md).toMatch(/not reached/);
    const svg = readFileSync(join(out, 'compare.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    // Every run's curve stays within the budget.
    for (const s of result.strategies)
      for (const c of s.curves) expect(c.at(-1)!.evaluations).toBeLessThanOrEqual(12 + 1e-9);
    expect(result.pairs[0]).toMatchObject({ a: 'openevolve', b: 'gepa', n: 2, exact: true });
  }, 120_000);
});
