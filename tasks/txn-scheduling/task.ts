import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { InstanceResult, Split } from '../../src/core/types.js';
import { WORKLOAD_BUDGET_MS, WORKLOAD_HARD_LIMIT_MS, type TxnInstanceData } from './contract.js';
import { generateSyntheticSet, loadRealSet, REAL_FILES, type WorkloadSet } from './data.js';
import { openEvolveScore, prepareSet, scoreOutput, type PreparedSet } from './score.js';
import { programReader } from '../../src/core/task-programs.js';

/** Instances 0..9 are searched on, 10..29 are held out (see the README). */
export const TRAIN_INSTANCES = 10;
export const TEST_INSTANCES = 20;
/** First synthetic set seed when no `dataSeed` is given. */
export const DEFAULT_SYNTHETIC_SEED = 1;

const DESCRIPTION = `Transaction scheduling: order transactions to minimise the makespan under lock conflicts.

A workload has numTxns (100) transactions. Transaction t occupies txnLengths[t] consecutive time slots; ops[t]
lists its reads and writes as {type: 'r' | 'w', key: string, pos} where pos is the 1-based slot (idle slots count).
Given an order (a permutation of 0..numTxns-1), transactions are placed one after another, each starting at the
earliest slot (>= 1) at which none of its ops conflicts with the locks of the transactions placed before it:
an op on key k at slot pos must run after the latest lock on k if either that lock or the op is a write; a read
whose latest lock on k is a read only has to run after the latest write on k. The makespan is the largest end slot.

Export
  getBestSchedule(w: TxnWorkload, ctx: TxnContext): number[]
where w = { numTxns, txnLengths, ops, makespan(order) } and ctx = { rng(), randint(lo, hi), deadlineMs }.
w.makespan(order) returns the exact makespan of any non-empty sequence of ids (a prefix is fine, repeats allowed);
ctx.rng() is CPython's random.random() and ctx.randint(lo, hi) CPython's randint (both ends included) from a
generator seeded per instance; ctx.deadlineMs is a Date.now() value by which to return (${WORKLOAD_BUDGET_MS} ms after the
call starts; a call over ${WORKLOAD_HARD_LIMIT_MS} ms fails the instance). Everything you are given is frozen: copy before changing.

One instance is three workloads (an OLTP-like one with hot keys, and two structured ones) solved in turn with one
shared generator. The returned order must be a permutation of 0..numTxns-1 (integers, each exactly once); anything
else makes the whole evaluation invalid. The host recomputes every makespan itself. With M the sum of the three
makespans, B the sum of the identity-order makespans and O the sum of the longest transactions,
E = O + 0.1 (B - O), the instance score is 100 (B - M) / (B - E) clipped to [0, 100] (M >= B scores 0); the task
score is the mean over instances (higher is better).`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('txn-scheduling');
  return {
    'random-order': read(
      'random-order',
      'random-order.ts',
      'a random order, written as a one-sample greedy with named knobs (the default seed; scores 0)',
    ),
    'human-sota': read(
      'human-sota',
      'smf.ts',
      'SMF greedy cost sampling with 10 samples per step (Cheng et al., VLDB 2024); 41.86 with seed 42',
    ),
    identity: read('identity', 'identity.ts', 'transactions in id order, the 0-point anchor'),
  };
}

/** Instances on one workload set, one per generator seed. */
export function seedInstances(set: WorkloadSet, seeds: readonly number[], split: Split): Instance[] {
  return seeds.map((seed) => {
    const data: TxnInstanceData = { set: set.name, seed, budgetMs: WORKLOAD_BUDGET_MS, workloads: set.workloads };
    return { id: `${set.name}/seed-${seed}`, split, data };
  });
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

export function createTxnSchedulingTask(options: TaskOptions = {}): Task {
  const dir = resolveCaseData('txn-scheduling', REAL_FILES[0], options.dataDir);
  const syntheticSeed = options.dataSeed ?? DEFAULT_SYNTHETIC_SEED;
  const prepared = new Map<string, PreparedSet>();
  const byIndex: Instance[] = [];
  if (dir) {
    // One real set; instances differ in the generator seed: 0..9 train, 10..29 test.
    const set = loadRealSet(dir);
    prepared.set(set.name, prepareSet(set));
    byIndex.push(...seedInstances(set, range(0, TRAIN_INSTANCES), 'train'));
    byIndex.push(...seedInstances(set, range(TRAIN_INSTANCES, TEST_INSTANCES), 'test'));
  } else {
    // A fresh synthetic set per instance, so the test split also holds out workloads.
    for (let i = 0; i < TRAIN_INSTANCES + TEST_INSTANCES; i++) {
      const set = generateSyntheticSet(syntheticSeed + i);
      prepared.set(set.name, prepareSet(set));
      byIndex.push(...seedInstances(set, [i], i < TRAIN_INSTANCES ? 'train' : 'test'));
    }
  }
  return {
    name: 'txn-scheduling',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'random-order',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 2000, memoryMb: 128 },
    dataSource: dir
      ? `real workloads from ${REAL_FILES.map((f) => join(dir, f)).join(', ')}; generator seeds 0..29`
      : `synthetic workload sets, generator seeds ${syntheticSeed}..${syntheticSeed + TRAIN_INSTANCES + TEST_INSTANCES - 1}`,
    instances: (split) => byIndex.filter((i) => i.split === split),
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'txn-scheduling', 'harness.ts') },
      score(instance, output): InstanceResult {
        // Scored against the task's own compiled copy of the set, never what the program saw.
        const setName = (instance.data as TxnInstanceData).set;
        const p = prepared.get(setName);
        if (!p) throw new Error(`instance ${instance.id}: unknown workload set ${setName}`);
        const s = scoreOutput(p, output);
        if ('error' in s) {
          return { instanceId: instance.id, score: 0, metrics: {}, failure: { kind: s.kind, message: s.error } };
        }
        const metrics: Record<string, number> = {
          total_makespan: s.total,
          sequential_makespan: p.baseline,
          lower_bound: p.lowerBound,
          openevolve_score: openEvolveScore(s.total),
        };
        s.makespans.forEach((m, i) => (metrics[`makespan_w${i + 1}`] = m));
        return {
          instanceId: instance.id,
          score: s.score,
          metrics,
          feedback: `makespans ${s.makespans.join(' + ')} = ${s.total} (identity ${p.sequential.join(' + ')} = ${p.baseline}, lower bound ${p.lowerBound}); call times ${s.elapsedMs.join('/')} ms`,
        };
      },
    },
  };
}
