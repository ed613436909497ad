import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../src/core/types.js';
import { evaluateProgram } from '../src/evaluate/evaluate-program.js';
import { CandidateSandbox } from '../src/evaluate/sandbox.js';
import { createPrismTask } from '../tasks/prism/task.js';

/**
 * Hostile candidates: each is a complete Prism program (the `body` replaces the
 * seed's `preference` body, or `top` is added at module level inside the evolve
 * block). Every one must be contained and classified with the expected kind,
 * and the next honest evaluation must be unaffected.
 */
const task = createPrismTask({});
const seed = task.programs['naive-first-fit']!.source;
const honest = task.programs['human-sota']!.source;
const instances = task.instances('train').slice(0, 3);
const limits = { timeMsPerInstance: 400, memoryMb: 64 };

const inBody = (body: string): string => seed.replace('  return gpu;', `${body}\n  return gpu;`);
const atTop = (code: string): string => seed.replace('// Naive first fit:', `${code}\n// Naive first fit:`);
/** A placeModels that returns `expr` (evaluated with the real placement in scope as `p`). */
const returning = (expr: string): string =>
  seed.replace('  return placement;\n}', `  const p = placement;\n  return ${expr};\n}`);

const CORPUS: [string, string, FailureKind | 'valid'][] = [
  // time
  ['sync infinite loop', inBody('  for (;;) {}'), 'timeout'],
  ['loop at module load', atTop('while (true) {}'), 'timeout'],
  ['async infinite loop', inBody('  (async () => { for (;;) { await null; } })();'), 'timeout'],
  ['promise returned instead of a placement', returning('Promise.resolve(p)'), 'invalid'],
  ['deep recursion', inBody('  const f = (n: number): number => f(n + 1) + 1; f(0);'), 'exception'],
  // memory and output size
  ['memory bomb (arrays)', inBody('  const a: number[][] = []; for (;;) a.push(new Array(4e6).fill(1));'), 'memory'],
  ['memory bomb (strings)', inBody("  let s = 'x'; for (;;) s += s;"), 'exception'],
  [
    'huge lists of foreign values',
    returning("new Map([[0, Array.from({ length: 3 }, () => 'x'.repeat(3e7))]])"),
    'invalid',
  ],
  // dynamic code, modules and host access
  ['eval of a loop', inBody("  eval('for(;;){}');"), 'timeout'],
  ['Function constructor reaching process', inBody("  new Function('return process.env')();"), 'forbidden'],
  ['require fs', inBody("  require('fs').readFileSync('/etc/passwd');"), 'forbidden'],
  [
    'import of a node module',
    `import { execSync } from 'node:child_process';\n${inBody("  execSync('id');")}`,
    'forbidden',
  ],
  ['dynamic import', inBody("  void import('node:fs');"), 'forbidden'],
  ['process.env', inBody('  const k = process.env.HOME; if (k) return 0;'), 'forbidden'],
  ['process.exit', inBody('  process.exit(0);'), 'forbidden'],
  ['fetch', inBody("  void fetch('http://127.0.0.1:1/');"), 'forbidden'],
  ['WebAssembly', inBody('  void WebAssembly.compile(new Uint8Array([0, 97, 115, 109]));'), 'forbidden'],
  ['timers that outlive the call', inBody('  setTimeout(() => { for (;;) {} }, 0);'), 'forbidden'],
  ['SharedArrayBuffer', inBody('  new SharedArrayBuffer(8);'), 'forbidden'],
  // tampering with intrinsics and the harness
  ['Math.max override', atTop('Math.max = () => 0;'), 'forbidden'],
  ['Array.prototype.push override', atTop('Array.prototype.push = function () { return 0; };'), 'forbidden'],
  ['JSON.stringify override', atTop('JSON.stringify = () => "{}";'), 'forbidden'],
  ['Object.defineProperty on Math', atTop("Object.defineProperty(Math, 'min', { value: () => 0 });"), 'forbidden'],
  ['redefine the runner', atTop("(globalThis as any).__adrsRun = () => '{}';"), 'forbidden'],
  ['mutate the input models', inBody('  (model as any).reqRate = 0;'), 'forbidden'],
  [
    'sort the frozen input in place',
    seed.replace(
      '  for (const model of models) {',
      '  (models as any).sort(() => 0);\n  for (const model of models) {',
    ),
    'forbidden',
  ],
  // results that lie
  ['NaN GPU ids', returning('new Map([[NaN, [...models]]])'), 'invalid'],
  ['Infinity GPU id', returning('new Map([[Infinity, [...models]]])'), 'invalid'],
  ['-0 and negative ids', returning('new Map([[-1, [...models]]])'), 'invalid'],
  ['getter that changes its answer', returning('{ get 0() { return [...models]; } }'), 'invalid'],
  [
    'proxy pretending to hold everything',
    returning(
      'new Proxy({}, { ownKeys: () => ["0"], getOwnPropertyDescriptor: () => ({ value: models, enumerable: true, configurable: true }) })',
    ),
    'invalid',
  ],
  ['copies of the models', returning('new Map([...p].map(([g, ms]) => [g, ms.map((m) => ({ ...m }))]))'), 'invalid'],
  ['a model dropped', returning('new Map([...p].map(([g, ms]) => [g, g === 0 ? ms.slice(1) : ms]))'), 'invalid'],
  [
    'a model placed twice',
    returning('new Map([...p].map(([g, ms]) => [g, g === 0 ? [...ms, models[models.length - 1]] : ms]))'),
    'invalid',
  ],
  // throwing odd values
  ['throws a number', inBody('  throw 42;'), 'exception'],
  ['throws undefined', inBody('  throw undefined;'), 'exception'],
  ['throws an object with a getter', inBody('  throw { get message() { for (;;) {} } };'), 'exception'],
  // compile errors
  ['syntax error', seed.replace('return gpu;', 'return gpu +;'), 'compile'],
  // reading another candidate's data: globals do not survive between evaluations
  ['leaves a global for the next candidate', atTop('(globalThis as any).stash = 42;'), 'valid'],
];

describe('hostile candidate corpus', () => {
  it('has at least 30 programs', () => expect(CORPUS.length).toBeGreaterThanOrEqual(30));

  it.each(CORPUS)('%s', async (_name, source, expected) => {
    const e = await evaluateProgram(task, source, instances, limits);
    if (expected === 'valid') expect(e.valid).toBe(true);
    else {
      expect(e.valid).toBe(false);
      expect(e.failure?.kind).toBe(expected);
      expect(e.failure?.message.length).toBeGreaterThan(5);
    }
    // The next honest evaluation is unaffected (fresh isolate, untouched host).
    const after = await evaluateProgram(task, honest, instances, limits);
    expect(after.valid).toBe(true);
    expect(Math.max(1, 2)).toBe(2);
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
  });

  it('an answer larger than 64M characters is rejected as too large, not copied', async () => {
    const loaded = await CandidateSandbox.load(
      "var __candidate = { big: () => 'x'.repeat(7e7) };",
      (c: Record<string, unknown>) => (c.big as () => string)(),
      { timeMsPerInstance: 5000, memoryMb: 512 },
    );
    if (!('sandbox' in loaded)) throw new Error(loaded.failure.message);
    const out = await loaded.sandbox.run({});
    loaded.sandbox.dispose();
    expect(out.ok).toBe(false);
    expect(!out.ok && out.failure).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/output too large/) as string,
    });
  });

  it('another candidate cannot read the global a previous one left', async () => {
    await evaluateProgram(task, atTop('(globalThis as any).stash = [1, 2, 3];'), instances, limits);
    const e = await evaluateProgram(
      task,
      inBody('  if ((globalThis as any).stash) throw new Error("saw the stash");'),
      instances,
      limits,
    );
    expect(e.valid).toBe(true);
  });
});
