import type { PrismCase } from './data.js';

export const GPU_MEM_GB = 80;
export const FULL_GPU_KVPR = 1_000_000;

/** KV-cache pressure of one GPU holding `models` (indices), summed in list order. */
export function gpuKvpr(c: PrismCase, models: readonly number[]): number {
  let w = 0;
  let size = 0;
  for (const j of models) {
    const m = c.models[j]!;
    w += m.reqRate / m.slo;
    size += m.modelSize;
  }
  const free = GPU_MEM_GB - size;
  return free > 0 ? w / free : FULL_GPU_KVPR;
}

/** Max KVPR over GPUs, in the placement's order. */
export function maxKvpr(c: PrismCase, placement: readonly (readonly number[])[]): number {
  let max = 0;
  let first = true;
  for (const gpu of placement) {
    const k = gpuKvpr(c, gpu);
    if (first || k > max) max = k;
    first = false;
  }
  return max;
}

export function roundRobin(c: PrismCase): number[][] {
  const gpus: number[][] = Array.from({ length: c.gpuNum }, () => []);
  c.models.forEach((_, j) => gpus[j % c.gpuNum]!.push(j));
  return gpus;
}

/** The perfectly balanced lower bound W / (80 g - S). */
export function optimalKvpr(c: PrismCase): number {
  let w = 0;
  let s = 0;
  for (const m of c.models) {
    w += m.reqRate / m.slo;
    s += m.modelSize;
  }
  const denom = GPU_MEM_GB * c.gpuNum - s;
  return denom > 0 ? w / denom : 0;
}

export interface CaseScore {
  baselineKvpr: number;
  optimalKvpr: number;
  solutionKvpr: number;
  rawRatio: number;
  testScore: number;
}

/** The leaderboard's per-case score: 100 sqrt(clip((base - sol)/(base - opt), 0, 1)). */
export function scoreCase(c: PrismCase, placement: readonly (readonly number[])[]): CaseScore {
  const baselineKvpr = maxKvpr(c, roundRobin(c));
  const opt = optimalKvpr(c);
  const solutionKvpr = maxKvpr(c, placement);
  if (baselineKvpr > opt) {
    const rawRatio = (baselineKvpr - solutionKvpr) / (baselineKvpr - opt);
    const clipped = Math.min(1, Math.max(0, rawRatio));
    return { baselineKvpr, optimalKvpr: opt, solutionKvpr, rawRatio, testScore: 100 * clipped ** 0.5 };
  }
  const testScore = solutionKvpr <= opt ? 100 : 0;
  return { baselineKvpr, optimalKvpr: opt, solutionKvpr, rawRatio: NaN, testScore };
}

/**
 * Checks an untrusted placement (GPU id -> model indices, as the harness
 * serialised it): ids are integers in 0..g-1, every model exactly once, at most
 * 80 GB per GPU. Returns the GPU lists in the returned key order, or the reason.
 */
export function validatePlacement(c: PrismCase, output: unknown): { gpus: number[][] } | { error: string } {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) {
    return { error: 'placeModels must return a Map or an object from GPU id to a list of models' };
  }
  const entries = (output as { entries?: unknown }).entries;
  if (!Array.isArray(entries))
    return { error: 'placeModels must return a Map or an object from GPU id to a list of models' };
  const seen = new Array<boolean>(c.models.length).fill(false);
  const gpus: number[][] = [];
  const ids = new Set<number>();
  for (const entry of entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return { error: 'malformed placement entry' };
    const [key, list] = entry as [unknown, unknown];
    const id = typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(id) || id < 0 || id >= c.gpuNum) {
      return { error: `GPU id ${JSON.stringify(key)} is not an integer in 0..${c.gpuNum - 1}` };
    }
    if (ids.has(id)) return { error: `GPU id ${id} appears twice` };
    ids.add(id);
    if (!Array.isArray(list)) return { error: `GPU ${id}: expected a list of models` };
    let size = 0;
    const gpu: number[] = [];
    for (const j of list as unknown[]) {
      if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= c.models.length) {
        return { error: `GPU ${id}: holds something that is not one of the input models` };
      }
      if (seen[j]) return { error: `model_${j} is placed more than once` };
      seen[j] = true;
      size += c.models[j]!.modelSize;
      gpu.push(j);
    }
    if (size > GPU_MEM_GB) return { error: `GPU ${id} holds ${size} GB, more than ${GPU_MEM_GB} GB` };
    gpus.push(gpu);
  }
  const missing = seen.findIndex((s) => !s);
  if (missing >= 0) return { error: `model_${missing} is not placed (${seen.filter((s) => !s).length} missing)` };
  return { gpus };
}
