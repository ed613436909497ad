import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/core/run.js';
import { packageRoot } from '../src/core/paths.js';
import { tempDir } from './helpers.js';

const ITERATIONS = 120;

interface Row {
  id: string;
  hash: string;
  parent_ids: string;
  score: number | null;
  valid: number;
  failure_kind: string | null;
}

/** Programs with their search evaluations, in iteration order. */
function snapshot(dir: string): Row[] {
  const db = new Database(join(dir, 'run.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.id, p.hash, p.parent_ids, e.score, e.valid, e.failure_kind FROM programs p
         LEFT JOIN evaluations e ON e.program_id = p.id AND e.purpose = 'search'
         WHERE p.iteration IS NOT NULL ORDER BY p.iteration`,
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

function evaluationCount(dir: string): number {
  if (!existsSync(join(dir, 'run.db'))) return 0;
  try {
    const db = new Database(join(dir, 'run.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM evaluations WHERE purpose = 'search'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // schema not written yet
  }
}

const config = (runsDir: string, name: string, workers: number) => ({
  task: 'prism',
  name,
  runsDir,
  seed: 7,
  budget: { iterations: ITERATIONS },
  pipeline: { workers, inFlight: 4 },
  finalTest: false,
});

describe('resume after kill -9', () => {
  it('loses no finished evaluation and ends exactly like an uninterrupted run', async () => {
    const runsDir = tempDir();
    const reference = await startRun(config(runsDir, 'reference', 1));
    expect(reference.iterations).toBe(ITERATIONS);

    // The same run in a separate process, killed with SIGKILL part way through.
    const cli = join(packageRoot(), 'src', 'cli', 'main.ts');
    const args = [
      '--no-node-snapshot',
      '--import',
      'tsx',
      cli,
      'run',
      'prism',
      '--name',
      'crash',
      '--runs-dir',
      runsDir,
      '--seed',
      '7',
    ];
    args.push('--iterations', String(ITERATIONS), '--workers', '2', '--set', 'finalTest=false', '--json');
    const child = spawn(process.execPath, args, { cwd: packageRoot(), stdio: 'ignore' });
    const dir = join(runsDir, 'crash');
    const deadline = Date.now() + 60_000;
    while (evaluationCount(dir) < 40) {
      if (Date.now() > deadline) throw new Error('the child run made no progress');
      if (child.exitCode !== null) throw new Error(`the child run exited early (${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = snapshot(dir).filter((r) => r.score !== null || r.failure_kind !== null);
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.length).toBeLessThan(ITERATIONS);

    const resumed = await resumeRun(dir);
    expect(resumed.iterations).toBe(ITERATIONS);
    const after = snapshot(dir);
    // Nothing finished before the kill was lost or changed.
    for (const row of before) expect(after.find((r) => r.id === row.id)).toEqual(row);
    // Same programs, lineage and scores as the run that was never interrupted (which used 1 worker, not 2).
    expect(after).toEqual(snapshot(join(runsDir, 'reference')));
    expect(resumed.best).toEqual(reference.best);
  }, 180_000);

  it('a finished run resumed with a larger budget continues', async () => {
    const runsDir = tempDir();
    const first = await startRun({ ...config(runsDir, 'extend', 2), budget: { iterations: 20 } });
    expect(first.iterations).toBe(20);
    const more = await resumeRun(join(runsDir, 'extend'), { budget: { iterations: 40 } });
    expect(more.iterations).toBe(40);
    const straight = await startRun({ ...config(runsDir, 'straight', 2), budget: { iterations: 40 } });
    expect(snapshot(join(runsDir, 'extend'))).toEqual(snapshot(join(runsDir, 'straight')));
    expect(straight.best).toEqual(more.best);
  }, 120_000);
});
