import { describe, expect, it } from 'vitest';
import { createPrismTask } from '../tasks/prism/task.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import { startRun } from '../src/core/run.js';
import { RunStore } from '../src/store/store.js';
import { ScriptedProposer, tempDir } from './helpers.js';

const task = createPrismTask({});
const seed = task.programs['naive-first-fit']!.source;
/** The seed with the body of `preference` replaced: edits stay inside the evolve block. */
const withPreference = (body: string) => (parent: string) => parent.replace('  return gpu;', body);

const HOSTILE: [string, string, string][] = [
  ['an infinite loop', '  while (true) {}\n  return gpu;', 'timeout'],
  [
    'a memory bomb',
    '  const hog: number[][] = [];\n  for (;;) hog.push(new Array(4e6).fill(gpu));\n  return gpu;',
    'memory',
  ],
  [
    "require('fs')",
    "  const fs = require('fs');\n  fs.writeFileSync('/tmp/adrs-pwned', 'x');\n  return gpu;",
    'forbidden',
  ],
  ['a process.env read', '  const key = process.env.OPENAI_API_KEY;\n  return key ? gpu : gpu;', 'forbidden'],
  ['fetch', "  fetch('http://127.0.0.1:9/steal');\n  return gpu;", 'forbidden'],
  ['a Math.max override', '  Math.max = () => 0;\n  return gpu;', 'forbidden'],
  ['a module-level import', '', 'forbidden'],
];

describe('hostile candidates are contained with the right failure kind', () => {
  const limits = { timeMsPerInstance: 1500, memoryMb: 64 };
  it.each(HOSTILE.slice(0, 6))('%s', async (_name, body, kind) => {
    const e = await evaluateProgram(task, withPreference(body)(seed), task.instances('train').slice(0, 4), limits);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe(kind);
  });

  it('an import of a Node module', async () => {
    const source = `import { readFileSync } from 'node:fs';\n${seed.replace('  return gpu;', "  readFileSync('/etc/passwd');\n  return gpu;")}`;
    const e = await evaluateProgram(task, source, task.instances('train').slice(0, 2), limits);
    expect(e.failure?.kind).toBe('forbidden');
    expect(e.failure?.message).toMatch(/require/);
  });

  it('a candidate that catches the forbidden error is still reported', async () => {
    const body = '  try { process.exit(1); } catch {}\n  return gpu;';
    const e = await evaluateProgram(task, withPreference(body)(seed), task.instances('train').slice(0, 2), limits);
    expect(e.failure?.kind).toBe('forbidden');
    expect(e.failure?.message).toMatch(/process/);
  });

  it('the host keeps its own Math.max after a candidate tried to replace it', async () => {
    await evaluateProgram(
      task,
      withPreference('  Math.max = () => 0;\n  return gpu;')(seed),
      task.instances('train').slice(0, 1),
      limits,
    );
    expect(Math.max(1, 2)).toBe(2);
  });
});

describe('a run goes on through hostile children', () => {
  it('records each failure kind and still finds the valid child', async () => {
    const good = withPreference('  return (load + model.reqRate / model.slo) / (free - model.modelSize);');
    const proposer = new ScriptedProposer([...HOSTILE.slice(0, 6).map(([, body]) => withPreference(body)), good]);
    const runsDir = tempDir();
    const summary = await startRun(
      {
        task: 'prism',
        name: 'hostile',
        runsDir,
        budget: { iterations: 7 },
        pipeline: { workers: 2, inFlight: 3 },
        limits: { timeMsPerInstance: 1500, memoryMb: 64 },
        strategy: { name: 'islands', islands: 1, crossoverRate: 0 },
        finalTest: false,
      },
      { proposer },
    );
    expect(summary.status).toBe('finished');
    expect(summary.best.programId).toBe('p7');
    expect(summary.best.train).toBeGreaterThan(0);
    const store = RunStore.open(`${runsDir}/hostile`, { readonly: true });
    try {
      const kinds = HOSTILE.slice(0, 6).map(
        (_, i) => store.getEvaluation(`p${i + 1}`, 'train', 'search')?.failure?.kind,
      );
      expect(kinds).toEqual(HOSTILE.slice(0, 6).map(([, , kind]) => kind));
      expect(store.cost()).toBeCloseTo(0.07, 10);
    } finally {
      store.close();
    }
  });
});
