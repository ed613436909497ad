// Throwaway Redis servers and `adrs worker` processes on loopback, for the distribution tests and benchmarks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { packageRoot } from '../src/core/paths.js';
import { tempDir } from './helpers.js';

/** Servers and workers must not outlive a test process that ends without its afterAll (a timeout, an error). */
function killOnExit(child: ChildProcess): void {
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
}

export const redisInstalled = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (its data is gone: it keeps none). */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

/** A redis-server on 127.0.0.1 that keeps nothing on disk. */
export async function startRedis(): Promise<RedisServer> {
  if (!redisInstalled()) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const port = await freePort();
  const dir = tempDir('adrs-redis-');
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(proc);
    child = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${out}`)), 10_000);
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out}`));
      });
    });
    proc.stdout.resume();
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise((r) => {
      proc.once('exit', r);
      proc.kill('SIGKILL');
    });
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** stderr so far. */
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `adrs worker` in its own process, from the TypeScript sources; resolves once it takes jobs. */
export async function spawnWorker(url: string, name: string, extra: string[] = []): Promise<WorkerProcess> {
  const cli = join(packageRoot(), 'src', 'cli', 'main.ts');
  const args = ['--no-node-snapshot', '--import', 'tsx', cli, 'worker', '--queue', url, '--name', name, ...extra];
  const child = spawn(process.execPath, args, { cwd: packageRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start: ${err}`)), 30_000);
    const poll = setInterval(() => {
      if (err.includes('taking evaluations')) done(resolve);
    }, 20);
    const done = (f: () => void): void => {
      clearTimeout(timer);
      clearInterval(poll);
      f();
    };
    child.once('exit', (code) => done(() => reject(new Error(`worker ${name} exited (${code}): ${err}`))));
  });
  return {
    name,
    child,
    log: () => err,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Programs with their search evaluations, in iteration order. */
export function snapshot(dir: string): unknown[] {
  const db = new Database(join(dir, 'run.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.id, p.hash, p.parent_ids, e.score, e.valid, e.failure_kind FROM programs p
         LEFT JOIN evaluations e ON e.program_id = p.id AND e.purpose = 'search'
         WHERE p.iteration IS NOT NULL ORDER BY p.iteration`,
      )
      .all();
  } finally {
    db.close();
  }
}
