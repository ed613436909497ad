import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MT19937 } from '../../src/core/mt19937.js';

export interface PrismModel {
  modelName: string;
  modelSize: number;
  reqRate: number;
  slo: number;
  curGpuId: number;
}

export interface PrismCase {
  case: number;
  gpuNum: number;
  models: PrismModel[];
}

/** The reference generator's seed; with it the synthetic cases equal the real file. */
export const REFERENCE_SEED = 42;
export const CASES = 50;

/** The reference generator (numpy legacy RNG): g in 5..9, 2g models, sizes 10..29, rates 1..9, SLOs 5..9. */
export function generateCases(seed: number, count = CASES): PrismCase[] {
  const rng = new MT19937(seed);
  const cases: PrismCase[] = [];
  for (let c = 0; c < count; c++) {
    const gpuNum = rng.randint(5, 10);
    const models: PrismModel[] = [];
    for (let j = 0; j < 2 * gpuNum; j++) {
      const modelSize = rng.randint(10, 30);
      const reqRate = rng.randint(1, 10);
      const slo = rng.randint(5, 10);
      models.push({ modelName: `model_${j}`, modelSize, reqRate, slo, curGpuId: j });
    }
    cases.push({ case: c, gpuNum, models });
  }
  return cases;
}

interface RawCase {
  case: number;
  gpu_num: number;
  models: { model_name: string; model_size: number; req_rate: number; slo: number; cur_gpu_id: number }[];
}

/** Reads `test_cases.json` in the reference format, checking its shape. */
export function loadCases(dir: string): PrismCase[] {
  const file = join(dir, 'test_cases.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawCase[];
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a list of cases`);
  return raw.map((c, i) => {
    if (!Number.isInteger(c.gpu_num) || !Array.isArray(c.models)) {
      throw new Error(`${file}: case ${i} needs an integer gpu_num and a models list`);
    }
    return {
      case: c.case,
      gpuNum: c.gpu_num,
      models: c.models.map((m, j) => {
        for (const k of ['model_size', 'req_rate', 'slo'] as const) {
          if (!Number.isInteger(m[k])) throw new Error(`${file}: case ${i} model ${j}: ${k} must be an integer`);
        }
        return {
          modelName: m.model_name,
          modelSize: m.model_size,
          reqRate: m.req_rate,
          slo: m.slo,
          curGpuId: m.cur_gpu_id,
        };
      }),
    };
  });
}
