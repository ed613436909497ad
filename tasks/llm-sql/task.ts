import { join } from 'node:path';
import { resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Limits, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import { loadRealTable, PROBE_FILE, REAL_FILES, syntheticTables } from './data.js';
import { llmSqlHarness } from './harness.js';
import { aggregateTables, scoreTable } from './score.js';
import type { PreparedTable } from './table.js';
import { programReader } from '../../src/core/task-programs.js';

/** Synthetic seed of the train tables (and seed + 1 for the test tables without real data). */
export const DEFAULT_SYNTHETIC_SEED = 1;

export const LIMITS: Limits = { timeMsPerInstance: 20_000, memoryMb: 512 };

const DESCRIPTION = `LLM-SQL: reorder a table so that an LLM prompt cache gets the most prefix hits.

One LLM call runs per table row; its prompt is the row's cells printed and concatenated with no separator
(strings as they are, integers in decimal, booleans as True/False, null as the empty string). A serving
engine caches by prefix, so a row is cheaper the longer the prefix it shares with ANY earlier row. You may
reorder the rows, and reorder the cells inside each row independently (column labels do not matter in the
output, only each row's left-to-right cell sequence).

Export
  reorder(table: Table, options: ReorderOptions): Cell[][]
  type Cell = string | number | boolean | null;
  interface Table { columns: readonly string[]; rows: readonly (readonly Cell[])[] }   // frozen: copy before changing
  interface ReorderOptions { earlyStop: 100000; rowStop: 4; colStop: 2; colMerge: string[][];
    oneWayDep: []; distinctValueThreshold: 0.7; parallel: true }
Cells are typed as pandas reads the CSV: integer columns hold numbers, booleans booleans, everything else
strings (decimal columns arrive as their printed text, e.g. "13.0"), missing values null.

Rules (anything else makes the whole evaluation invalid): return every input row exactly once; each returned
row holds exactly that row's cells, in any order, unchanged (same printed text); each group in
options.colMerge must first become ONE cell: its members' texts concatenated (members in any order, a missing
member printed as "nan"). Do not split, join, drop, duplicate or edit cells, or move them between rows.

Score (0..100, higher is better), over the tables of a split: h = mean hit rate (cached characters / all
characters, rows in your order, each row's hit = its longest common prefix with any earlier row), a = mean
hit rate of the original order with the merges applied, t = mean seconds of your reorder call;
score = 0.95 * clamp(100 (h - a) / (1 - a), 0, 100) + 0.05 * 100 (10 - min(10, t)) / 10.
Tables, one per shape: BeerAdvocate beer reviews (16-28k rows x 9), and Rotten Tomatoes movie reviews, Stack
Exchange comments, MusicXML score metadata and Amazon product reviews (4-6k rows, 9-14 columns).
No I/O, timers or randomness sources; the call must be deterministic and finish within ${LIMITS.timeMsPerInstance / 1000} s per table.`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('llm-sql');
  return {
    'original-order': read(
      'original-order',
      'original-order.ts',
      "the leaderboard's baseline with the merges applied (the 0-point anchor); the default seed, its column ranking switched off",
    ),
    'human-sota': read(
      'human-sota',
      'ggr.ts',
      "GGR / QuickGreedy (MLSys'25), OpenEvolve's initial program (hit rate 0.4919 on the reference five)",
    ),
  };
}

export function createLlmSqlTask(options: TaskOptions = {}): Task {
  const dir = resolveCaseData('llm-sql', PROBE_FILE, options.dataDir);
  const seed = options.dataSeed ?? DEFAULT_SYNTHETIC_SEED;
  // Tables are prepared on first use (one split at a time): the reference files take a second to read.
  const prepared = new Map<string, PreparedTable>();
  const splits = new Map<Split, Instance[]>();
  const load = (split: Split): Instance[] => {
    let instances = splits.get(split);
    if (!instances) {
      const tables =
        split === 'train'
          ? syntheticTables(seed)
          : dir
            ? REAL_FILES.map((f) => loadRealTable(dir, f))
            : syntheticTables(seed + 1);
      for (const t of tables) prepared.set(t.id, t);
      instances = tables.map((t) => ({ id: t.id, split, data: t.input }));
      splits.set(split, instances);
    }
    return instances;
  };
  const table = (id: string): PreparedTable => {
    const t = prepared.get(id);
    if (!t) throw new Error(`llm-sql: unknown instance ${id}`);
    return t;
  };
  return {
    name: 'llm-sql',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'original-order',
    humanSota: 'human-sota',
    limits: LIMITS,
    dataSource: dir
      ? `train: synthetic tables (seed ${seed}); test: ${REAL_FILES.map((f) => join(dir, f.file)).join(', ')}`
      : `synthetic tables: train seed ${seed}, test seed ${seed + 1}`,
    instances: load,
    evaluator: {
      kind: 'sandbox',
      harness: llmSqlHarness,
      score(instance, output, ctx): InstanceResult {
        // Checked and scored against the task's own copy of the table, never what the program saw.
        return scoreTable(table(instance.id), output, ctx.elapsedMs);
      },
    },
    aggregate: (results) => aggregateTables(results, (id) => table(id).anchor.hitRate, LIMITS.timeMsPerInstance),
  };
}
