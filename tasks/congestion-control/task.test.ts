import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { createCongestionControlTask } from './task.js';

describe('congestion-control task', () => {
  const task = createCongestionControlTask({});

  it('ships θ-PowerTCP as seed and human SOTA, every program with one evolve block', () => {
    expect(task.defaultSeed).toBe('human-sota');
    expect(task.humanSota).toBe('human-sota');
    expect(Object.keys(task.programs).sort()).toEqual(['human-sota', 'no-cc-4bdp', 'static-window-2500']);
    for (const p of Object.values(task.programs)) {
      expect(p.source.match(/\/\/ EVOLVE-BLOCK-START/g)?.length).toBe(1);
      expect(p.source.match(/\/\/ EVOLVE-BLOCK-END/g)?.length).toBe(1);
      expect(p.source).toMatch(/export function init\(/);
      expect(p.source).not.toMatch(/^import /m);
    }
    // Named constants for the offline mutator to perturb, inside the block.
    const seed = task.programs['human-sota']!.source;
    const block = seed.slice(seed.indexOf('EVOLVE-BLOCK-START'), seed.indexOf('EVOLVE-BLOCK-END'));
    for (const name of ['GAMMA', 'BETA_SCALE', 'INIT_CWND_BDP', 'MAX_CWND_BDP'])
      expect(block).toContain(`const ${name} =`);
  });

  it('states the contract, the objective and the rules to the proposer', () => {
    for (const text of [
      'export function init(f: FlowState, p: CcParams)',
      'onAck(f: FlowState, a: AckEvent',
      'exp(avgThroughputGbps - 20)',
      'starvation',
      'module-level',
    ]) {
      expect(task.description).toContain(text);
    }
  });

  it('has disjoint splits and hands out copies of the scenarios', () => {
    const train = task.instances('train');
    const test = task.instances('test');
    expect(train.length).toBe(11);
    expect(test.length).toBe(6);
    const ids = new Set(train.map((i) => i.id));
    expect(test.some((i) => ids.has(i.id))).toBe(false);
    expect(task.instances('train')[0]!.data).not.toBe(train[0]!.data);
    expect(task.instances('train')[0]!.data).toEqual(train[0]!.data);
  });

  it('a different data seed gives different generated scenarios, the spec ones stay', () => {
    const other = createCongestionControlTask({ dataSeed: 2 });
    expect(other.instances('train')[0]!.id).toBe('incast10');
    expect(other.instances('test')[0]!.id).toBe('incast10-rtt16');
    expect(other.instances('train')[1]!.id).not.toBe(task.instances('train')[1]!.id);
    expect(other.dataSource).toContain('seed 2');
  });

  it('the seed runs well inside the time limit on the largest scenario', async () => {
    const largest = [...task.instances('train'), ...task.instances('test')].sort(
      (a, b) => (b.data as { flows: unknown[] }).flows.length - (a.data as { flows: unknown[] }).flows.length,
    )[0]!;
    const run = async (): Promise<number> => {
      const before = process.cpuUsage();
      const e = await evaluateProgram(task, task.programs['human-sota']!.source, [largest]);
      expect(e.valid).toBe(true);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    await run(); // bundles the harness and computes the θ-PowerTCP reference once
    // CPU time (sandbox thread included), not wall time: the test must not depend on the machine's load.
    expect(await run()).toBeLessThan(task.limits.timeMsPerInstance / 5);
  });
});
