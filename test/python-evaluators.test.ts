import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaskDir } from '../src/core/load-task.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import { startRun } from '../src/core/run.js';
import { tempDir } from './helpers.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'python-binpack');
const SEED = readFileSync(join(FIXTURE, 'initial_program.py'), 'utf8');
const BEST_FIT = SEED.replace('WEIGHT_ROOM = 1.0', 'WEIGHT_ROOM = -1.0');
/** Puts every item in bin 0: overfills it, which the evaluator rejects. */
const CHEAT = SEED.replace('    return chosen', '    return [0 for _ in items]');

/** A copy of the fixture whose files can be changed by a test. */
function copyFixture(): string {
  const dir = tempDir('adrs-binpack-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const evaluate = (dir: string, source: string) => {
  const task = loadTaskDir(dir);
  return evaluateProgram(task, source, task.instances('train'));
};

describe('OpenEvolve-style evaluators', () => {
  it('runs the cascade and reads metrics and artifacts from the returned object', async () => {
    const seed = await evaluate(join(FIXTURE, 'openevolve'), SEED);
    const better = await evaluate(join(FIXTURE, 'openevolve'), BEST_FIT);
    expect(seed.valid).toBe(true);
    expect(seed.metrics.cascade_stages).toBe(2);
    expect(better.score!).toBeGreaterThan(seed.score! + 0.03);
    expect(better.instances[0]!.feedback).toMatch(/^fills: 0\.9\d+/);
  });

  it('stops the cascade when stage 1 is below its threshold', async () => {
    const dir = copyFixture();
    const file = join(dir, 'openevolve', 'adrs-task.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('cascadeThresholds: [0.5]', 'cascadeThresholds: [0.99]'));
    const e = await evaluate(join(dir, 'openevolve'), SEED);
    expect(e.metrics.cascade_stages).toBe(1);
    expect(e.metrics.worst_fill).toBeUndefined(); // only stage 2 reports it
  });

  it('an "error" metric makes the program invalid, with the message', async () => {
    const e = await evaluate(join(FIXTURE, 'openevolve'), CHEAT);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/bin 0 holds .* > capacity 1/);
  });

  it('an evaluator that raises is reported with its traceback', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'evaluator.py'), 'def evaluate(path):\n    raise RuntimeError("disk on fire")\n');
    writeFileSync(join(dir, 'openevolve', 'adrs-task.yaml'), taskYaml('openevolve: ../evaluator.py\n  cascade: false'));
    const e = await evaluate(join(dir, 'openevolve'), SEED);
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/evaluator raised:[\s\S]*RuntimeError: disk on fire/);
  });

  it('a result that is neither a dict nor has .metrics is a clear failure', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'evaluator.py'), 'def evaluate(path):\n    return 0.5\n');
    writeFileSync(join(dir, 'openevolve', 'adrs-task.yaml'), taskYaml('openevolve: ../evaluator.py'));
    const e = await evaluate(join(dir, 'openevolve'), SEED);
    expect(e.failure?.message).toMatch(/evaluate\(\) returned float; expected a dict of metrics/);
  });

  it('without combined_score the score is the mean of the numeric metrics, as in OpenEvolve', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'evaluator.py'), 'def evaluate(path):\n    return {"a": 0.2, "b": 0.6, "note": "x"}\n');
    writeFileSync(join(dir, 'openevolve', 'adrs-task.yaml'), taskYaml('openevolve: ../evaluator.py'));
    const e = await evaluate(join(dir, 'openevolve'), SEED);
    expect(e.score).toBeCloseTo(0.4, 12);
  });
});

describe('ShinkaEvolve-style evaluators', () => {
  it('reads public metrics, private metrics and text feedback from the results folder', async () => {
    const e = await evaluate(join(FIXTURE, 'shinka'), BEST_FIT);
    expect(e.valid).toBe(true);
    expect(e.metrics.mean_fill).toBeCloseTo(e.score!, 12);
    expect(e.metrics.best_fill).toBeUndefined();
    expect(e.privateMetrics.best_fill).toBeGreaterThan(e.score!);
    expect(e.instances[0]!.feedback).toMatch(/^fill per instance: /);
  });

  it('correct: false is an invalid program with the evaluator’s error', async () => {
    const e = await evaluate(join(FIXTURE, 'shinka'), CHEAT);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/bin 0 holds/);
  });

  it('an evaluator that writes nothing, or garbage, says so', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'evaluate.py'), 'import sys\nprint("oops", file=sys.stderr)\nsys.exit(2)\n');
    const silent = await evaluate(join(dir, 'shinka'), SEED);
    expect(silent.failure?.message).toMatch(/exited with code 2 without writing metrics.json: oops/);
    writeFileSync(
      join(dir, 'evaluate.py'),
      'import sys, os\nd = sys.argv[sys.argv.index("--results_dir") + 1]\nopen(os.path.join(d, "metrics.json"), "w").write("{nope")\n',
    );
    const garbage = await evaluate(join(dir, 'shinka'), SEED);
    expect(garbage.failure?.message).toMatch(/metrics.json is not valid JSON/);
  });
});

describe('task files with evaluator styles', () => {
  it('exactly one evaluator kind, and its file must exist', () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'openevolve', 'adrs-task.yaml'), taskYaml('openevolve: ../evaluator.py\n  shinka: x.py'));
    expect(() => loadTaskDir(join(dir, 'openevolve'))).toThrow(
      /exactly one of command, openevolve, shinka \(found openevolve, shinka\)/,
    );
    writeFileSync(join(dir, 'openevolve', 'adrs-task.yaml'), taskYaml('openevolve: ../missing.py'));
    expect(() => loadTaskDir(join(dir, 'openevolve'))).toThrow(/evaluator file .*missing\.py does not exist/);
  });
});

function taskYaml(evaluator: string): string {
  return `name: t\ndescription: d\ninitialProgram: ../initial_program.py\nevaluator:\n  ${evaluator}\n`;
}

describe('a Python task runs to improvement with the offline mutator', () => {
  it.each(['openevolve', 'shinka'])(
    'in the %s evaluator style',
    async (style) => {
      const summary = await startRun({
        task: join(FIXTURE, style),
        runsDir: tempDir(),
        name: style,
        seed: 1,
        budget: { iterations: 40 },
        pipeline: { workers: 2 },
      });
      expect(summary.evaluations).toBeGreaterThan(20);
      expect(summary.best.train!).toBeGreaterThan(summary.seed.train! + 0.01);
      expect(summary.best.test!).toBeGreaterThan(summary.seed.test!);
    },
    180_000,
  );
});
