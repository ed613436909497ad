import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import type { Cell } from './contract.js';
import type { PdFrame } from './csv.js';
import { reorder as ggr } from './programs/ggr.js';
import { reorder as originalOrder } from './programs/original-order.js';
import { scoreTable } from './score.js';
import { generateTable } from './synthetic.js';
import { prepareTable, type PreparedTable } from './table.js';
import { createLlmSqlTask } from './task.js';
import { checkOutput } from './validate.js';

const small = (shape: 'beer' | 'PDMX', rows = 300): PreparedTable =>
  prepareTable(`small-${shape}`, shape, generateTable(shape, 5, rows));
const run = (p: PreparedTable, f: typeof ggr): Cell[][] => f(p.input.table, p.input.options);
const error = (p: PreparedTable, output: unknown): string => {
  const c = checkOutput(p, output);
  return 'error' in c ? c.error : 'accepted';
};

describe('llm-sql output validation (host side)', () => {
  const beer = small('beer');
  const pdmx = small('PDMX');
  const good = run(beer, ggr);

  it('accepts GGR and the original order, and any row order, cell order and member order', () => {
    expect(error(beer, good)).toBe('accepted');
    expect(error(pdmx, run(pdmx, ggr))).toBe('accepted');
    expect(error(beer, run(beer, originalOrder))).toBe('accepted');
    const shuffled = [...good].reverse().map((row) => [...row].reverse());
    expect(error(beer, shuffled)).toBe('accepted');
    // The merged cell of the original order is beerId + name; name + beerId is the same group.
    const swapped = run(beer, originalOrder).map((row, i) => {
      const u = beer.units[i]!.groups[0]!;
      return [...row.slice(0, -1), u[1]! + u[0]!];
    });
    expect(error(beer, swapped)).toBe('accepted');
    // Same text, other type: the number 7 and the string "7" print alike.
    expect(
      error(
        beer,
        good.map((row) => row.map((v) => (v === null ? null : String(v)))),
      ),
    ).toBe('accepted');
  });

  it('rejects outputs that are not rows of cells', () => {
    expect(error(beer, { hit_rate: 1 })).toMatch(/must return an array of rows/);
    expect(
      error(
        beer,
        good.map((row, i) => (i === 3 ? 'row' : row)),
      ),
    ).toMatch(/output row 3 is not an array/);
    const withObject = good.map((row, i) => (i === 0 ? [...row.slice(1), { v: row[0] }] : row));
    expect(error(beer, withObject)).toMatch(/row 0 cell \d+ is not a string, finite number/);
    const nonFinite = good.map((row, i) => (i === 0 ? [...row, { __nonFinite: 'NaN' }] : row));
    expect(error(beer, nonFinite)).toMatch(/is not a string, finite number/);
  });

  it('rejects a dropped row and a duplicated row', () => {
    expect(error(beer, good.slice(1))).toBe(`returned ${good.length - 1} rows, the table has ${good.length}`);
    const dup = [...good.slice(1), good[1]!];
    expect(error(beer, dup)).toMatch(/repeats an input row that was already returned|different characters/);
  });

  it('rejects a value moved between rows, an altered value and a re-typed value', () => {
    const moved = good.map((row) => [...row]);
    const a = moved.findIndex((row, i) => i > 0 && row[1] !== moved[0]![1]);
    [moved[0]![1], moved[a]![1]] = [moved[a]![1]!, moved[0]![1]!];
    expect(error(beer, moved)).toMatch(/different characters from every input row/);
    const altered = good.map((row, i) => (i === 5 ? row.map((v, j) => (j === 0 ? `${String(v)}x` : v)) : row));
    expect(error(beer, altered)).toMatch(/output row 5 .* different characters/);
    const retyped = good.map((row) => row.map((v) => (typeof v === 'number' ? `${v}.0` : v)));
    expect(error(beer, retyped)).toMatch(/different characters/);
  });

  it('rejects rows whose characters are kept but not their cells (the spec check allowed this)', () => {
    // Sorting each row's characters keeps its character multiset and would share long prefixes.
    const scrambled = good.map((row) => [
      row
        .map((v) => String(v))
        .join('')
        .split('')
        .sort()
        .join(''),
    ]);
    expect(error(beer, scrambled)).toMatch(/has an input row's characters but not its cells/);
    // Cells split or joined differently are the same text but not the same cells.
    const joined = good.map((row) => [row.map((v) => String(v)).join('')]);
    expect(error(beer, joined)).toMatch(/not its cells/);
  });

  it('requires each merge group as one cell, members whole, a missing member printed nan', () => {
    const unmerged = beer.input.table.rows.map((row) => [...row]);
    expect(error(beer, unmerged)).toMatch(/merge group \(beer\/beerId\+beer\/name\) as one cell/);
    const flags = run(pdmx, originalOrder).map((row, i) => {
      const members = pdmx.units[i]!.groups[1]!; // the six PDMX flags
      return [...row.slice(0, -1), ...members]; // flags left as six cells
    });
    expect(error(pdmx, flags)).toMatch(/not its cells/);
    const frame: PdFrame = generateTable('beer', 5, 50);
    const name = frame.columns.find((c) => c.name === 'beer/name')!;
    name.dtype = 'object';
    name.values[0] = null;
    const holed = prepareTable('holed', 'beer', frame);
    expect(holed.units[0]!.groups[0]!).toContain('nan');
    expect(error(holed, run(holed, originalOrder))).toBe('accepted');
    const empty = run(holed, originalOrder).map((row, i) =>
      i === 0 ? [...row.slice(0, -1), String(row.at(-1)).replace('nan', '')] : row,
    );
    expect(error(holed, empty)).toMatch(/output row 0 .* different characters/);
  });

  it('scores from the rendered rows only: the metric is recomputed on the host', () => {
    const r = scoreTable(beer, good, 1234);
    expect(r.failure).toBeUndefined();
    expect(r.metrics.runtime_s).toBe(1.234);
    expect(r.metrics.hit_rate).toBeGreaterThan(r.metrics.anchor_hit_rate!);
    const bad = scoreTable(beer, { rows: good, hit_rate: 1 }, 1);
    expect(bad.failure?.kind).toBe('invalid');
  });
});

describe('llm-sql in the sandbox', () => {
  const task = createLlmSqlTask({});
  const one = task.instances('train').filter((i) => i.id === 'synthetic-BIRD-1');
  const program = (body: string): string => `export function reorder(table, options) { ${body} }`;
  const ORIGINAL = `const g = options.colMerge.map((m) => m.map((n) => table.columns.indexOf(n)));
    const merged = new Set(g.flat());
    return table.rows.map((r) => [...r.filter((_, j) => !merged.has(j)), ...g.map((m) => m.map((j) => String(r[j])).join(''))]);`;

  it('the program sees only the table and the options: no anchor, no expected rows', () => {
    expect(Object.keys(one[0]!.data as object).sort()).toEqual(['dataset', 'options', 'table']);
    expect(Object.keys((one[0]!.data as { table: object }).table).sort()).toEqual(['columns', 'rows']);
  });

  it('cannot change its input (frozen: forbidden)', async () => {
    const e = await evaluateProgram(task, program(`table.rows[0][0] = 'x'; ${ORIGINAL}`), one);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
  });

  it('measures the run time inside the sandbox and charges it in the score', async () => {
    const fast = await evaluateProgram(task, program(ORIGINAL), one);
    const slow = await evaluateProgram(
      task,
      program(`const t = Date.now(); while (Date.now() - t < 600) {} ${ORIGINAL}`),
      one,
    );
    expect(fast.valid && slow.valid).toBe(true);
    expect(slow.metrics.runtime_s).toBeGreaterThanOrEqual(0.6);
    expect(slow.metrics.hit_rate).toBe(fast.metrics.hit_rate);
    expect(slow.score!).toBeLessThan(fast.score!);
  });

  it('an exception fails that table (hit rate 0, run time 0) but not the evaluation', async () => {
    const two = task.instances('train').filter((i) => i.id === 'synthetic-BIRD-1' || i.id === 'synthetic-PDMX-1');
    const e = await evaluateProgram(
      task,
      program(`if (table.columns.includes('path')) throw new Error('no PDMX'); ${ORIGINAL}`),
      two,
    );
    expect(e.valid).toBe(true);
    expect(e.metrics.failed_instances).toBe(1);
    expect(e.feedback).toMatch(/exception: no PDMX/);
    const bird = e.instances[0]!;
    expect(e.metrics.hit_rate).toBe(bird.metrics.hit_rate! / 2);
    expect(e.metrics.runtime_s).toBe(bird.metrics.runtime_s! / 2);
  });

  it('an invalid table makes the whole evaluation invalid, naming the table and the rule', async () => {
    const e = await evaluateProgram(task, program(`return table.rows.slice(1).map((r) => [...r]);`), one);
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/instance synthetic-BIRD-1: returned 3999 rows, the table has 4000/);
  });
});
