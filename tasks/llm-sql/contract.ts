// What a candidate program sees and returns, and the per-dataset merge specs.

/** One cell: int64 columns arrive as numbers, float64 columns as their Python text, missing as null. */
export type Cell = string | number | boolean | null;

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface ReorderOptions {
  readonly earlyStop: number;
  readonly rowStop: number;
  readonly colStop: number;
  readonly colMerge: readonly (readonly string[])[];
  readonly oneWayDep: readonly (readonly [string, string])[];
  readonly distinctValueThreshold: number;
  readonly parallel: boolean;
}

/** `instance.data`: what the harness hands to `reorder(table, options)`. */
export interface LlmSqlInput {
  dataset: string;
  table: Table;
  options: ReorderOptions;
}

/** The solver arguments every reference evaluator passes (`solve(df, early_stop=100000, ...)`). */
export const SOLVER_OPTIONS: Omit<ReorderOptions, 'colMerge'> = {
  earlyStop: 100000,
  rowStop: 4,
  colStop: 2,
  oneWayDep: [],
  distinctValueThreshold: 0.7,
  parallel: true,
};

/** Merge groups per dataset shape, keyed by name (not by position: the leaderboard's bug, spec §4.1). */
export const MERGES: Readonly<Record<Shape, readonly (readonly string[])[]>> = {
  beer: [['beer/beerId', 'beer/name']],
  movies: [['movieinfo', 'movietitle', 'rottentomatoeslink']],
  BIRD: [['PostId', 'Body']],
  PDMX: [
    ['path', 'metadata'],
    ['hasmetadata', 'isofficial', 'isuserpublisher', 'isdraft', 'hasannotations', 'subsetall'],
  ],
  products: [['product_title', 'parent_asin']],
};

/** The five table shapes of the reference workload, in its order. */
export const SHAPES = ['movies', 'beer', 'BIRD', 'PDMX', 'products'] as const;
export type Shape = (typeof SHAPES)[number];

/** Each shape's columns, in the reference files' order. */
export const COLUMNS: Readonly<Record<Shape, readonly string[]>> = {
  movies: [
    'reviewcontent',
    'reviewdate',
    'criticname',
    'topcritic',
    'publishername',
    'reviewtype',
    'reviewscore',
    'rottentomatoeslink',
    'movietitle',
    'movieinfo',
    'genre',
    'contentrating',
  ],
  beer: [
    'review/profileName',
    'review/time',
    'review/overall',
    'review/taste',
    'review/palate',
    'review/appearance',
    'beer/name',
    'beer/style',
    'beer/beerId',
  ],
  BIRD: ['CommentId', 'Text', 'Score', 'UserDisplayName', 'CreationDate', 'PostId', 'Title', 'Tags', 'Body'],
  PDMX: [
    'path',
    'metadata',
    'title',
    'composername',
    'genres',
    'ratingcount',
    'nnotes',
    'ntracks',
    'hasmetadata',
    'isofficial',
    'isuserpublisher',
    'isdraft',
    'hasannotations',
    'subsetall',
  ],
  products: [
    'rating',
    'title',
    'text',
    'user_id',
    'timestamp',
    'helpful_vote',
    'verified_purchase',
    'parent_asin',
    'product_title',
    'main_category',
    'average_rating',
    'price_cents',
  ],
};

/** Runtime term of the leaderboard score: full marks at 0 s, none from this many seconds. */
export const RUNTIME_CAP_S = 10;
