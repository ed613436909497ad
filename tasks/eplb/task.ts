import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import type { Instance, Task, TaskOptions, TaskProgram } from '../../src/core/task.js';
import type { Split } from '../../src/core/types.js';
import { loadWorkload, syntheticWorkload, WINDOWS_FILE, type EplbWorkload } from './data.js';
import { REFERENCE_PARAMS } from './generator.js';
import { aggregateEplb, scoreTransition } from './score.js';
import { CLUSTER } from './simulate.js';
import type { CheckMode } from './validate.js';

/** Transitions 0..15 (fit on window i, scored on i+1) are searched on; 16..22 are held out (the latest windows). */
export const TRAIN_TRANSITIONS = 16;

export interface EplbTaskOptions extends TaskOptions {
  /** 'strict' (default) adds the slot-consistency rule to the reference's replica-count checks. */
  checks?: CheckMode;
}

/** What the harness receives for one transition: window i only, never window i+1. */
export interface EplbInstanceData {
  numLayers: number;
  numLogical: number;
  load: number[];
}

const DESCRIPTION = `EPLB: expert-parallel load balancing for Mixture-of-Experts inference.

A MoE model has L layers with E logical experts each (here L = 26, E = 64). The cluster has 32 GPUs in 4 nodes
(GPUs 0-7 on node 0, ...); every GPU holds 9 expert slots, so each layer has R = 288 physical slots, and slot s
lives on GPU floor(s / 9). Experts come in 8 contiguous groups of E/8 (DeepSeek's group-limited routing groups).
Given the token count of every (layer, expert) during the last time window, decide per layer how many replicas
each expert gets and which slot holds each replica. The tokens of an expert are split evenly over its replicas.
The placement is scored on the load of the NEXT window (you only see the past; popularity drifts and sometimes
changes abruptly).

Export
  function rebalanceExperts(inp: EplbInput): EplbOutput
with
  interface EplbInput {
    readonly numLayers: number; readonly numLogical: number;
    readonly load: Float64Array;        // L*E token counts (integers), row-major: load[l*E + e]
    readonly numReplicas: number;       // 288
    readonly numGroups: number;         // 8
    readonly numNodes: number;          // 4
    readonly numGpus: number;           // 32
  }
  interface EplbOutput {
    phy2log: Int32Array | number[];     // L*R: logical expert held by slot s of layer l at [l*R + s]
    logcnt: Int32Array | number[];      // L*E: replica count of expert e of layer l at [l*E + e]
    log2phy: Int32Array | number[];     // L*E*X: slots of expert (l, e) at [(l*E + e)*X + k], k < logcnt; rest -1
    maxReplicasX: number;               // X, any width in 1..288 with X >= every logcnt
  }

Rules (a violation on any transition makes the whole evaluation invalid): per layer the replica counts are
non-negative integers summing to exactly 288; every expert that receives tokens in the next window has at least
one replica (so give every expert one); the first logcnt[e] entries of log2phy for all experts together list every
slot 0..287 exactly once, and phy2log agrees with them.

Objective (0-100, higher is better): 90 * GPU balancedness + speed points. GPU balancedness of a transition is
sum over layers of mean GPU load / sum over layers of max GPU load, on the next window; it is averaged over
transitions. Speed: with t the mean time of one rebalanceExperts call (seconds), + 5*min(0.002/t, 2) points
(10 points at 1 ms or faster) and - min(20*t, 20) when t > 10 ms. The call is timed inside the sandbox,
including the copy of your answer. Per-slot balancedness (mean/max over slots) is reported as a metric only.

The input is read-only (the load array is your own copy). No I/O, timers or randomness sources are available;
be deterministic and fast (DeepSeek's hierarchical balancer takes ~0.5 s in the Python reference, ~3 ms here).`;

function programs(): Record<string, TaskProgram> {
  const dir = join(packageRoot(), 'tasks', 'eplb', 'programs');
  const hierarchical = readFileSync(join(dir, 'deepseek-hierarchical.ts'), 'utf8');
  const stable = hierarchical.replace("const TIE_RULE: string = 'introsort';", "const TIE_RULE: string = 'stable';");
  if (stable === hierarchical) throw new Error('deepseek-hierarchical.ts: TIE_RULE line not found');
  return {
    'round-robin': {
      name: 'round-robin',
      description: 'load-blind: equal replica counts, replicas dealt to GPUs in turn (the default seed)',
      source: readFileSync(join(dir, 'round-robin.ts'), 'utf8'),
    },
    'human-sota': {
      name: 'human-sota',
      description: "DeepSeek's hierarchical EPLB as in vLLM, float32 and PyTorch's sort tie order (the reference seed)",
      source: hierarchical,
    },
    'human-sota-stable-sort': {
      name: 'human-sota-stable-sort',
      description: 'the same with stable descending sorts (a variant, not the reference)',
      source: stable,
    },
  };
}

export function createEplbTask(options: EplbTaskOptions = {}): Task {
  const dir = resolveCaseData('eplb', WINDOWS_FILE, options.dataDir);
  const seed = options.dataSeed ?? REFERENCE_PARAMS.seed;
  const mode: CheckMode = options.checks ?? 'strict';
  const workload: EplbWorkload = dir ? loadWorkload(dir) : syntheticWorkload(seed);
  const { numLayers: L, numLogical: E } = workload;
  if (E % CLUSTER.numGroups !== 0 || E > CLUSTER.numReplicas) {
    throw new Error(
      `eplb: ${E} experts per layer must be a multiple of ${CLUSTER.numGroups} and at most ${CLUSTER.numReplicas}`,
    );
  }
  const transitions = workload.windows.length - 1;
  const train = Math.min(TRAIN_TRANSITIONS, transitions - 1);
  const instances = (split: Split): Instance[] => {
    const out: Instance[] = [];
    for (let t = 0; t < transitions; t++) {
      if (t < train !== (split === 'train')) continue;
      const data: EplbInstanceData = { numLayers: L, numLogical: E, load: Array.from(workload.windows[t]!) };
      out.push({ id: `t${t}`, split, data });
    }
    return out;
  };
  return {
    name: 'eplb',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'round-robin',
    humanSota: 'human-sota',
    limits: { timeMsPerInstance: 2000, memoryMb: 128 },
    dataSource: dir
      ? `expert-load windows from ${join(dir, WINDOWS_FILE)}`
      : seed === REFERENCE_PARAMS.seed
        ? `synthetic windows, spec generator seed ${seed} (identical to ${WINDOWS_FILE})`
        : `synthetic windows, spec generator seed ${seed}`,
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: { module: join(packageRoot(), 'tasks', 'eplb', 'harness.ts') },
      score(instance, output, ctx) {
        // Scored on the task's own copy of window i+1, which the candidate never received.
        const t = Number(instance.id.slice(1));
        if (!/^t\d+$/.test(instance.id) || t >= transitions) throw new Error(`eplb: unknown instance ${instance.id}`);
        return scoreTransition(instance.id, output, workload, t, mode, ctx.elapsedMs);
      },
    },
    aggregate: aggregateEplb,
  };
}
