// Source text evaluated inside each fresh isolate before any candidate code.
// It (1) replaces every ambient capability a candidate might reach for with a
// stub that reports the attempt to the host, (2) installs the runner that calls
// the task's harness and serialises its answer, and (3) locks every
// intrinsic and pins every global, so the candidate cannot change `Math`,
// `JSON`, `Array.prototype` or the runner that the harness relies on.
// (Scores never depend on this: the host recomputes them from the decisions.)

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

/**
 * Installs the runners; `harnessSource` is the text of a function expression.
 * `__adrsRun` calls a synchronous harness; `__adrsRunAsync` awaits an async one
 * and gives it the host's functions through the `__adrsHost` reference (set by
 * the host before this script for async tasks, and removed here before any
 * candidate code runs, so only the harness's closures can reach it).
 */
export function runnerSource(harnessSource: string): string {
  return String.raw`
'use strict';
(function () {
  const harness = (${harnessSource});
  const hostRef = globalThis.__adrsHost;
  delete globalThis.__adrsHost;
  // Inputs are deep-frozen data (their prototypes are the locked intrinsics, not walked here).
  const freezeData = (value) => {
    if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const key of Object.keys(value)) freezeData(value[key]);
  };
  // Intrinsics are locked property by property (non-writable, non-configurable) rather than
  // Object.freeze'd: freezing Array.prototype and friends makes V8 take slow paths for every
  // element store in the isolate (about 10x slower array and typed-array writes).
  const lock = (value, seen) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      if (d.configurable) {
        try {
          Object.defineProperty(value, key, 'value' in d ? { writable: false, configurable: false } : { configurable: false });
        } catch {
          /* exotic property that cannot be redefined */
        }
      }
      if ('value' in d) lock(d.value, seen);
      else { lock(d.get, seen); lock(d.set, seen); }
    }
    lock(Object.getPrototypeOf(value), seen);
  };
  const stringify = JSON.stringify;
  const own = (o, key) => {
    const d = Object.getOwnPropertyDescriptor(o, key);
    return d && 'value' in d ? d.value : undefined;
  };
  // Reads only own data properties: no getter, proxy trap or toString of the candidate's runs.
  const describeThrown = (e) => {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return typeof e === 'symbol' ? 'a symbol was thrown' : 'thrown: ' + String(e);
    if (Object.prototype.toString.call(e) === '[object Error]' || e instanceof Error) {
      const message = own(e, 'message');
      const name = own(Object.getPrototypeOf(e) ?? {}, 'name');
      const text = typeof message === 'string' ? message : '(no message)';
      return (typeof name === 'string' && name !== 'Error' ? name + ': ' : '') + text;
    }
    return 'a non-Error object was thrown';
  };
  const serialise = (output, elapsedMs) => {
    const text = stringify(output === undefined ? null : output, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { __nonFinite: String(v) };
      if (typeof v === 'bigint') return { __bigint: String(v) };
      return v;
    });
    return stringify({ elapsedMs, output: text === undefined ? 'null' : text });
  };
  const parse = JSON.parse;
  const noHost = Object.freeze({
    deadline: Infinity,
    call: () => Promise.reject(new Error('this task lends no host functions to the sandbox')),
  });
  const run = function (inputJson) {
    const input = JSON.parse(inputJson);
    freezeData(input);
    const started = Date.now();
    let output;
    try {
      output = harness(globalThis.__candidate ?? {}, input, noHost);
    } catch (thrown) {
      // Rethrown as a plain Error built here, inside the time limit: copying an arbitrary
      // thrown object out of the isolate could run its getters with no limit at all.
      throw new Error(describeThrown(thrown));
    }
    const elapsedMs = Date.now() - started;
    if (output !== null && typeof output === 'object' && typeof output.then === 'function') {
      throw new TypeError('invalid output: the entry function must return synchronously, not a Promise');
    }
    return serialise(output, elapsedMs);
  };
  // Host calls cross as strings only (JSON), so no object of the host is ever reachable here.
  // Bound to one run (runId): a host object kept from an earlier run is refused by the host.
  const call = (runId, name, args) => {
    if (!hostRef) return Promise.reject(new Error('this task lends no host functions to the sandbox'));
    let text;
    try {
      text = stringify(args);
    } catch (e) {
      return Promise.reject(new TypeError('host call ' + String(name) + ': arguments are not JSON: ' + describeThrown(e)));
    }
    return hostRef
      .apply(undefined, [runId, String(name), text === undefined ? '[]' : text], {
        result: { promise: true, copy: true },
      })
      .then((reply) => {
        const answer = parse(reply);
        if (Object.hasOwn(answer, 'error')) throw new Error(answer.error);
        return answer.value;
      });
  };
  const runAsync = async function (inputJson, deadline, runId) {
    const input = parse(inputJson);
    freezeData(input);
    const host = Object.freeze({ deadline, call: (name, ...args) => call(runId, name, args) });
    const started = Date.now();
    let output;
    try {
      output = await harness(globalThis.__candidate ?? {}, input, host);
    } catch (thrown) {
      throw new Error(describeThrown(thrown));
    }
    return serialise(output, Date.now() - started);
  };
  Object.defineProperty(globalThis, '__adrsRun', { value: run, writable: false, configurable: false });
  Object.defineProperty(globalThis, '__adrsRunAsync', { value: runAsync, writable: false, configurable: false });
  // Pin every global and lock every intrinsic reachable from them.
  lock(globalThis, new WeakSet());
})();
`;
}
