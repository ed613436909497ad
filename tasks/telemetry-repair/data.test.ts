import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, snapshotsFromCsv } from './csv-snapshots.js';
import { FIXED_CASES_FILE, loadFixedCases } from './data.js';

const record = (local: string, remote: string, extra: Record<string, unknown> = {}) => ({
  interface_status: 'up',
  rx_rate: 1.5,
  tx_rate: 2.5,
  connected_to: `${remote}_to_${local}`,
  local_router: local,
  remote_router: remote,
  ...extra,
});

function writeCases(cases: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'telemetry-repair-'));
  writeFileSync(join(dir, FIXED_CASES_FILE), JSON.stringify(cases));
  return dir;
}

const goodCase = () => ({
  case: 0,
  csv_row_index: 3,
  timestamp: '2004/03/05 03:00 UTC',
  bug_type: 'dropped',
  topology: { A: ['A_to_B'], B: ['B_to_A'] },
  perturbed: { A_to_B: record('A', 'B', { _ground_truth_rx: 9 }), B_to_A: record('B', 'A') },
  ground_truth: {
    A_to_B: { rx_rate: 9, tx_rate: 2, interface_status: 'up' },
    B_to_A: { rx_rate: 2, tx_rate: 9, interface_status: 'up' },
  },
});

describe('real-data loading', () => {
  it('keeps only the six public fields of each record', () => {
    const [c] = loadFixedCases(writeCases([goodCase()]));
    expect(c!.input.telemetry.A_to_B).toEqual({
      interfaceStatus: 'up',
      rxRate: 1.5,
      txRate: 2.5,
      connectedTo: 'B_to_A',
      localRouter: 'A',
      remoteRouter: 'B',
    });
    expect(c!.truth.A_to_B!.rxRate).toBe(9);
    expect(c!.snapshot).toBe(3);
  });

  it('names the file, the case and the field when the shape is wrong', () => {
    const broken = goodCase();
    (broken.perturbed.B_to_A as Record<string, unknown>).rx_rate = 'fast';
    expect(() => loadFixedCases(writeCases([broken]))).toThrow(
      /fixed_instances_seed42\.json: case 0\.perturbed\.B_to_A\.rx_rate: expected a rate >= 0, got "fast"/,
    );
    const noTruth = goodCase();
    delete (noTruth.ground_truth as Record<string, unknown>).B_to_A;
    expect(() => loadFixedCases(writeCases([noTruth]))).toThrow(/case 0: interface B_to_A has no ground_truth/);
    const badBug = { ...goodCase(), bug_type: 'melted' };
    expect(() => loadFixedCases(writeCases([badBug]))).toThrow(/case 0: unknown bug_type "melted"/);
    const badTopo = { ...goodCase(), topology: { A: ['A_to_B'], B: ['A_to_C'] } };
    expect(() => loadFixedCases(writeCases([badTopo]))).toThrow(
      /case 0\.topology\.B: expected a list of interface ids/,
    );
  });

  it('parses the CSV dict-literal cells, quoted fields included, in column order', () => {
    expect(parseCsv('a,"b,""c""",d\n1,2,3\n')).toEqual([
      ['a', 'b,"c"', 'd'],
      ['1', '2', '3'],
    ]);
    const cell = (g: number, p: string) =>
      `"{'ground_truth': ${g}, 'perturbed': ${p}, 'corrected': None, 'confidence': None}"`;
    const csv = [
      ',timestamp,low_A_egress_to_B,low_A_ingress_from_B,low_B_egress_to_A,low_B_ingress_from_A,low_A_origination',
      `0,t0,${cell(5.5, 'None')},${cell(1e-5, 'None')},${cell(1.25, '1.25')},${cell(5.25, 'None')},${cell(3, 'None')}`,
    ].join('\n');
    const [s] = snapshotsFromCsv(csv, 'x.csv');
    expect(s!.label).toBe('t0');
    expect(s!.interfaces).toEqual([
      { id: 'A_to_B', localRouter: 'A', remoteRouter: 'B', rxRate: 1e-5, txRate: 5.5 },
      { id: 'B_to_A', localRouter: 'B', remoteRouter: 'A', rxRate: 5.25, txRate: 1.25 },
    ]);
    expect(() => snapshotsFromCsv(csv.replace("'ground_truth': 5.5", "'truth': 5.5"), 'x.csv')).toThrow(
      /x\.csv: row 1, column low_A_egress_to_B: expected a dict literal/,
    );
  });
});
