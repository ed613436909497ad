import { describe, expect, it } from 'vitest';
import { COLUMNS, MERGES, SHAPES, type Shape } from './contract.js';
import { readCsvFrame, type PdFrame } from './csv.js';
import { pyStr } from './render.js';
import { generateTable, SYNTHETIC_ROWS } from './synthetic.js';
import { syntheticTables } from './data.js';

const distinct = (f: PdFrame, name: string): number => new Set(f.columns.find((c) => c.name === name)!.values).size;
const share = (f: PdFrame, name: string): number =>
  f.columns.find((c) => c.name === name)!.values.filter((v) => v === true).length / f.rows;
const meanLength = (f: PdFrame, name: string): number => {
  const c = f.columns.find((x) => x.name === name)!;
  return c.values.reduce((n: number, v) => n + pyStr(v, c.dtype).length, 0) / f.rows;
};

/** CSV text of a frame as pandas' to_csv would write it (quotes only where needed). */
function toCsv(f: PdFrame): string {
  const q = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [f.columns.map((c) => q(c.name)).join(',')];
  for (let i = 0; i < f.rows; i++) lines.push(f.columns.map((c) => q(pyStr(c.values[i]!, c.dtype))).join(','));
  return lines.join('\n') + '\n';
}

describe('synthetic tables', () => {
  const tables = new Map<Shape, PdFrame>(SHAPES.map((s) => [s, generateTable(s, 1)]));

  it('are deterministic for a seed and differ between seeds', () => {
    expect(generateTable('BIRD', 1)).toEqual(tables.get('BIRD'));
    expect(generateTable('BIRD', 2).columns[1]!.values.slice(0, 5)).not.toEqual(
      tables.get('BIRD')!.columns[1]!.values.slice(0, 5),
    );
  });

  it('have the reference shapes: columns, row counts, and are typed as read_csv types their CSV text', () => {
    for (const [shape, f] of tables) {
      expect(f.columns.map((c) => c.name)).toEqual(COLUMNS[shape]);
      expect(f.rows).toBe(SYNTHETIC_ROWS[shape]);
      const back = readCsvFrame(toCsv(f), `${shape}.csv`);
      expect(back.columns.map((c) => c.dtype)).toEqual(f.columns.map((c) => c.dtype));
      expect(back.columns.map((c) => c.values)).toEqual(f.columns.map((c) => c.values));
      // No missing values and no float columns (spec §3: keeps the reference GGR's typing stable).
      expect(f.columns.every((c) => c.dtype !== 'float64' && c.values.every((v) => v !== null))).toBe(true);
    }
  });

  it('merge groups are 1:1 (equal distinct counts, as GGR requires)', () => {
    for (const [shape, f] of tables) {
      for (const group of MERGES[shape]) {
        if (group.length > 2) continue; // the six PDMX flags are independent booleans
        const counts = group.map((name) => distinct(f, name));
        expect(new Set(counts).size, `${shape} ${group.join('+')}`).toBe(1);
        const pairs = new Set(
          Array.from({ length: f.rows }, (_, i) =>
            group.map((name) => String(f.columns.find((c) => c.name === name)!.values[i])).join('\u0000'),
          ),
        );
        expect(pairs.size).toBe(counts[0]);
      }
    }
  });

  it('match the documented statistics (README table)', () => {
    const beer = tables.get('beer')!;
    expect(distinct(beer, 'beer/name')).toBeGreaterThan(760);
    expect(distinct(beer, 'beer/name')).toBeLessThanOrEqual(800);
    expect(distinct(beer, 'beer/style')).toBeLessThanOrEqual(44);
    expect(distinct(beer, 'review/profileName') / beer.rows).toBeCloseTo(0.17, 1);
    expect(meanLength(beer, 'beer/name')).toBeGreaterThan(22);
    expect(distinct(beer, 'review/overall')).toBe(20);
    const movies = tables.get('movies')!;
    expect(distinct(movies, 'reviewcontent')).toBe(movies.rows);
    expect(distinct(movies, 'movietitle')).toBeLessThanOrEqual(150);
    expect(share(movies, 'topcritic')).toBeCloseTo(0.25, 1);
    const bird = tables.get('BIRD')!;
    expect(distinct(bird, 'CommentId')).toBe(bird.rows);
    expect(distinct(bird, 'PostId')).toBeGreaterThan(330);
    expect(distinct(bird, 'PostId')).toBeLessThanOrEqual(380);
    expect(meanLength(bird, 'Body')).toBeGreaterThan(200);
    const pdmx = tables.get('PDMX')!;
    expect(distinct(pdmx, 'path')).toBe(pdmx.rows);
    expect(share(pdmx, 'hasmetadata')).toBeCloseTo(0.79, 1);
    expect(share(pdmx, 'isdraft')).toBeCloseTo(0.047, 1);
    expect(
      pdmx.columns.find((c) => c.name === 'composername')!.values.filter((v) => v === 'Unknown').length / pdmx.rows,
    ).toBeCloseTo(0.3, 1);
    const products = tables.get('products')!;
    expect(distinct(products, 'user_id')).toBe(products.rows);
    expect(distinct(products, 'parent_asin')).toBeLessThanOrEqual(250);
    expect(share(products, 'verified_purchase')).toBeCloseTo(0.8, 1);
  });

  it('score low in their original order, as the reference tables do (anchor hit rates)', () => {
    const anchors = syntheticTables(1).map((t) => t.anchor.hitRate);
    for (const a of anchors) expect(a).toBeLessThan(0.15);
    expect(anchors.reduce((x, y) => x + y, 0) / anchors.length).toBeLessThan(0.06);
  });
});
