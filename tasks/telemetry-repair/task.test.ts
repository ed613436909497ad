import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { findBlocks } from '../../src/propose/edit/evolve-block.js';
import { createTelemetryRepairTask, TRAIN_CASES } from './task.js';

describe('telemetry-repair task', () => {
  const task = createTelemetryRepairTask({});

  it('splits the 30 cases 20 train / 10 test, disjoint and in case order', () => {
    const train = task.instances('train').map((i) => i.id);
    const test = task.instances('test').map((i) => i.id);
    expect(train.length).toBe(TRAIN_CASES);
    expect(test.length).toBe(10);
    expect(train[0]).toBe('case-00');
    expect(test[0]).toBe('case-20');
    expect(train.filter((id) => test.includes(id))).toEqual([]);
  });

  it('every program has one evolve block and the default seed and human SOTA exist', () => {
    for (const p of Object.values(task.programs)) {
      const blocks = findBlocks(p.source);
      expect(Array.isArray(blocks) && blocks.length).toBe(1);
    }
    expect(task.programs[task.defaultSeed]).toBeDefined();
    expect(task.programs[task.humanSota!]).toBeDefined();
  });

  it('the seed repairs nothing and the Hodor-style baseline beats the identity on both splits', async () => {
    for (const split of ['train', 'test'] as const) {
      const seed = await evaluateProgram(task, task.programs.seed!.source, task.instances(split));
      expect(seed.metrics.counter_repair_accuracy).toBe(0);
      expect(seed.score).toBeLessThan(6);
      const identity = await evaluateProgram(task, task.programs.identity!.source, task.instances(split));
      const hodor = await evaluateProgram(task, task.programs['human-sota']!.source, task.instances(split));
      expect(hodor.valid).toBe(true);
      expect(hodor.score!).toBeGreaterThan(identity.score! + 5);
    }
  });

  it('the seed weights give the mutator a gradient: one change to 30+, two to the identity', async () => {
    const one = task.programs.seed!.source.replace('const OWN_WEIGHT = 0;', 'const OWN_WEIGHT = 1;');
    const e1 = await evaluateProgram(task, one, task.instances('train'));
    expect(e1.score!).toBeGreaterThan(30);
    const two = one.replace('const DISAGREE_OWN_WEIGHT = 0;', 'const DISAGREE_OWN_WEIGHT = 1;');
    const e2 = await evaluateProgram(task, two, task.instances('train'));
    const identity = await evaluateProgram(task, task.programs.identity!.source, task.instances('train'));
    expect(e2.metrics.counter_repair_accuracy).toBe(identity.metrics.counter_repair_accuracy);
    expect(e2.score!).toBeGreaterThan(e1.score!);
  });

  it('evaluates the seed on the train split quickly', async () => {
    const started = performance.now();
    await evaluateProgram(task, task.programs.seed!.source, task.instances('train'));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
