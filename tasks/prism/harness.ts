import type { Harness } from '../../src/core/task.js';

/**
 * Runs inside the sandbox (shipped as source text: no imports, no outer
 * variables). Calls `placeModels` on frozen copies of the case and reports the
 * placement as GPU id -> model indices, found by object identity, so the host
 * scores it against its own copy of the case.
 */
export const prismHarness: Harness = function (candidate, input) {
  const { gpuNum, models } = input as { gpuNum: number; models: readonly object[] };
  const place = candidate.placeModels;
  if (typeof place !== 'function')
    throw new TypeError('invalid output: the program must export a function placeModels(gpuNum, models)');
  const result = (place as (g: number, m: readonly object[]) => unknown)(gpuNum, models);
  if (result === null || typeof result !== 'object') {
    throw new TypeError('invalid output: placeModels must return a Map or an object from GPU id to a list of models');
  }
  const pairs: [unknown, unknown][] =
    result instanceof Map
      ? Array.from(result.entries())
      : Object.keys(result).map((k) => [k, (result as Record<string, unknown>)[k]]);
  const entries = pairs.map(([key, list]) => [
    key,
    Array.isArray(list) ? list.map((m: unknown) => models.indexOf(m as object)) : 'not a list',
  ]);
  return { entries };
};
