// Seeded shape-alikes of the five reference tables (spec §3), built as typed
// columns exactly as pandas.read_csv would type their CSV text: pseudo-word
// strings, int64 and bool columns, no missing values, no floats. Entities
// (beers, movies, posts, products) have skewed popularity, their attribute
// columns are functions of the entity (the merge groups are 1:1), and rows are
// shuffled, so the original order scores low as on the real data.
import { MT19937 } from '../../src/core/mt19937.js';
import type { Shape } from './contract.js';
import type { Dtype, PdColumn, PdFrame, PyValue } from './csv.js';

/**
 * Rows per generated table. Beer has 16,000 rows (real: 28,479): enough for its
 * short rating columns to outrank the beer name on rows per value, as on the
 * real table, at about half the cost.
 */
export const SYNTHETIC_ROWS: Readonly<Record<Shape, number>> = {
  movies: 6000,
  beer: 16000,
  BIRD: 4000,
  PDMX: 5000,
  products: 5000,
};

const SYLLABLES = ['ba', 'de', 'fi', 'go', 'ku', 'la', 'me', 'no', 'pi', 'ru', 'sa', 'te', 'vo', 'xi', 'yu', 'zo'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

class Gen {
  private readonly rng: MT19937;
  constructor(seed: number) {
    this.rng = new MT19937(seed);
  }
  /** Integer in [lo, hi] (both ends). */
  int(lo: number, hi: number): number {
    return this.rng.randint(lo, hi + 1);
  }
  /** Uniform in [0, 1) with 2^-24 resolution (integer draws only, portable). */
  unit(): number {
    return this.rng.randint(0, 1 << 24) / (1 << 24);
  }
  chance(p: number): boolean {
    return this.unit() < p;
  }
  /** Index in [0, n) skewed toward 0: floor(n * u^power). */
  skewed(n: number, power: number): number {
    return Math.min(n - 1, Math.floor(n * this.unit() ** power));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  word(): string {
    let w = '';
    for (let k = this.int(1, 3); k > 0; k--) w += this.pick(SYLLABLES);
    return w;
  }
  words(lo: number, hi: number): string {
    return Array.from({ length: this.int(lo, hi) }, () => this.word()).join(' ');
  }
  title(lo: number, hi: number): string {
    return Array.from({ length: this.int(lo, hi) }, () => capital(this.word())).join(' ');
  }
  code(n: number): string {
    let s = '';
    for (let k = 0; k < n; k++) s += ALNUM[this.int(0, ALNUM.length - 1)];
    return s;
  }
  /** `count` distinct values from `make` (retries on repeats, so entity keys are 1:1). */
  distinct<T extends string | number>(count: number, make: () => T): T[] {
    const seen = new Set<T>();
    while (seen.size < count) seen.add(make());
    return [...seen];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

const capital = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function date(g: Gen, fromYear: number, toYear: number): string {
  return `${g.int(fromYear, toYear)}-${pad(g.int(1, 12))}-${pad(g.int(1, 28))}`;
}

function frame(spec: [string, Dtype][], rows: PyValue[][]): PdFrame {
  const columns: PdColumn[] = spec.map(([name, dtype], j) => ({ name, dtype, values: rows.map((r) => r[j]!) }));
  return { columns, rows: rows.length };
}

function beer(g: Gen, n: number): PdFrame {
  const styles = g.distinct(Math.max(2, Math.round(n / 365)), () => g.title(2, 4));
  const names = g.distinct(Math.round(n * 0.05), () => g.title(3, 8));
  const ids = g.distinct(names.length, () => g.int(10, 150000));
  const beers = names.map((name, k) => ({
    name,
    id: ids[k]!,
    style: styles[g.skewed(styles.length, 1.8)]!,
    quality: g.int(2, 8),
  }));
  const users = g.distinct(
    Math.round(n * 0.17),
    () => g.word() + g.word() + (g.chance(0.3) ? String(g.int(1, 99)) : ''),
  );
  const days = Array.from({ length: Math.round(n * 0.13) }, () => 946684800 + 86400 * g.int(0, 4500));
  const rows = Array.from({ length: n }, (): PyValue[] => {
    const b = beers[g.skewed(beers.length, 2.5)]!;
    const taste = Math.max(1, Math.min(10, b.quality + g.int(-1, 2)));
    const overall = Math.max(1, Math.min(20, 2 * taste + g.int(-2, 2)));
    const half = (): string => `${Math.max(1, Math.min(5, Math.round(taste / 2) + g.int(-1, 1)))}/5`;
    return [
      users[g.skewed(users.length, 1.6)]!,
      days[g.skewed(days.length, 1.3)]!,
      `${overall}/20`,
      `${taste}/10`,
      half(),
      half(),
      b.name,
      b.style,
      b.id,
    ];
  });
  return frame(
    [
      ['review/profileName', 'object'],
      ['review/time', 'int64'],
      ['review/overall', 'object'],
      ['review/taste', 'object'],
      ['review/palate', 'object'],
      ['review/appearance', 'object'],
      ['beer/name', 'object'],
      ['beer/style', 'object'],
      ['beer/beerId', 'int64'],
    ],
    g.shuffle(rows),
  );
}

function movies(g: Gen, n: number): PdFrame {
  const genres = ['Drama', 'Comedy', 'Action', 'Horror', 'Romance', 'Thriller', 'Documentary', 'Animation'];
  const ratings = ['G', 'PG', 'PG-13', 'R', 'NR'];
  const titles = g.distinct(150, () => g.title(1, 4));
  const infos = g.distinct(150, () => g.words(20, 40));
  const films = titles.map((title, k) => ({
    title,
    link: `m/${g.word()}_${g.word()}_${k}`,
    info: infos[k]!,
    genre: g.pick(genres),
    rating: g.pick(ratings),
  }));
  const critics = g.distinct(380, () => `${g.title(1, 1)} ${g.title(1, 1)}`);
  const publishers = g.distinct(60, () => g.title(1, 3));
  const rows = Array.from({ length: n }, (): PyValue[] => {
    const f = films[g.skewed(films.length, 1.7)]!;
    const fresh = g.chance(0.5);
    return [
      g.words(12, 35),
      date(g, 2000, 2020),
      critics[g.skewed(critics.length, 1.4)]!,
      g.chance(0.25),
      publishers[g.skewed(publishers.length, 1.2)]!,
      fresh ? 'Fresh' : 'Rotten',
      `${fresh ? g.int(3, 5) : g.int(1, 3)}/5`,
      f.link,
      f.title,
      f.info,
      f.genre,
      f.rating,
    ];
  });
  return frame(
    [
      ['reviewcontent', 'object'],
      ['reviewdate', 'object'],
      ['criticname', 'object'],
      ['topcritic', 'bool'],
      ['publishername', 'object'],
      ['reviewtype', 'object'],
      ['reviewscore', 'object'],
      ['rottentomatoeslink', 'object'],
      ['movietitle', 'object'],
      ['movieinfo', 'object'],
      ['genre', 'object'],
      ['contentrating', 'object'],
    ],
    g.shuffle(rows),
  );
}

function bird(g: Gen, n: number): PdFrame {
  const postIds = g.distinct(Math.round(n * 0.095), () => g.int(10000, 999999));
  const bodies = g.distinct(postIds.length, () => g.words(30, 90));
  const posts = postIds.map((id, k) => ({
    id,
    title: g.title(5, 12),
    tags: `<${g.word()}><${g.word()}>`,
    body: bodies[k]!,
  }));
  const users = g.distinct(650, () => (g.chance(0.5) ? g.title(1, 1) : `${g.title(1, 1)} ${g.title(1, 1)}`));
  const commentIds = g.distinct(n, () => g.int(1001, 1001 + 4 * n));
  const rows = Array.from({ length: n }, (_, k): PyValue[] => {
    const p = posts[g.skewed(posts.length, 1.3)]!;
    const when = `${date(g, 2009, 2015)} ${pad(g.int(0, 23))}:${pad(g.int(0, 59))}:${pad(g.int(0, 59))}`;
    return [commentIds[k]!, g.words(8, 25), g.int(0, 20), g.pick(users), when, p.id, p.title, p.tags, p.body];
  });
  return frame(
    [
      ['CommentId', 'int64'],
      ['Text', 'object'],
      ['Score', 'int64'],
      ['UserDisplayName', 'object'],
      ['CreationDate', 'object'],
      ['PostId', 'int64'],
      ['Title', 'object'],
      ['Tags', 'object'],
      ['Body', 'object'],
    ],
    g.shuffle(rows),
  );
}

const FLAGS: [string, number][] = [
  ['hasmetadata', 0.79],
  ['isofficial', 0.095],
  ['isuserpublisher', 0.67],
  ['isdraft', 0.047],
  ['hasannotations', 0.255],
  ['subsetall', 0.5],
];

function pdmx(g: Gen, n: number): PdFrame {
  const composers = ['Unknown', ...g.distinct(288, () => g.title(2, 4))];
  const genres = [
    'unknown',
    'classical',
    'folk',
    'pop',
    'rock',
    'jazz',
    'religious',
    'soundtrack',
    'rap',
    'country',
    'blues',
  ];
  const keys = g.distinct(n, () => g.code(13));
  const rows = keys.map((key): PyValue[] => {
    const dir = `${key[1]}/${key[2]}/${key}`;
    const composer = g.chance(0.3) ? 'Unknown' : composers[1 + g.skewed(composers.length - 1, 1.5)]!;
    return [
      `./data/${dir}.mxl`,
      `./metadata/${dir}.json`,
      g.title(1, 4),
      composer,
      genres[g.skewed(genres.length, 1.6)]!,
      g.int(0, 500),
      g.int(100, 20000),
      g.int(1, 12),
      ...FLAGS.map(([, p]) => g.chance(p)),
    ];
  });
  return frame(
    [
      ['path', 'object'],
      ['metadata', 'object'],
      ['title', 'object'],
      ['composername', 'object'],
      ['genres', 'object'],
      ['ratingcount', 'int64'],
      ['nnotes', 'int64'],
      ['ntracks', 'int64'],
      ...FLAGS.map(([name]): [string, Dtype] => [name, 'bool']),
    ],
    rows,
  );
}

function products(g: Gen, n: number): PdFrame {
  const categories = g.distinct(15, () => g.title(1, 1));
  const asins = g.distinct(250, () => `B0${g.code(8)}`);
  const titles = g.distinct(asins.length, () => g.title(5, 20));
  const items = asins.map((asin, k) => ({
    asin,
    title: titles[k]!,
    category: categories[g.skewed(categories.length, 1.5)]!,
    average: `${g.int(1, 4)}.${g.int(0, 9)} out of 5 stars`,
    price: g.int(299, 29999),
  }));
  const users = g.distinct(n, () => `A${g.code(12)}`);
  const stamps = g.distinct(n, () => 1500000000000 + g.int(0, 1 << 30) * 128 + g.int(0, 127));
  const rows = Array.from({ length: n }, (_, k): PyValue[] => {
    const it = items[g.skewed(items.length, 1.2)]!;
    return [
      g.int(1, 5),
      g.title(3, 10),
      g.words(15, 80),
      users[k]!,
      stamps[k]!,
      g.int(0, 40),
      g.chance(0.8),
      it.asin,
      it.title,
      it.category,
      it.average,
      it.price,
    ];
  });
  return frame(
    [
      ['rating', 'int64'],
      ['title', 'object'],
      ['text', 'object'],
      ['user_id', 'object'],
      ['timestamp', 'int64'],
      ['helpful_vote', 'int64'],
      ['verified_purchase', 'bool'],
      ['parent_asin', 'object'],
      ['product_title', 'object'],
      ['main_category', 'object'],
      ['average_rating', 'object'],
      ['price_cents', 'int64'],
    ],
    g.shuffle(rows),
  );
}

const MAKERS: Record<Shape, (g: Gen, n: number) => PdFrame> = { movies, beer, BIRD: bird, PDMX: pdmx, products };

/** One synthetic table of `shape`; the same (shape, seed, rows) always gives the same table. */
export function generateTable(shape: Shape, seed: number, rows = SYNTHETIC_ROWS[shape]): PdFrame {
  const salt = ['movies', 'beer', 'BIRD', 'PDMX', 'products'].indexOf(shape);
  return MAKERS[shape](new Gen(seed * 8 + salt), rows);
}
