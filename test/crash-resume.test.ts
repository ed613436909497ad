import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/core/paths.js';
import { deriveRng } from '../src/core/rng.js';
import { resumeRun, startRun } from '../src/core/run.js';
import { tempDir } from './helpers.js';

const ITERATIONS = 120;
const KILLS = 20;

function rows(
  dir: string,
): { id: string; hash: string; parent_ids: string; score: number | null; kind: string | null; n: number }[] {
  const db = new Database(join(dir, 'run.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.id, p.hash, p.parent_ids, e.score, e.failure_kind AS kind, (SELECT COUNT(*) FROM evaluations x WHERE x.program_id = p.id) AS n
         FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id AND e.purpose = 'search'
         WHERE p.iteration IS NOT NULL ORDER BY p.iteration`,
      )
      .all() as ReturnType<typeof rows>;
  } finally {
    db.close();
  }
}

function evaluations(dir: string): number {
  if (!existsSync(join(dir, 'run.db'))) return 0;
  try {
    const db = new Database(join(dir, 'run.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM evaluations WHERE purpose = 'search'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('crash and resume', () => {
  it(`SIGKILL at ${KILLS} seeded random points loses nothing and ends like an uninterrupted run`, async () => {
    const runsDir = tempDir();
    const base = {
      task: 'prism',
      runsDir,
      seed: 11,
      budget: { iterations: ITERATIONS },
      pipeline: { workers: 2 },
      finalTest: false,
    };
    await startRun({ ...base, name: 'straight' });
    const dir = join(runsDir, 'crashy');
    const rng = deriveRng(2026, 'kill-points');
    const points = Array.from({ length: KILLS }, () => 1 + rng.int(ITERATIONS - 20)).sort((a, b) => a - b);
    const cli = join(packageRoot(), 'src', 'cli', 'main.ts');
    const common = ['--no-node-snapshot', '--import', 'tsx', cli];
    let kills = 0;
    const finished = new Map<string, unknown>();
    for (const point of points) {
      const args = existsSync(join(dir, 'run.db'))
        ? [...common, 'resume', dir, '--json']
        : [
            ...common,
            'run',
            'prism',
            '--name',
            'crashy',
            '--runs-dir',
            runsDir,
            '--seed',
            '11',
            '--iterations',
            String(ITERATIONS),
            '--workers',
            '2',
            '--set',
            'finalTest=false',
            '--json',
          ];
      const child = spawn(process.execPath, args, { cwd: packageRoot(), stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      const deadline = Date.now() + 60_000;
      while (evaluations(dir) < point && child.exitCode === null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, rng.int(40)));
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        kills++;
      }
      await exited;
      // Everything finished so far must survive every later crash unchanged.
      for (const r of rows(dir)) if (r.score !== null || r.kind !== null) finished.set(r.id, r);
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS - 2);
    const summary = await resumeRun(dir);
    expect(summary.iterations).toBe(ITERATIONS);
    const after = rows(dir);
    for (const [id, r] of finished) expect(after.find((x) => x.id === id)).toEqual(r);
    expect(after.every((r) => r.n === 1)).toBe(true); // no duplicate evaluation
    expect(after).toEqual(rows(join(runsDir, 'straight')));
  }, 300_000);
});
