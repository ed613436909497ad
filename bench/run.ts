// npm run bench: speed and memory, each against a reference measured in the same run.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../src/core/events.js';
import { loadTask } from '../src/core/load-task.js';
import { resumeRun, startRun } from '../src/core/run.js';
import { TaskUnavailableError, type TaskRef } from '../src/core/task.js';
import type { Evaluation } from '../src/core/types.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import type { Evaluator } from '../src/evaluate/pool.js';
import { sha256 } from '../src/core/hash.js';
import { deriveRng } from '../src/core/rng.js';
import { mutate } from '../src/propose/offline/mutator.js';
import type { Proposer } from '../src/propose/types.js';
import { BUILTIN_TASKS } from '../tasks/registry.js';
import { tempDir } from '../test/helpers.js';
import { evaluateBare } from './bare.js';

interface Row {
  what: string;
  value: string;
  reference: string;
  ratio: string;
}
const rows: Row[] = [];
const ms = (x: number): string => `${x.toFixed(2)} ms`;
const add = (what: string, value: string, reference = '', ratio = ''): void => {
  rows.push({ what, value, reference, ratio });
  process.stderr.write(`  ${what}: ${value}${reference ? ` (reference ${reference}, ratio ${ratio})` : ''}\n`);
};

async function median(times: number, fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function sandboxVsBare(): Promise<void> {
  const ref: TaskRef = { kind: 'builtin', name: 'prism', options: {} };
  const task = loadTask(ref);
  const all = [...task.instances('train'), ...task.instances('test')];
  const source = task.programs['human-sota']!.source;
  const sandbox = await median(15, () => evaluateProgram(task, source, all));
  const bare = await median(15, () => evaluateBare(task, source, all));
  const [a, b] = [(await evaluateProgram(task, source, all)).score, evaluateBare(task, source, all)];
  if (a !== b) throw new Error(`sandboxed and bare scores differ: ${a} vs ${b}`);
  add('prism evaluation, 50 cases, sandboxed', ms(sandbox), `bare ${ms(bare)}`, `${(sandbox / bare).toFixed(1)}x`);
}

/**
 * Python reference times for the same work, from the task specs (measured on this kind of machine):
 * milliseconds per instance of our split, for the program named.
 */
const PYTHON: Record<string, { program: string; msPerInstance: number; source: string }> = {
  // 1080 simulations in about 10 s; one of our instances is a group of 20 or 10 of them (1080 in all).
  'cant-be-late': { program: 'seed', msPerInstance: 10_000 / 72, source: '1080 runs ~10 s (issue 5)' },
  // 0.55 s per rebalance call (eplb.md); one instance = one call.
  eplb: { program: 'human-sota', msPerInstance: 550, source: '0.55 s per call (eplb.md)' },
  // SMF over the three workloads ~0.8 s in CPython (txn-scheduling.md); one instance = one such run.
  'txn-scheduling': { program: 'human-sota', msPerInstance: 800, source: 'SMF ~0.8 s per run (txn-scheduling.md)' },
};

async function perTask(): Promise<void> {
  for (const entry of BUILTIN_TASKS) {
    let task: ReturnType<typeof loadTask>;
    try {
      task = loadTask({ kind: 'builtin', name: entry.name, options: {} });
    } catch (error) {
      // mas needs a model (taskLlm): nothing to time offline here.
      if (!(error instanceof TaskUnavailableError)) throw error;
      add(`${entry.name}: not timed`, error.message.split('\n')[0]!);
      continue;
    }
    const all = [...task.instances('train'), ...task.instances('test')];
    const time = async (name: string): Promise<number> => {
      const source = task.programs[name]!.source;
      await evaluateProgram(task, source, all.slice(0, 1)); // bundle the harness once
      return median(3, () => evaluateProgram(task, source, all));
    };
    const seed = await time(task.defaultSeed);
    add(`${entry.name}: seed on all ${all.length} instances`, ms(seed));
    const ref = PYTHON[entry.name];
    if (ref) {
      const name = ref.program === 'seed' ? task.defaultSeed : ref.program;
      const t = ref.program === 'seed' ? seed : await time(name);
      const python = ref.msPerInstance * all.length;
      add(
        `${entry.name}: ${name} on all instances vs Python`,
        ms(t),
        `${ms(python)}: ${ref.source}`,
        `${(python / t).toFixed(0)}x faster`,
      );
    }
  }
}

async function evaluationsPerSecond(): Promise<void> {
  const runsDir = tempDir('adrs-bench-');
  const one = await startRun({
    task: 'prism',
    runsDir,
    name: 'w1',
    budget: { iterations: 300 },
    pipeline: { workers: 1 },
    finalTest: false,
  });
  const all = await startRun({
    task: 'prism',
    runsDir,
    name: 'wn',
    budget: { iterations: 300 },
    pipeline: { workers: 'auto' },
    finalTest: false,
  });
  const rate = (s: typeof one): number => s.evaluations / (s.wallTimeMs / 1000);
  add(
    `prism run, offline mutator, ${availableParallelism()} workers`,
    `${rate(all).toFixed(1)} evaluations/s`,
    `1 worker ${rate(one).toFixed(1)}/s`,
    `${(rate(all) / rate(one)).toFixed(2)}x`,
  );
}

/** Scores each program instantly from its hash (30 per-instance results, like prism's train split). */
const instantEvaluator: Evaluator = {
  evaluate: (job) => {
    const score = parseInt(sha256(job.source).slice(0, 8), 16) / 2 ** 32;
    const e: Evaluation = {
      valid: true,
      score,
      metrics: {},
      privateMetrics: {},
      feedback: '',
      instances: Array.from({ length: 30 }, (_, i) => ({ instanceId: String(i), score, metrics: { kvpr: score } })),
      durationMs: 0,
    };
    return Promise.resolve(e);
  },
  close: () => Promise.resolve(),
};

/** Proposes a unique child instantly: measures the engine (controller, store, strategy), not a proposer. */
const trivialProposer: Proposer = {
  name: 'trivial',
  propose: (r) =>
    Promise.resolve({
      ok: true,
      // A comment inside the evolve block (outside it the gate would reject the child).
      source: r.parents[0]!.program.source.replace(
        /(\/\/ child \d+\n)?\/\/ EVOLVE-BLOCK-END/,
        `// child ${r.plan.iteration}\n// EVOLVE-BLOCK-END`,
      ),
      changes: [],
      call: { proposer: 'trivial', costUsd: 0, durationMs: 0 },
    }),
};

async function engineOverhead(): Promise<void> {
  const runsDir = tempDir('adrs-bench-');
  const dir = join(runsDir, 'overhead');
  const window = 500;
  const options = { evaluator: instantEvaluator, proposer: trivialProposer };
  const base = { task: 'prism', runsDir, name: 'overhead', pipeline: { workers: 1 }, finalTest: false };
  const measure = async (stored: number): Promise<{ ms: number; rss: number; bytesPerProgram: number }> => {
    // (every iteration stores a new program: the trivial proposer never repeats itself)
    if (stored > window) await resumeRun(dir, { budget: { iterations: stored } }, options);
    // Time between the first and the last observed iteration of the window: excludes start-up
    // (opening the store, reading its hashes), which is paid once per process, not per iteration.
    const stamps: number[] = [];
    const timed = { ...options, listeners: [(e: RunEvent) => e.type === 'progress' && stamps.push(performance.now())] };
    if (stored === window) await startRun({ ...base, budget: { iterations: window } }, timed);
    else await resumeRun(dir, { budget: { iterations: stored + window } }, timed);
    const ms = (stamps.at(-1)! - stamps[0]!) / (stamps.length - 1);
    const bytes = ['run.db', 'run.db-wal'].reduce(
      (n, f) => n + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0),
      0,
    );
    return { ms, rss: process.memoryUsage().rss, bytesPerProgram: bytes / (stored + window) };
  };
  const small = await measure(window);
  add('engine overhead per iteration, empty store', ms(small.ms));
  for (const n of [1_000, 10_000, 100_000]) {
    const m = await measure(n);
    add(
      `engine overhead per iteration, ${n / 1000}k programs stored`,
      ms(m.ms),
      `empty store ${ms(small.ms)}`,
      `${(m.ms / small.ms).toFixed(2)}x`,
    );
    add(
      `resident memory, ${n / 1000}k programs stored`,
      `${(m.rss / 2 ** 20).toFixed(0)} MiB`,
      `empty store ${(small.rss / 2 ** 20).toFixed(0)} MiB`,
      `${(m.rss / small.rss).toFixed(2)}x`,
    );
    add(
      `store size per program, ${n / 1000}k programs`,
      `${(m.bytesPerProgram / 1024).toFixed(1)} KiB`,
      `prism seed source ${(seedBytes / 1024).toFixed(1)} KiB`,
      `${(m.bytesPerProgram / seedBytes).toFixed(2)}x`,
    );
  }
  const seedSource = loadTask({ kind: 'builtin', name: 'prism', options: {} }).programs['naive-first-fit']!.source;
  const t = performance.now();
  for (let i = 0; i < 300; i++) mutate(seedSource, deriveRng(1, i), 2);
  add('offline mutator, one proposal (2 edits) on the prism seed', ms((performance.now() - t) / 300));
}

const seedBytes = loadTask({ kind: 'builtin', name: 'prism', options: {} }).programs['naive-first-fit']!.source.length;

process.stderr.write('adrs benchmarks (median of repeated runs where noted)\n');
// `npm run bench -- overhead tasks` runs only the named sections.
const sections: [string, () => Promise<void>][] = [
  ['sandbox', sandboxVsBare],
  ['tasks', perTask],
  ['throughput', evaluationsPerSecond],
  ['overhead', engineOverhead],
  ['queue', async () => (await import('./queue.js')).queueBench(add)],
];
const wanted = process.argv.slice(2);
for (const [name, run] of sections) if (wanted.length === 0 || wanted.includes(name)) await run();

const cols = ['what', 'value', 'reference', 'ratio'] as const;
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
console.log(line([...cols]));
console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(cols.map((c) => r[c])));
