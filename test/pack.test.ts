// The package as users get it: `npm pack`, then `npm install <tarball>` in an empty folder, then the CLI, the
// library and its types from there. Slow (the native modules compile on install), so it lives in its own file.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTask } from '../src/core/load-task.js';
import { BUILTIN_TASKS } from '../tasks/registry.js';
import { tempDir } from './helpers.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const MINUTE = 60_000;

/** What a build must not see: it packs a copy, so a build here never races with a dist/ someone else uses. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'runs', 'test-results', 'coverage', '.adrs-tmp']);

/**
 * The children get a plain environment: under `npm test` the npm_* variables name this repository, and
 * vitest's own variables must not leak into the installed CLI.
 */
const env = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TSX_)/i.test(k)),
  );

interface Output {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs a command to its end; asynchronous, because a worker blocked for the minutes an install takes misses
 * vitest's messages.
 */
function run(cmd: string, args: string[], cwd: string, timeout = 5 * MINUTE): Promise<Output> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: env(), timeout, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (status) => done({ stdout, stderr, status }));
  });
}

/** Like run, and throws with the command's output when it does not exit 0. */
async function sh(cmd: string, args: string[], cwd: string, timeout?: number): Promise<Output> {
  const r = await run(cmd, args, cwd, timeout);
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`,
    );
  return r;
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let root: string;
let app: string;
let packed: Packed;
const seconds: Record<string, number> = {};

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
  }
}

/** Files under `dir` of the packed copy (relative, forward slashes) whose path matches. */
const sourceFiles = (dir: string, match = /./): string[] =>
  readdirSync(join(root, 'repo', dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(join(root, 'repo'), join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => match.test(f));

/** Packs a copy of the repository and installs the tarball in an empty folder (once; every test awaits it). */
async function packAndInstall(): Promise<void> {
  root = tempDir('adrs-pack-');
  const copy = join(root, 'repo');
  cpSync(REPO, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(REPO, src).split(sep)[0]!) });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // `npm pack` runs prepack (the build) and prints its output before the JSON listing.
  const { stdout: out } = await timed('pack', () => sh('npm', ['pack', '--json', '--pack-destination', root], copy));
  const json = out.slice(out.search(/^\[/m));
  packed = (JSON.parse(json) as Packed[])[0]!;

  app = join(root, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // better-sqlite3 and isolated-vm compile from source when no prebuilt binary is reachable: minutes of CPU,
  // niced so that the suite's other files (some time-sensitive) keep their share of the machine.
  const install = ['npm', 'install', join(root, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'];
  const niced = process.platform === 'linux' ? ['nice', '-n', '10', ...install] : install;
  await timed('install', () => sh(niced[0]!, niced.slice(1), app, 20 * MINUTE));
}

let installing: Promise<void> | undefined;
// Not a beforeAll: when a hook fails vitest skips the tests, and a failed install must fail every one of them.
const installed = (): Promise<void> => (installing ??= packAndInstall());

// Each test may be the first to await the install (e.g. under -t), so each gets the install's time.
describe('the packed tarball in an empty folder', { timeout: 25 * MINUTE }, () => {
  afterAll(() => {
    if (packed) {
      const kb = (n: number): string => `${Math.round(n / 1024)} kB`;
      const times = Object.entries(seconds).map(([k, v]) => `${k} ${v} s`);
      console.log(
        `tarball ${kb(packed.size)} (${kb(packed.unpackedSize)} unpacked, ${packed.files.length} files); ${times.join(', ')}`,
      );
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('npm pack, then npm install <tarball> in an empty folder', async () => {
    await installed();
    expect(existsSync(join(app, 'node_modules', 'adrs', 'package.json'))).toBe(true);
  });

  it('holds what runs and nothing of the tests', async () => {
    await installed();
    const paths = new Set(packed.files.map((f) => f.path));
    const needed = [
      'package.json',
      'bin/adrs.js',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/evaluate/worker-main.js',
      'dist/ui/main.js',
      'dist/ui/main.css',
      'tasks/registry.ts',
      // Read as text at run time, or bundled into a task's harness by esbuild.
      ...sourceFiles('src/propose/prompt/templates', /\.md$/),
      ...sourceFiles('src/evaluate/python', /\.py$/),
      ...sourceFiles('tasks', /^tasks\/[^/]+\/(programs\/[^/]+|README\.md|harness\.ts)$/),
      // `adrs init` copies these.
      ...sourceFiles('templates'),
    ];
    expect(needed.filter((p) => !paths.has(p))).toEqual([]);
    const stray = [...paths].filter((p) =>
      /(\.test\.ts|\.map)$|(^|\/)test-[^/]*\.ts$|(^|\/)(test|runs|fixtures)\/|^(bench|docs)\//.test(p),
    );
    expect(stray).toEqual([]);
    // A guard against shipping source maps, sources or data by accident (it is ~0.5 MB).
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it('npx adrs --help', async () => {
    await installed();
    const { stdout: out } = await timed('help', () => sh('npx', ['adrs', '--help'], app));
    expect(out).toMatch(/^Usage: adrs/);
    expect(out).toMatch(/^ {2}run \[options\]/m);
    expect(out).toMatch(/^ {2}tasks \[options\]/m);
  });

  it('npx adrs tasks scores every built-in task (programs and harnesses ship)', async () => {
    await installed();
    const { stdout: out } = await timed('tasks', () => sh('npx', ['adrs', 'tasks', '--json'], app));
    const rows = JSON.parse(out) as {
      name: string;
      unavailable?: string;
      humanSota: string | null;
      seedScore: { train: number | null; test: number | null };
      humanSotaScore: { train: number | null; test: number | null };
    }[];
    expect(rows.map((r) => r.name)).toEqual(BUILTIN_TASKS.map((t) => t.name));
    // Some tasks cannot be built as configured (mas without a model): the same ones as from the sources.
    const unbuildable = BUILTIN_TASKS.filter((t) => {
      try {
        loadTask({ kind: 'builtin', name: t.name, options: {} });
        return false;
      } catch {
        return true;
      }
    }).map((t) => t.name);
    const unavailable = rows.filter((r) => r.unavailable);
    expect(
      unavailable.map((r) => r.name),
      unavailable.map((r) => `${r.name}: ${r.unavailable}`).join('; '),
    ).toEqual(unbuildable);
    // A null score is a failed evaluation, e.g. a harness module that did not bundle from the package.
    const scored = (p: { train: number | null; test: number | null }): boolean =>
      typeof p.train === 'number' && typeof p.test === 'number';
    const failed = rows.filter(
      (r) => !r.unavailable && (!scored(r.seedScore) || (r.humanSota !== null && !scored(r.humanSotaScore))),
    );
    expect(failed).toEqual([]);
  });

  it('npx adrs run prism finishes with a best score', async () => {
    await installed();
    const args = ['adrs', 'run', 'prism', '--iterations', '30', '--runs-dir', 'runs', '--json'];
    const summary = JSON.parse((await timed('run', () => sh('npx', args, app))).stdout) as {
      status: string;
      iterations: number;
      run: string;
      best: { train: number | null; test: number | null };
    };
    expect(summary.status).toBe('finished');
    expect(summary.iterations).toBe(30);
    expect(typeof summary.best.train).toBe('number');
    expect(typeof summary.best.test).toBe('number');
    expect(existsSync(join(summary.run, 'run.db'))).toBe(true);
  });

  it('npx adrs init writes a TypeScript task that npx adrs run runs', async () => {
    await installed();
    await timed('init', () => sh('npx', ['adrs', 'init', 'my-task'], app));
    const args = ['adrs', 'run', 'my-task', '--iterations', '5', '--runs-dir', 'runs', '--json'];
    const summary = JSON.parse((await timed('run-init', () => sh('npx', args, app))).stdout) as {
      status: string;
      best: { train: number | null };
    };
    expect(summary.status).toBe('finished');
    expect(typeof summary.best.train).toBe('number');
  });

  it("import { evolve } from 'adrs' runs", async () => {
    await installed();
    writeFileSync(
      join(app, 'lib.mjs'),
      `import { evolve, BUILTIN_TASKS } from 'adrs';
const s = await evolve({ task: 'prism', runsDir: 'lib-runs', budget: { iterations: 3 }, pipeline: { workers: 1 } });
const best = s.bestSource.length > 0 ? s.best.train : 'no source';
console.log(JSON.stringify({ tasks: BUILTIN_TASKS.length, status: s.status, iterations: s.iterations, best }));
`,
    );
    const { stdout: out } = await timed('library', () => sh('node', ['lib.mjs'], app));
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(typeof result.best).toBe('number');
    expect(result).toEqual({ tasks: BUILTIN_TASKS.length, status: 'finished', iterations: 3, best: result.best });
  });

  it("its types check: import type { ... } from 'adrs'", async () => {
    await installed();
    writeFileSync(
      join(app, 'check.ts'),
      `import { evolve, BUILTIN_TASKS, RunStore, type EvolveOptions, type EvolveResult, type RunEvent } from 'adrs';

const options: EvolveOptions = { task: 'prism', budget: { iterations: 1 }, on: { best: (e) => void e.score.toFixed(2) } };
export const result: Promise<EvolveResult> = evolve(options);
export const names: string[] = BUILTIN_TASKS.map((t) => t.name);
export const kind = (e: RunEvent): string => e.type;
export const open = (dir: string): RunStore => RunStore.open(dir, { readonly: true });
// @ts-expect-error the best source is a string: this line is an error only if the package's types are real
export const wrong: Promise<number> = result.then((r) => r.bestSource);
`,
    );
    // A strict consumer: its own lib check on, so the package's .d.ts files must resolve every type they name.
    // @types/node comes from this repository, as a Node project using adrs would have its own.
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules', '@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await timed('tsc', () => run('node', [tsc, '-p', 'tsconfig.json'], app));
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
