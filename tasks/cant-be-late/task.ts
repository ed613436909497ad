import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { Split } from '../../src/core/types.js';
import { aggregateCantBeLate } from './aggregate.js';
import type { CblInstanceData } from './contract.js';
import {
  DEADLINES_HOURS,
  EVALUATED_ENVS,
  loadRealTraces,
  OVERHEADS_HOURS,
  selectTraces,
  TASK_HOURS,
  traceDir,
  type CblDataset,
  type CblTrace,
} from './data.js';
import { scoreGroup, type CblGroup } from './score.js';
import { simConfig } from './simulator.js';
import { generateSynthetic } from './synthetic.js';
import { programReader } from '../../src/core/task-programs.js';

export interface CantBeLateOptions extends TaskOptions {
  /** A run that finishes after its deadline fails the evaluation (default: reported, not scored, as the reference). */
  strictDeadline?: boolean;
}

/** Of the 30 selected traces of an env (in selection order j), those with j % 3 === 2 are held out. */
export const TEST_EVERY = 3;
export const DEFAULT_SYNTHETIC_SEED = 1;

const DESCRIPTION = `Can't Be Late: cheapest way to finish a deadline-bound job on spot instances.

A batch job needs 48 h of compute and must finish by a deadline of 52 h or 70 h after it starts. Time moves in
ticks of 600 s. Before every tick your policy picks what runs during it: 'SPOT' (0.9731 $/h; only if spot capacity
exists this tick; it can vanish at the next tick, a preemption), 'ON_DEMAND' (3.06 $/h, always available, never
preempted) or 'NONE' (idle, free, no progress). Every (re)start (from idle, after a preemption, or switching
between SPOT and ON_DEMAND) loses the first restartOverheadSeconds (72, 180 or 360 s) of compute.

Export a factory, called once per simulated run (keep per-run state inside the object it returns):
  export function createPolicy(): { decide(view: CblView, lastCluster: Cluster, hasSpot: boolean): Cluster }
  type Cluster = 'NONE' | 'SPOT' | 'ON_DEMAND'
decide is called on every tick (and once more after the job is done; that answer is ignored) with a frozen
view of the present and the past only:
  tick, gapSeconds (600), elapsedSeconds (= tick * 600), deadlineSeconds, taskDurationSeconds (172800),
  restartOverheadSeconds, remainingRestartOverheadSeconds, taskDoneTime (progress seconds credited per tick so far,
  length tick + 1), workDoneSeconds (their sum), currentCluster (the cluster now running: 'NONE' right after a
  preemption), plus lastCluster (what was chosen for the previous tick) and hasSpot (capacity this tick).
The view's fields are read-only getters (copy the values you need; {...view} is empty). There is no access to
future availability. SPOT chosen without capacity becomes NONE.

Deadline guarantee (applied by the simulator after your decision, you cannot turn it off): once
ceil((workLeft + restartOverheadSeconds) / 600) * 600 >= floor((deadline - elapsed) / 600) * 600, it keeps a
running SPOT if lastCluster was SPOT with no restart overhead pending, and otherwise forces ON_DEMAND.

Objective: minimise the mean dollar cost per run over traces from 6 AWS us-west-2 spot-availability envs x
2 deadlines x 3 restart overheads. Score = 100 * clip((146.88 - meanCost) / (146.88 - 46.7088), 0, 1), higher is
better (on-demand throughout costs about $147.39, i.e. 0). A policy that throws, returns anything but the three
strings, or keeps state outside the object createPolicy returns (module-level variables, randomness) fails.
decide must be deterministic and fast: a few microseconds per tick, about 350 ticks per run.`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('cant-be-late');
  return {
    'greedy-safety': read(
      'greedy-safety',
      'greedy-safety.ts',
      'spot when available, wait otherwise, on-demand near the deadline: the leaderboard seed (28 = 27.80, $119.03)',
    ),
    'human-sota': read(
      'human-sota',
      'uniform-progress.ts',
      "Uniform Progress, the NSDI'24 Can't Be Late policy (relies on the deadline guarantee, can finish one tick late)",
    ),
    'on-demand': read('on-demand', 'on-demand.ts', 'on-demand until done: $147.39 per run, score 0'),
    'on-demand-forever': read(
      'on-demand-forever',
      'on-demand-forever.ts',
      'always on-demand: the same $147.39 (the completion-tick decision is not billed)',
    ),
    'spot-or-wait': read(
      'spot-or-wait',
      'spot-or-wait.ts',
      'spot when available else wait; only the deadline guarantee keeps it (almost) on time',
    ),
  };
}

/**
 * Instances in the reference's run order (deadline, overhead, env): per
 * (env, deadline, overhead) group, one train instance (20 traces) and one
 * test instance (10 traces). A trace is train or test in all its 6 groups.
 */
export function buildGroups(dataset: CblDataset): Record<Split, CblGroup[]> {
  const selected = new Map<string, CblTrace[]>();
  for (const env of EVALUATED_ENVS) {
    const files = dataset.envs.get(env);
    if (!files) throw new Error(`no traces for env ${env}`);
    selected.set(env, selectTraces(files, dataset.gapSeconds));
  }
  const out: Record<Split, CblGroup[]> = { train: [], test: [] };
  for (const deadlineHours of DEADLINES_HOURS) {
    for (const overheadHours of OVERHEADS_HOURS) {
      const cfg = simConfig(TASK_HOURS, deadlineHours, overheadHours, dataset.gapSeconds);
      // The reference's pre-checks: the job must fit before the deadline and the trace must cover it.
      if (cfg.taskSeconds + cfg.overheadSeconds > cfg.deadlineSeconds) throw new Error('task + overhead > deadline');
      for (const env of EVALUATED_ENVS) {
        const traces = selected.get(env)!;
        if (traces.some((t) => t.unavailable.length * cfg.gapSeconds < cfg.deadlineSeconds)) {
          throw new Error(`${env}: a trace is shorter than the ${deadlineHours} h deadline`);
        }
        for (const split of ['train', 'test'] as const) {
          const part = traces.filter((_, j) => (j % TEST_EVERY === TEST_EVERY - 1) === (split === 'test'));
          out[split].push({
            id: `${env}/dl${deadlineHours}/oh${overheadHours}/${split}`,
            env,
            deadlineHours,
            overheadHours,
            cfg,
            traces: part,
          });
        }
      }
    }
  }
  return out;
}

function instanceData(g: CblGroup, gapSeconds: number, text: (t: CblTrace) => string): CblInstanceData {
  return {
    env: g.env,
    taskHours: TASK_HOURS,
    deadlineHours: g.deadlineHours,
    overheadHours: g.overheadHours,
    gapSeconds,
    runs: g.traces.map((t) => ({ trace: t.file, availability: text(t) })),
  };
}

export function createCantBeLateTask(options: CantBeLateOptions = {}): Task {
  const dir = resolveCaseData('cant-be-late', traceDir(EVALUATED_ENVS[0]), options.dataDir);
  const seed = options.dataSeed ?? DEFAULT_SYNTHETIC_SEED;
  const dataset = dir ? loadRealTraces(dir) : generateSynthetic(seed, EVALUATED_ENVS);
  const groups = buildGroups(dataset);
  const byId = new Map([...groups.train, ...groups.test].map((g) => [g.id, g]));
  // Traces travel to the sandbox as '0'/'1' strings: compact JSON, decoded once per run.
  const texts = new Map<CblTrace, string>();
  const text = (t: CblTrace): string => {
    let s = texts.get(t);
    if (s === undefined) texts.set(t, (s = t.unavailable.join('')));
    return s;
  };
  const instances = (split: Split): Instance[] =>
    groups[split].map((g) => ({ id: g.id, split, data: instanceData(g, dataset.gapSeconds, text) }));
  const strictDeadline = options.strictDeadline ?? false;
  return {
    name: 'cant-be-late',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'greedy-safety',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 1000, memoryMb: 128 },
    dataSource: dir
      ? `real traces from ${dir} (6 envs x 30 traces, leaderboard selection)`
      : `synthetic traces, seed ${seed} (not comparable with the leaderboard numbers)`,
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'cant-be-late', 'harness.ts') },
      score(instance, output) {
        // Replayed against the task's own traces, never against what the sandbox saw.
        const group = byId.get(instance.id);
        if (!group) throw new Error(`unknown instance ${instance.id}`);
        return scoreGroup(group, output, { strictDeadline });
      },
    },
    aggregate: aggregateCantBeLate,
  };
}
