// Source text evaluated inside each fresh isolate before any candidate code.
// It (1) replaces every ambient capability a candidate might reach for with a
// stub that reports the attempt to the host, (2) installs the runner that calls
// the task's harness and serialises its answer, and (3) deep-freezes every
// intrinsic and pins every global, so the candidate cannot change `Math`,
// `JSON`, `Array.prototype` or the runner that the harness relies on.

/** Globals that do not exist in the sandbox; touching one is a `forbidden` failure. */
export const FORBIDDEN_GLOBALS = [
  'require',
  'process',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'Deno',
  'Bun',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'SharedArrayBuffer',
  'Atomics',
  'WebAssembly',
] as const;

export const PRELUDE = String.raw`
'use strict';
(function () {
  const report = __adrsReport;
  const forbidden = ${JSON.stringify(FORBIDDEN_GLOBALS)};
  for (const name of forbidden) {
    const stub = function () {
      report(name + '()');
      throw new Error('forbidden: ' + name + ' is not available in the sandbox');
    };
    Object.defineProperty(globalThis, name, {
      get() {
        report(name);
        return new Proxy(stub, {
          get(_t, key) {
            report(name + '.' + String(key));
            throw new Error('forbidden: ' + name + '.' + String(key) + ' is not available in the sandbox');
          },
        });
      },
      set() {
        report(name + ' (assignment)');
        throw new TypeError('forbidden: cannot assign ' + name + ' in the sandbox');
      },
      configurable: false,
      enumerable: false,
    });
  }
  // esbuild's keepNames helper, in case a harness was transpiled with it.
  Object.defineProperty(globalThis, '__name', { value: (f) => f, writable: false, configurable: false });
  Object.defineProperty(globalThis, 'globalThis', { value: globalThis, writable: false, configurable: false });
  delete globalThis.__adrsReport;
})();
`;

/** Installs the runner; `harnessSource` is the text of a function expression. */
export function runnerSource(harnessSource: string): string {
  return String.raw`
'use strict';
(function () {
  const harness = (${harnessSource});
  const freeze = (value, seen) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (seen.has(value)) return;
    seen.add(value);
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) freeze(d.value, seen);
      else if (d) { freeze(d.get, seen); freeze(d.set, seen); }
    }
    freeze(Object.getPrototypeOf(value), seen);
  };
  const stringify = JSON.stringify;
  const run = function (inputJson) {
    const input = JSON.parse(inputJson);
    freeze(input, new WeakSet());
    const started = Date.now();
    const output = harness(globalThis.__candidate ?? {}, input);
    const elapsedMs = Date.now() - started;
    if (output !== null && typeof output === 'object' && typeof output.then === 'function') {
      throw new TypeError('invalid output: the entry function must return synchronously, not a Promise');
    }
    const text = stringify(output === undefined ? null : output, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { __nonFinite: String(v) };
      if (typeof v === 'bigint') return { __bigint: String(v) };
      return v;
    });
    return stringify({ elapsedMs, output: text === undefined ? 'null' : text });
  };
  Object.defineProperty(globalThis, '__adrsRun', { value: run, writable: false, configurable: false });
  // Pin every global and deep-freeze every intrinsic reachable from them.
  const seen = new WeakSet([globalThis]); // the global itself stays extensible for the candidate's own names
  for (const key of Reflect.ownKeys(globalThis)) {
    const d = Object.getOwnPropertyDescriptor(globalThis, key);
    if (!d) continue;
    if ('value' in d) {
      freeze(d.value, seen);
      if (d.configurable) Object.defineProperty(globalThis, key, { value: d.value, writable: false, configurable: false, enumerable: d.enumerable });
    }
  }
})();
`;
}
