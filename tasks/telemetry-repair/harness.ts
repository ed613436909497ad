import type { Harness } from '../../src/core/task.js';

/**
 * Runs inside the sandbox (shipped as source text: no imports, no outer
 * variables). Calls `repairTelemetry(telemetry, topology)` on the frozen public
 * input and copies, for every input interface id, the three triples into plain
 * data (primitives only; anything else becomes a description). The host
 * validates and scores the copy against its own ground truth.
 */
export const telemetryHarness: Harness = function (candidate, input) {
  const { telemetry, topology } = input as { telemetry: Record<string, unknown>; topology: unknown };
  const repair = candidate.repairTelemetry;
  if (typeof repair !== 'function')
    throw new TypeError('invalid output: the program must export a function repairTelemetry(telemetry, topology)');
  const result: unknown = (repair as (t: unknown, g: unknown) => unknown)(telemetry, topology);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return {
      error: `repairTelemetry returned ${Array.isArray(result) ? 'an array' : result === null ? 'null' : typeof result}, not an object keyed by interface id`,
      repairs: {},
    };
  }
  const lookup = (id: string): unknown =>
    result instanceof Map
      ? (result as Map<unknown, unknown>).get(id)
      : Object.prototype.hasOwnProperty.call(result, id)
        ? (result as Record<string, unknown>)[id]
        : undefined;
  const describe = (v: unknown): string =>
    v === null ? 'null' : Array.isArray(v) ? `an array of length ${v.length}` : typeof v;
  const copyTriple = (v: unknown): unknown[] | string => {
    if (!Array.isArray(v)) return describe(v);
    if (v.length !== 3) return describe(v);
    const out: unknown[] = [];
    for (let k = 0; k < 3; k++) {
      const x: unknown = v[k];
      out.push(typeof x === 'number' || typeof x === 'string' ? x : { notAPrimitive: describe(x) });
    }
    return out;
  };
  const repairs: Record<string, unknown> = {};
  for (const id of Object.keys(telemetry)) {
    const entry = lookup(id);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      repairs[id] = entry === undefined ? 'missing' : describe(entry);
      continue;
    }
    const e = entry as Record<string, unknown>;
    repairs[id] = {
      rxRate: copyTriple(e.rxRate),
      txRate: copyTriple(e.txRate),
      interfaceStatus: copyTriple(e.interfaceStatus),
    };
  }
  return { repairs };
};
