import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import { aggregateScenarios } from './aggregate.js';
import { loadTraces, PROBE_FILE, syntheticTraces, traceKey, type TraceStore } from './data.js';
import { DESCRIPTION } from './description.js';
import type { HarnessInput } from './harness.js';
import { instanceGroups, type InstanceGroup } from './scenarios.js';
import { instanceResult, scoreGroup, type HostRun } from './score.js';
import { programReader } from '../../src/core/task-programs.js';

export const DEFAULT_DATA_SEED = 1;

function programs(): Record<string, TaskProgram> {
  const read = programReader('cant-be-late-multi');
  return {
    'greedy-multi': read(
      'greedy-multi',
      'greedy-multi.ts',
      "simple greedy multi-region, the leaderboard's initial program and baseline (64.58 on the 34 leaderboard runs)",
    ),
    'openevolve-starter': read(
      'openevolve-starter',
      'openevolve-starter.ts',
      'the original OpenEvolve starter: progress line, spot first, rotate regions when ahead (58.40 on the 34 runs)',
    ),
  };
}

const availabilityText = (a: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < a.length; i++) s += a[i] ? '1' : '0';
  return s;
};

interface Prepared {
  group: InstanceGroup;
  runs: HostRun[];
  instance: Instance<HarnessInput>;
}

function prepare(traces: TraceStore): Prepared[] {
  return instanceGroups().map((group) => {
    const runs: HostRun[] = group.files.map((file) => {
      const regionTraces = group.scenario.regions.map((r) => traces.get(traceKey(r, file))!);
      const lengths = new Set(regionTraces.map((t) => t.availability.length));
      if (lengths.size !== 1) throw new Error(`trace ${file}.json has different lengths across ${group.scenario.name}`);
      // The task keeps its own copies: the instance data handed out is never read back.
      return {
        file,
        availability: regionTraces.map((t) => t.availability.slice()),
        spotPrices0: regionTraces.map((t) => t.prices[0]!),
      };
    });
    const data: HarnessInput = {
      runs: runs.map((r) => ({ file: r.file, availability: r.availability.map(availabilityText) })),
    };
    return { group, runs, instance: { id: group.id, split: group.split, data } };
  });
}

export function createCantBeLateMultiTask(options: TaskOptions = {}): Task {
  const dir = resolveCaseData('cant-be-late-multi', PROBE_FILE, options.dataDir);
  const seed = options.dataSeed ?? DEFAULT_DATA_SEED;
  const prepared = prepare(dir ? loadTraces(dir) : syntheticTraces(seed));
  const byId = new Map(prepared.map((p) => [p.group.id, p]));
  const instances = (split: Split): Instance[] =>
    prepared.filter((p) => p.group.split === split).map((p) => p.instance);
  return {
    name: 'cant-be-late-multi',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'greedy-multi',
    // No published human-designed policy exists for the multi-region case.
    limits: { timeMsPerInstance: 2000, memoryMb: 128 },
    dataSource: dir
      ? `real multi-region traces from ${dir}`
      : `synthetic multi-region traces, seed ${seed} (not comparable with the leaderboard)`,
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'cant-be-late-multi', 'harness.ts') },
      score(instance, output): InstanceResult {
        const p = byId.get(instance.id);
        if (!p)
          return {
            instanceId: instance.id,
            score: 0,
            metrics: {},
            failure: { kind: 'invalid', message: 'unknown instance' },
          };
        const scored = scoreGroup(p.runs, output);
        if ('error' in scored) {
          return {
            instanceId: instance.id,
            score: 0,
            metrics: {},
            failure: { kind: 'invalid', message: scored.error },
          };
        }
        return instanceResult(p.group, scored.runs);
      },
    },
    aggregate: (results) => aggregateScenarios(results, (id) => byId.get(id)?.group),
  };
}
