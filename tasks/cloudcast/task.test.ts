import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import type { CloudcastInstanceData } from './contract.js';
import { graphFromCsv, parseConfig } from './data.js';
import { createCloudcastTask, LEADERBOARD_ID } from './task.js';

describe('cloudcast task: instances and split', () => {
  it('without data: a synthetic graph, 4 train and 8 held-out suites, shifted by dataSeed', () => {
    const task = createCloudcastTask({});
    expect(task.instances('train').map((i) => i.id)).toEqual(['suite-1', 'suite-2', 'suite-3', 'suite-4']);
    expect(task.instances('test').map((i) => i.id)).toEqual([5, 6, 7, 8, 9, 10, 11, 12].map((k) => `suite-${k}`));
    expect(task.dataSource).toMatch(/synthetic region graph \(seed 1\)/);
    const shifted = createCloudcastTask({ dataSeed: 5 });
    expect(shifted.instances('train')[0]!.id).toBe('suite-5');
    const a = shifted.instances('train')[0]!.data as CloudcastInstanceData;
    const b = task.instances('test')[0]!.data as CloudcastInstanceData;
    expect(a.configs).not.toEqual(b.configs); // same suite seed, different graph seed
  });

  it.runIf(sharedAvailable('data/cloudcast'))(
    'with real data: the leaderboard suite and 3 synthetic suites train, 8 test',
    () => {
      const task = createCloudcastTask({ dataDir: DATA_ROOT });
      expect(task.instances('train').map((i) => i.id)).toEqual([LEADERBOARD_ID, 'suite-1', 'suite-2', 'suite-3']);
      expect(task.instances('test')).toHaveLength(8);
      const lb = task.instances('train')[0]!.data as CloudcastInstanceData;
      expect(lb.configs.map((c) => c.source)).toEqual([
        'aws:ap-northeast-1',
        'azure:australiaeast',
        'gcp:us-east1-b',
        'gcp:asia-southeast1-a',
        'gcp:asia-southeast1-a',
      ]);
      expect(lb.graph.nodes).toHaveLength(71);
    },
  );

  it('hands out copies: changing instance data cannot change how the task scores', async () => {
    const task = createCloudcastTask({});
    const inst = task.instances('train').slice(0, 1);
    const before = await evaluateProgram(task, task.programs['dijkstra-seed']!.source, inst);
    const data = task.instances('train')[0]!.data as CloudcastInstanceData;
    data.configs[0]!.destinations.pop();
    data.graph.edges.fill(0);
    const after = await evaluateProgram(
      task,
      task.programs['dijkstra-seed']!.source,
      task.instances('train').slice(0, 1),
    );
    expect(after.score).toBe(before.score);
  });

  it('orders the reference programs: direct 0 <= seed < human-sota = 100 on both splits', async () => {
    const task = createCloudcastTask({});
    for (const split of ['train', 'test'] as const) {
      const inst = task.instances(split);
      const [direct, seed, sota] = await Promise.all(
        ['direct-replication', 'dijkstra-seed', 'human-sota'].map((p) =>
          evaluateProgram(task, task.programs[p]!.source, inst),
        ),
      );
      expect(direct!.score).toBe(0);
      expect(seed!.score).toBeGreaterThan(0);
      expect(seed!.score).toBeLessThan(20);
      expect(sota!.score).toBe(100);
    }
  });

  it('the seed knob REUSE_FACTOR < 1 (links shared between destinations) beats the seed on held-out suites', async () => {
    const task = createCloudcastTask({});
    const seed = task.programs['dijkstra-seed']!.source;
    expect(seed).toContain('const REUSE_FACTOR = 1.0;');
    const test = task.instances('test');
    const base = await evaluateProgram(task, seed, test);
    const shared = await evaluateProgram(task, seed.replace('REUSE_FACTOR = 1.0', 'REUSE_FACTOR = 0.5'), test);
    expect(shared.score!).toBeGreaterThan(base.score! + 30);
  });
});

describe('cloudcast data loading names the file and the field', () => {
  const tp = 'src_region,dst_region,throughput_sent\naws:a,aws:b,5000000000\naws:b,aws:a,4000000000\naws:a,aws:a,1\n';
  const cost = 'src,dest,cost\naws:a,aws:b,0.02\naws:b,aws:a,0.09\n';

  it('builds the graph the reference way (self pairs skipped, throughput x2 / 1e9)', () => {
    const g = graphFromCsv(tp, cost, 'tp.csv', 'cost.csv');
    expect(g.nodes).toEqual(['aws:a', 'aws:b']);
    expect(g.edges).toEqual([0, 1, 0.02, 10, 1, 0, 0.09, 8]);
  });

  it('rejects missing columns, bad numbers and unpriced links', () => {
    expect(() => graphFromCsv('src_region,dst_region\naws:a,aws:b\n', cost, 'tp.csv', 'cost.csv')).toThrow(
      /tp\.csv: missing column throughput_sent/,
    );
    expect(() => graphFromCsv(tp.replace('5000000000', 'fast'), cost, 'tp.csv', 'cost.csv')).toThrow(
      /tp\.csv: line 2: throughput_sent is not a number/,
    );
    expect(() => graphFromCsv(tp, 'src,dest,cost\naws:a,aws:b,0.02\n', 'tp.csv', 'cost.csv')).toThrow(
      /cost\.csv: no cost for the measured pair aws:b -> aws:a/,
    );
  });

  it('rejects configs with unknown regions or bad fields', () => {
    const g = graphFromCsv(tp, cost, 'tp.csv', 'cost.csv');
    const ok = { source_node: 'aws:a', dest_nodes: ['aws:b'], data_vol: 300, num_partitions: 10 };
    expect(parseConfig(JSON.stringify(ok), 'c.json', 'c', g).destinations).toEqual(['aws:b']);
    expect(() => parseConfig(JSON.stringify({ ...ok, dest_nodes: ['aws:z'] }), 'c.json', 'c', g)).toThrow(
      /c\.json: dest_nodes holds "aws:z"/,
    );
    expect(() => parseConfig(JSON.stringify({ ...ok, num_partitions: 0 }), 'c.json', 'c', g)).toThrow(
      /c\.json: num_partitions must be a positive integer/,
    );
    expect(() => parseConfig(JSON.stringify({ ...ok, egress_limit: { aws: -1 } }), 'c.json', 'c', g)).toThrow(
      /c\.json: egress_limit\.aws must be a positive number/,
    );
  });
});
