import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWindows, REFERENCE_PARAMS, type GeneratorParams } from './generator.js';

/** The file the shared data folder holds (already-summed windows). */
export const WINDOWS_FILE = 'synthetic_windows_v1.json';

/** Expert-load windows: `windows[w][l * numLogical + e]` = tokens of expert e in layer l during window w. */
export interface EplbWorkload {
  numLayers: number;
  numLogical: number;
  windows: Float64Array[];
}

export function workloadFromNested(windows: unknown, where: string): EplbWorkload {
  const matrix = (w: unknown): w is unknown[][] => Array.isArray(w) && w.every((row) => Array.isArray(row));
  if (!Array.isArray(windows) || windows.length < 2) {
    throw new Error(`${where}: "windows" must be a list of at least 2 windows`);
  }
  const first: unknown = windows[0];
  if (!matrix(first) || first.length === 0 || first[0]!.length === 0) {
    throw new Error(`${where}: windows[0] must be a non-empty [layers][experts] matrix`);
  }
  const L = first.length;
  const E = first[0]!.length;
  const out: Float64Array[] = windows.map((w: unknown, wi) => {
    if (!matrix(w) || w.length !== L) throw new Error(`${where}: windows[${wi}] must have ${L} layers of experts`);
    const flat = new Float64Array(L * E);
    w.forEach((row, l) => {
      if (row.length !== E) throw new Error(`${where}: windows[${wi}][${l}] must have ${E} experts`);
      row.forEach((x, e) => {
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > Number.MAX_SAFE_INTEGER) {
          throw new Error(`${where}: windows[${wi}][${l}][${e}] must be a non-negative integer token count`);
        }
        flat[l * E + e] = x;
      });
    });
    return flat;
  });
  return { numLayers: L, numLogical: E, windows: out };
}

/** Reads `synthetic_windows_v1.json` (or a real trace converted to the same format). */
export function loadWorkload(dir: string): EplbWorkload {
  const file = join(dir, WINDOWS_FILE);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: expected a JSON object`);
  const wl = workloadFromNested((raw as { windows?: unknown }).windows, file);
  for (const [key, value] of [
    ['num_layers', wl.numLayers],
    ['num_logical_experts', wl.numLogical],
    ['num_windows', wl.windows.length],
  ] as const) {
    const declared = (raw as Record<string, unknown>)[key];
    if (declared !== undefined && declared !== value) {
      throw new Error(`${file}: "${key}" says ${JSON.stringify(declared)} but "windows" has ${value}`);
    }
  }
  return wl;
}

/** Synthetic windows from the spec's generator; the reference seed gives the shared file exactly. */
export function syntheticWorkload(seed: number = REFERENCE_PARAMS.seed): EplbWorkload {
  const params: GeneratorParams = { ...REFERENCE_PARAMS, seed };
  return workloadFromNested(generateWindows(params), `synthetic generator (seed ${seed})`);
}
