import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT, sharedAvailable } from '../../test/shared-data.js';
import { loadRealSet, loadWorkloadFile } from './data.js';
import { createTxnSchedulingTask } from './task.js';

const write = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'txn-')), 'workload_1.json');
  writeFileSync(file, content);
  return file;
};

describe('real workload files', () => {
  it.runIf(sharedAvailable('data/txn-scheduling'))('load in key order with the documented shapes', () => {
    const set = loadRealSet(join(DATA_ROOT, 'txn-scheduling'));
    expect(set.workloads.map((w) => [w.name, w.txns.length])).toEqual([
      ['workload_1', 100],
      ['workload_2', 100],
      ['workload_3', 100],
    ]);
    expect(set.workloads[0]!.txns[0]).toBe('w-17 r-5 w-3 r-4 r-54 r-14 w-6 r-11 w-22 r-7 w-1 w-8 w-9 w-27 r-2 r-25');
  });

  it('name the file and the field when the shape is wrong', () => {
    expect(() => loadWorkloadFile(write('[1, 2]'))).toThrow(/workload_1\.json: expected an object/);
    expect(() => loadWorkloadFile(write('{"txn0": "r-1", "txn2": "w-1"}'))).toThrow(
      /workload_1\.json: field 1 is "txn2", expected "txn1"/,
    );
    expect(() => loadWorkloadFile(write('{"txn0": 5}'))).toThrow(/field txn0 must be a string/);
    expect(() => loadWorkloadFile(write('{"txn0": "r-1  w-2"}'))).toThrow(/transaction 0, token 2 "" is not/);
    expect(() => loadWorkloadFile(write('{"txn0": "x-1"}'))).toThrow(/token 1 "x-1" is not r-<key>, w-<key> or \*/);
    expect(() => loadWorkloadFile(write('{'))).toThrow(/workload_1\.json: cannot read JSON/);
  });

  it('an explicit data folder without the workloads is an error, not a silent fallback', () => {
    expect(() => createTxnSchedulingTask({ dataDir: mkdtempSync(join(tmpdir(), 'txn-empty-')) })).toThrow(
      /holds neither txn-scheduling\/workload_1\.json/,
    );
  });
});
