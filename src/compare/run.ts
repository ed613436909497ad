import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deriveRng } from '../core/rng.js';
import { resumeRun, startRun, type RunSummary } from '../core/run.js';
import { WorkerPool } from '../evaluate/pool.js';
import { RUN_DB } from '../store/store.js';
import { searchCurve, evaluationsToReach, type CurvePoint } from './curve.js';
import { markdownReport, svgPlot } from './report.js';
import { bootstrapCi, quantile, signFlipTest } from './stats.js';

export interface CompareOptions {
  task: string;
  strategies: string[];
  /** Seeds 1..seeds. */
  seeds: number;
  /** Evaluation budget of every run. */
  evaluations: number;
  out: string;
  /** Runs at a time, sharing this many evaluation worker processes. */
  workers: number;
  /** Base run config (proposer, limits, strategy options by name under `strategies`). */
  base?: Record<string, unknown>;
  /** Seed of the bootstrap and any sampled test. */
  statsSeed?: number;
  onRun?: (line: string) => void;
}

export interface StrategyRuns {
  strategy: string;
  seeds: number[];
  bestTest: (number | null)[];
  bestTrain: (number | null)[];
  toSota: (number | null)[];
  wallTimeMs: number[];
  curves: CurvePoint[][];
  ci: { mean: number; lo: number; hi: number };
  median: number;
}

export interface PairTest {
  a: string;
  b: string;
  meanDiff: number;
  p: number;
  exact: boolean;
  n: number;
}

export interface CompareResult {
  task: string;
  evaluations: number;
  seedTest: number | null;
  seedTrain: number | null;
  humanSota: { train: number | null; test: number | null } | null;
  strategies: StrategyRuns[];
  pairs: PairTest[];
  command: string;
}

/**
 * Runs every strategy with seeds 1..N at the same evaluation budget (each run
 * in `<out>/runs/<strategy>-s<seed>`; a run that already exists is resumed, so
 * an interrupted compare continues), then writes compare.md, compare.svg and
 * compare.json to `out`.
 */
export async function runCompare(o: CompareOptions): Promise<CompareResult> {
  const out = resolve(o.out);
  mkdirSync(join(out, 'runs'), { recursive: true });
  const pool = new WorkerPool(o.workers);
  const jobs = o.strategies.flatMap((strategy) =>
    Array.from({ length: o.seeds }, (_, k) => ({ strategy, seed: k + 1 })),
  );
  const summaries = new Map<string, RunSummary>();
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const { strategy, seed } = jobs[next++]!;
        const name = `${strategy}-s${seed}`;
        const dir = join(out, 'runs', name);
        const strategies = (o.base?.strategies ?? {}) as Record<string, Record<string, unknown>>;
        const base = { ...o.base };
        delete base.strategies;
        const config = {
          ...base,
          task: o.task,
          name,
          runsDir: join(out, 'runs'),
          seed,
          budget: { evaluations: o.evaluations },
          strategy: { ...strategies[strategy], name: strategy },
          pipeline: { inFlight: 4, ...(base.pipeline as object | undefined), workers: o.workers },
        };
        const summary = existsSync(join(dir, RUN_DB))
          ? await resumeRun(dir, {}, { evaluator: pool })
          : await startRun(config, { evaluator: pool });
        summaries.set(name, summary);
        o.onRun?.(
          `${name}: best train ${fmt(summary.best.train)}, test ${fmt(summary.best.test)} (${summary.iterations} iterations, ${summary.evaluations} full evaluations)`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.workers, jobs.length)) }, worker));
  } finally {
    await pool.close();
  }
  const first = summaries.values().next().value as RunSummary;
  const sotaTrain = first.humanSota?.train ?? null;
  const rng = deriveRng(o.statsSeed ?? 1, 'compare');
  const strategies: StrategyRuns[] = o.strategies.map((strategy) => {
    const seeds = Array.from({ length: o.seeds }, (_, k) => k + 1);
    const runs = seeds.map((s) => summaries.get(`${strategy}-s${s}`)!);
    const curves = seeds.map((s) => searchCurve(join(out, 'runs', `${strategy}-s${s}`)));
    const bestTest = runs.map((r) => r.best.test);
    const values = bestTest.filter((x): x is number => x !== null);
    return {
      strategy,
      seeds,
      bestTest,
      bestTrain: runs.map((r) => r.best.train),
      toSota: curves.map((c) => (sotaTrain === null ? null : evaluationsToReach(c, sotaTrain))),
      wallTimeMs: runs.map((r) => r.wallTimeMs),
      curves,
      ci: bootstrapCi(values, rng),
      median: quantile(values, 0.5),
    };
  });
  const pairs: PairTest[] = [];
  for (let i = 0; i < strategies.length; i++) {
    for (let j = i + 1; j < strategies.length; j++) {
      const a = strategies[i]!;
      const b = strategies[j]!;
      // Paired by seed: the same seed gives both strategies the same data and start.
      const diffs = a.seeds
        .map((_, k) => (a.bestTest[k] ?? NaN) - (b.bestTest[k] ?? NaN))
        .filter((d) => Number.isFinite(d));
      const t = signFlipTest(diffs, rng);
      const meanDiff = diffs.reduce((x, y) => x + y, 0) / Math.max(1, diffs.length);
      pairs.push({ a: a.strategy, b: b.strategy, meanDiff, p: t.p, exact: t.exact, n: diffs.length });
    }
  }
  const result: CompareResult = {
    task: o.task,
    evaluations: o.evaluations,
    seedTest: first.seed.test,
    seedTrain: first.seed.train,
    humanSota: first.humanSota ? { train: first.humanSota.train, test: first.humanSota.test } : null,
    strategies,
    pairs,
    command: `adrs compare ${o.task} --strategies ${o.strategies.join(',')} --seeds ${o.seeds} --evaluations ${o.evaluations} --workers ${o.workers}`,
  };
  writeFileSync(join(out, 'compare.md'), markdownReport(result));
  writeFileSync(join(out, 'compare.svg'), svgPlot(result));
  writeFileSync(join(out, 'compare.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
