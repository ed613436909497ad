import { join } from 'node:path';
import { resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import { generateCases, loadCases, REFERENCE_SEED, type PrismCase } from './data.js';
import { prismHarness } from './harness.js';
import { scoreCase, validatePlacement } from './score.js';
import { programReader } from '../../src/core/task-programs.js';

/** Cases 0..29 are searched on; 30..49 are held out. */
export const TRAIN_CASES = 30;

const DESCRIPTION = `Prism: GPU model placement minimising KV-cache pressure.

You are given gpuNum GPUs with 80 GB each and 2*gpuNum models. Each model has modelSize (GB, integer 10..29),
reqRate (integer 1..9) and slo (integer 5..9). Export a function
  placeModels(gpuNum: number, models: readonly PrismModel[]): Map<number, PrismModel[]>
that puts every model on exactly one GPU (ids 0..gpuNum-1; a GPU may stay empty) with at most 80 GB per GPU.

The KV-cache pressure of a GPU is KVPR = sum(reqRate/slo) / (80 - sum(modelSize)); a GPU filled to exactly 80 GB
scores 1,000,000. Minimise the maximum KVPR over the GPUs. Per case the score is
100 * sqrt(clip((roundRobin - yours) / (roundRobin - lowerBound), 0, 1)), where roundRobin is the max KVPR of
model j -> GPU j mod g and lowerBound = sum(reqRate/slo) / (80*g - sum(modelSize)); the task score is the mean
over cases (0..100, higher is better).

The models array and its objects are frozen: copy before sorting. Return the same model objects you were given.
No I/O, timers or randomness sources are available; the function must be deterministic and fast (ms per case).`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('prism');
  return {
    'naive-first-fit': read(
      'naive-first-fit',
      'naive-first-fit.ts',
      'each model to the lowest-index GPU with room (scores 0)',
    ),
    'human-sota': read(
      'human-sota',
      'greedy-kvpr.ts',
      'greedy KVPR, Algorithm 1 of the Prism paper (60.82 on the 50 reference cases)',
    ),
    'round-robin': read('round-robin', 'round-robin.ts', 'model j on GPU j mod g, the 0-point anchor'),
  };
}

export function createPrismTask(options: TaskOptions = {}): Task {
  const dir = resolveCaseData('prism', 'test_cases.json', options.dataDir);
  const seed = options.dataSeed ?? REFERENCE_SEED;
  const cases: PrismCase[] = dir ? loadCases(dir) : generateCases(seed);
  const byId = new Map(cases.map((c) => [String(c.case), c]));
  const instances = (split: Split): Instance[] =>
    cases
      .filter((c, i) => (split === 'train' ? i < TRAIN_CASES : i >= TRAIN_CASES))
      .map((c) => ({ id: String(c.case), split, data: { gpuNum: c.gpuNum, models: c.models } }));
  return {
    name: 'prism',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'naive-first-fit',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 1000, memoryMb: 128 },
    dataSource: dir
      ? `real cases from ${join(dir, 'test_cases.json')}`
      : seed === REFERENCE_SEED
        ? 'reference generator, seed 42 (identical to the published 50 cases)'
        : `synthetic cases, reference generator with seed ${seed}`,
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: prismHarness,
      score(instance, output): InstanceResult {
        // Scored from the task's own copy of the case, never from what the candidate saw.
        const c = byId.get(instance.id)!;
        const checked = validatePlacement(c, output);
        if ('error' in checked) {
          return {
            instanceId: instance.id,
            score: 0,
            metrics: {},
            failure: { kind: 'invalid', message: checked.error },
          };
        }
        const s = scoreCase(c, checked.gpus);
        return {
          instanceId: instance.id,
          score: s.testScore,
          metrics: { kvpr: s.solutionKvpr, baseline_kvpr: s.baselineKvpr, optimal_kvpr: s.optimalKvpr },
          feedback: `max KVPR ${s.solutionKvpr.toPrecision(5)} vs round-robin ${s.baselineKvpr.toPrecision(5)}, bound ${s.optimalKvpr.toPrecision(5)}`,
        };
      },
    },
  };
}
