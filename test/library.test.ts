import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TASKS, defineTask, evolve, resume, type RunEvent } from '../src/index.js';
import { loadTaskDir } from '../src/core/load-task.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import { tempDir } from './helpers.js';

/** Pick the index of the largest number; the seed picks the smallest (one operator away from the best). */
const SEED = `// EVOLVE-BLOCK-START
export function pick(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] < xs[best]) best = i;
  }
  return best;
}
// EVOLVE-BLOCK-END
`;

interface Data {
  xs: number[];
}

const lists = (n: number, salt: number): Data[] =>
  Array.from({ length: n }, (_, k) => ({
    xs: Array.from({ length: 8 }, (_, j) => ((k * 37 + j * 11 + salt) % 23) - 5),
  }));

const pickTask = () =>
  defineTask<Data>({
    name: 'pick-max',
    description: 'Export pick(xs: readonly number[]): number, an index into xs. The score is xs[index]; maximise it.',
    initialProgram: SEED,
    instances: { train: lists(6, 1), test: lists(4, 2) },
    harness: (candidate, input) => (candidate.pick as (xs: readonly number[]) => unknown)((input as Data).xs),
    score: (data, output) => {
      if (typeof output !== 'number' || !Number.isInteger(output) || output < 0 || output >= data.xs.length)
        throw new Error(`pick returned ${String(output)}, not an index of xs`);
      return { score: data.xs[output]!, metrics: { index: output } };
    },
  });

describe('library API', () => {
  it('evolve runs a built-in task with typed event handlers and returns the best source', async () => {
    const events: RunEvent['type'][] = [];
    let bests = 0;
    const result = await evolve({
      task: 'prism',
      runsDir: tempDir(),
      name: 'lib',
      budget: { iterations: 5 },
      pipeline: { workers: 1 },
      finalTest: false,
      listeners: [(e) => events.push(e.type)],
      on: { best: (e) => (bests += e.score >= 0 ? 1 : 0) },
    });
    expect(result.iterations).toBe(5);
    expect(events[0]).toBe('start');
    expect(events).toContain('evaluated');
    expect(bests).toBeGreaterThan(0);
    expect(result.bestSource).toContain('placeModels');
    expect(BUILTIN_TASKS.map((t) => t.name)).toContain('prism');
  });

  it('a task defined in code evolves in this process to a better program, and resumes with the same object', async () => {
    const runsDir = tempDir();
    const task = pickTask();
    const first = await evolve({
      task,
      runsDir,
      name: 'pick',
      seed: 3,
      budget: { iterations: 30 },
      pipeline: { workers: 2 },
    });
    expect(first.seed.train).toBeLessThan(0);
    expect(first.best.train!).toBeGreaterThan(first.seed.train!);
    expect(first.best.test!).toBeGreaterThan(first.seed.test!);
    await expect(resume(join(runsDir, 'pick'), { overrides: { budget: { iterations: 40 } } })).rejects.toThrow(
      /task "pick-max" was defined in code: pass the same task object again/,
    );
    const again = await resume(join(runsDir, 'pick'), { task, overrides: { budget: { iterations: 40 } } });
    expect(again.iterations).toBe(40);
    expect(again.best.train!).toBeGreaterThanOrEqual(first.best.train!);
  });

  it('an aborted signal stops the run cleanly, as interrupted', async () => {
    const controller = new AbortController();
    const result = await evolve({
      task: pickTask(),
      runsDir: tempDir(),
      budget: { iterations: 10_000 },
      pipeline: { workers: 1 },
      on: { evaluated: (e) => e.iteration >= 5 && controller.abort() },
      signal: controller.signal,
    });
    expect(result.status).toBe('interrupted');
    expect(result.iterations).toBeLessThan(100);
  });

  it('defineTask names every bad key', () => {
    expect(() =>
      defineTask({
        name: 'bad name',
        description: '',
        initialProgram: SEED,
        instances: { train: [], test: [] },
        harness: 'nope' as never,
        score: () => 0,
        colour: 'red',
      } as never),
    ).toThrow(/name: use letters[\s\S]*description:[\s\S]*instances.train:[\s\S]*harness[\s\S]*colour: unknown key/);
  });

  it('a score that rejects the output makes the program invalid with its message', async () => {
    const task = pickTask();
    const e = await evaluateProgram(task, SEED.replace('return best;', 'return -1;'), task.instances('train'));
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/pick returned -1, not an index of xs/);
  });
});

describe('task folders defined in code (adrs.task.ts)', () => {
  function moduleTask(body: string): string {
    const dir = tempDir('adrs-modtask-');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'initial.ts'), SEED);
    writeFileSync(join(dir, 'lib', 'data.ts'), `export const lists = ${JSON.stringify(lists(5, 3))};\n`);
    writeFileSync(join(dir, 'adrs.task.ts'), body);
    return dir;
  }

  const BODY = `import { readFileSync } from 'node:fs';
import { defineTask } from 'adrs';
import { lists } from './lib/data';

export default defineTask({
  name: 'pick-max-folder',
  description: 'pick the index of the largest number',
  initialProgram: readFileSync(new URL('./initial.ts', import.meta.url), 'utf8'),
  instances: { train: lists.slice(0, 3), test: lists.slice(3) },
  harness: (candidate: any, input: any) => candidate.pick(input.xs),
  score: (data: { xs: number[] }, output: unknown) => data.xs[output as number] ?? 0,
  limits: { timeMsPerInstance: 500 },
});
`;

  it('loads with its local imports and runs through the worker pool', async () => {
    const dir = moduleTask(BODY);
    const task = loadTaskDir(dir);
    expect(task.name).toBe('pick-max-folder');
    expect(task.limits.timeMsPerInstance).toBe(500);
    expect(task.instances('test')).toHaveLength(2);
    const result = await evolve({
      task: dir,
      runsDir: tempDir(),
      budget: { iterations: 20 },
      pipeline: { workers: 2 },
    });
    expect(result.best.train!).toBeGreaterThan(result.seed.train!);
  });

  it('a module that does not build, or exports no task, is a clear error naming the file', () => {
    expect(() => loadTaskDir(moduleTask(BODY.replace("from './lib/data'", "from './lib/missing'")))).toThrow(
      /cannot build the task module .*adrs\.task\.ts:[\s\S]*adrs\.task\.ts:3: Could not resolve "\.\/lib\/missing"/,
    );
    expect(() => loadTaskDir(moduleTask('export const x = 1;\n'))).toThrow(/must `export default defineTask/);
    expect(() => loadTaskDir(moduleTask(BODY.replace("name: 'pick-max-folder',", '')))).toThrow(/name: /);
  });
});
