import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaskDir } from '../src/core/load-task.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import { startRun } from '../src/core/run.js';
import { tempDir } from './helpers.js';

/** A Python task: maximise f(x) = -(x - 3)^2 with x a constant in the program. */
function pythonTask(evaluator: string, timeout = '10s'): string {
  const dir = tempDir('adrs-pytask-');
  writeFileSync(join(dir, 'initial.py'), '# EVOLVE-BLOCK-START\nX = 0.5\n# EVOLVE-BLOCK-END\n');
  writeFileSync(join(dir, 'evaluate.py'), evaluator);
  writeFileSync(
    join(dir, 'adrs-task.yaml'),
    `name: parabola\ndescription: move X towards 3\ninitialProgram: initial.py\nevaluator:\n  command: python3 evaluate.py {program}\n  timeout: ${timeout}\n`,
  );
  return dir;
}

const PARABOLA = `
import json, os, sys, runpy
ns = runpy.run_path(sys.argv[1])
x = ns["X"]
print("some log line")
print(json.dumps({"combined_score": -(x - 3) ** 2, "x": x, "secret_seen": 1 if "ADRS_TEST_SECRET" in os.environ else 0, "feedback": f"x was {x}"}))
`;

describe('external-command evaluator', () => {
  it('reads the last JSON object, with feedback, in a scrubbed environment', async () => {
    process.env.ADRS_TEST_SECRET = 'sk-do-not-leak';
    try {
      const task = loadTaskDir(pythonTask(PARABOLA));
      const e = await evaluateProgram(task, 'X = 2.5\n', task.instances('train'));
      expect(e.valid).toBe(true);
      expect(e.score).toBeCloseTo(-0.25, 12);
      expect(e.metrics.x).toBe(2.5);
      expect(e.metrics.secret_seen).toBe(0);
      expect(e.instances[0]!.feedback).toBe('x was 2.5');
    } finally {
      delete process.env.ADRS_TEST_SECRET;
    }
  });

  it('kills the whole process group at the timeout', async () => {
    const marker = join(tempDir(), 'grandchild-survived');
    const hang = `
import subprocess, sys, time
subprocess.Popen(["sh", "-c", "sleep 3; touch ${marker}"])
time.sleep(60)
`;
    const task = loadTaskDir(pythonTask(hang, '1s'));
    const started = Date.now();
    const e = await evaluateProgram(task, 'X = 1\n', task.instances('train'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(e.failure?.kind).toBe('timeout');
    await new Promise((r) => setTimeout(r, 3500));
    expect(existsSync(marker)).toBe(false);
  });

  it('a crash or missing score is a failure with the reason', async () => {
    const crash = loadTaskDir(pythonTask('import sys\nprint("boom", file=sys.stderr)\nsys.exit(3)\n'));
    const e1 = await evaluateProgram(crash, 'X = 1\n', crash.instances('train'));
    expect(e1.failure?.kind).toBe('exception');
    expect(e1.failure?.message).toMatch(/code 3: boom/);
    const noScore = loadTaskDir(pythonTask('print(\'{"x": 1}\')\n'));
    const e2 = await evaluateProgram(noScore, 'X = 1\n', noScore.instances('train'));
    expect(e2.failure?.message).toMatch(/no numeric "combined_score" or "score"/);
  });

  it('a malformed task file names the field', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'adrs-task.yaml'),
      'name: x\ndescription: y\ninitialProgram: a.py\nevaluator:\n  comand: python3 e.py\n',
    );
    expect(() => loadTaskDir(dir)).toThrow(/evaluator\.comand: unknown key/);
  });

  it('a run on a folder task works end to end', async () => {
    const dir = pythonTask(PARABOLA);
    const summary = await startRun(
      {
        task: dir,
        runsDir: tempDir(),
        name: 'py',
        budget: { iterations: 3 },
        pipeline: { workers: 1 },
        finalTest: false,
      },
      {
        proposer: {
          name: 'fixed',
          propose: (r) =>
            Promise.resolve({
              ok: true,
              source: r.parents[0]!.program.source.replace(/X = [\d.]+/, `X = ${r.plan.iteration}`),
              changes: [],
              call: { proposer: 'fixed', costUsd: 0, durationMs: 0 },
            }),
        },
      },
    );
    expect(summary.best.train).toBe(0); // X = 3
  });
});

describe('task folders', () => {
  it('a prompts/ folder in the task becomes its prompt templates', () => {
    const dir = pythonTask(PARABOLA);
    mkdirSync(join(dir, 'prompts'));
    expect(loadTaskDir(dir).promptsDir).toBe(join(dir, 'prompts'));
  });
});
