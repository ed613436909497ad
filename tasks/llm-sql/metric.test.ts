import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { readCsvFrame, parseCsv, inferColumn } from './csv.js';
import { prefixHits, sortedHits, trieHits } from './metric.js';
import { applyMerges, pyFloatRepr, renderRows } from './render.js';

describe('prefix hits', () => {
  it('counts the longest common prefix with any earlier row, not only the previous one', () => {
    const h = prefixHits(['abcd', 'xyz', 'abef', 'abcdz', 'ab']);
    expect(Array.from(h.perRow)).toEqual([0, 0, 2, 4, 2]);
    expect(h.hitCount).toBe(8);
    expect(h.totalChars).toBe(4 + 3 + 4 + 5 + 2);
    expect(h.hitRate).toBe(((8 / 18) * 100) / 100);
  });

  it('the sorted-neighbour method equals the trie on random rows', () => {
    let x = 7;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 20; trial++) {
      const rows = Array.from({ length: 300 }, () =>
        Array.from({ length: next() % 9 }, () => 'abc'[next() % 3]).join(''),
      );
      const a = trieHits(rows);
      const b = sortedHits(rows);
      expect(Array.from(b.perRow)).toEqual(Array.from(a.perRow));
      expect(b.hitCount).toBe(a.hitCount);
    }
  });

  it('lengths and prefixes are in code points (an astral character counts once)', () => {
    const h = prefixHits(['a😀b', 'a😀c', 'a😁']);
    expect(h.totalChars).toBe(8);
    // '😀' and '😁' share their high surrogate but are different characters.
    expect(Array.from(h.perRow)).toEqual([0, 2, 1]);
  });

  it('the total does not depend on the row order (it is total length minus distinct prefixes)', () => {
    const rows = ['beer1style', 'beer1other', 'beer2style', 'beer1style', 'b'];
    const reversed = [...rows].reverse();
    expect(prefixHits(reversed).hitCount).toBe(prefixHits(rows).hitCount);
  });
});

describe('Python/pandas text', () => {
  it('prints floats as Python repr does', () => {
    const cases: [number, string][] = [
      [2.5, '2.5'],
      [13, '13.0'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [-0, '-0.0'],
      [0.1, '0.1'],
      [1e-4, '0.0001'],
      [1e-5, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [7.125, '7.125'],
      [1.2345678901234568e17, '1.2345678901234568e+17'],
      [NaN, 'nan'],
      [-Infinity, '-inf'],
    ];
    for (const [x, s] of cases) expect(pyFloatRepr(x)).toBe(s);
  });

  it('types columns as read_csv does', () => {
    expect(inferColumn('a', ['1', '2', '007']).dtype).toBe('int64');
    expect(inferColumn('a', ['1', '2', '007']).values).toEqual([1, 2, 7]);
    expect(inferColumn('a', ['1', '', '3']).dtype).toBe('float64');
    expect(inferColumn('a', ['2.50', '1e16', '-0.0']).values).toEqual([2.5, 1e16, -0]);
    expect(inferColumn('a', ['True', 'false']).dtype).toBe('bool');
    expect(inferColumn('a', ['True', 'NA']).dtype).toBe('object');
    expect(inferColumn('a', ['x', 'null', 'None']).values).toEqual(['x', null, null]);
    expect(inferColumn('a', ['12345678901234567890', '1']).values).toEqual(['12345678901234567890', 1]);
  });

  it('parses quoted fields with commas, quotes and newlines, and skips blank lines', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n\n"multi\nline",2\n', 't')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(() => parseCsv('a\n"open', 't.csv')).toThrow(/t\.csv: a quoted field is not closed/);
  });
});

interface QuirkVectors {
  metric_quirk_vectors: Record<string, { hit_count?: number; hit_rate?: number; first_rows_rendered: string[] }>;
}

describe.runIf(sharedAvailable('data/llm-sql') && sharedAvailable('golden/llm-sql.json'))(
  'the renderer and metric reproduce the golden quirk vectors (quirks_small.csv)',
  () => {
    const golden = JSON.parse(readFileSync(goldenPath('llm-sql'), 'utf8')) as QuirkVectors;
    const v = golden.metric_quirk_vectors;
    const file = join(DATA_ROOT, 'llm-sql', 'quirks_small.csv');
    const frame = readCsvFrame(readFileSync(file, 'utf8'), file);
    const only = (names: string[]) => ({ ...frame, columns: frame.columns.filter((c) => names.includes(c.name)) });

    it('identity: ints with gaps print as floats, -0.0, 1e+16, bools, missing strings empty', () => {
      const rows = renderRows(frame);
      expect(rows.slice(0, 12)).toEqual(v.identity!.first_rows_rendered);
      const h = prefixHits(rows);
      expect(h.hitCount).toBe(v.identity!.hit_count);
      expect(h.hitRate).toBe(v.identity!.hit_rate);
    });

    it('a merge prints a missing member as nan and the merged column goes last', () => {
      const merged = applyMerges(frame, [['maybe_int', 'txt']]);
      expect(merged.columns.map((c) => c.name)).toEqual(['grp', 'flt', 'flag', 'pair', 'maybe_int_txt']);
      const rows = renderRows(merged);
      expect(rows.slice(0, 12)).toEqual(v.merge_maybe_int_txt!.first_rows_rendered);
      expect(prefixHits(rows).hitCount).toBe(v.merge_maybe_int_txt!.hit_count);
      expect(prefixHits(rows).hitRate).toBe(v.merge_maybe_int_txt!.hit_rate);
    });

    it('an all-numeric frame prints its integers as floats; an all-int frame does not', () => {
      const rows = renderRows(only(['grp', 'maybe_int', 'flt']));
      expect(rows.slice(0, 6)).toEqual(v.numeric_only_grp_maybe_int_flt!.first_rows_rendered);
      expect(prefixHits(rows).hitCount).toBe(v.numeric_only_grp_maybe_int_flt!.hit_count);
      expect(prefixHits(rows).hitRate).toBe(v.numeric_only_grp_maybe_int_flt!.hit_rate);
      expect(renderRows(only(['grp'])).slice(0, 3)).toEqual(v.int_only_grp!.first_rows_rendered);
    });
  },
);
