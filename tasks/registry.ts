import type { Task, TaskOptions } from '../src/core/task.js';
import { createCantBeLateMultiTask } from './cant-be-late-multi/task.js';
import { createCantBeLateTask } from './cant-be-late/task.js';
import { createCloudcastTask } from './cloudcast/task.js';
import { createCongestionControlTask } from './congestion-control/task.js';
import { createEplbTask } from './eplb/task.js';
import { createLlmSqlTask } from './llm-sql/task.js';
import { createMasTask } from './mas/task.js';
import { createPrismTask } from './prism/task.js';
import { createTelemetryRepairTask } from './telemetry-repair/task.js';
import { createTxnSchedulingTask } from './txn-scheduling/task.js';

export interface BuiltinTask {
  name: string;
  summary: string;
  create(options: TaskOptions): Task;
}

/** Built-in case studies: one line each. */
export const BUILTIN_TASKS: BuiltinTask[] = [
  { name: 'prism', summary: 'GPU model placement minimising KV-cache pressure', create: createPrismTask },
  {
    name: 'cant-be-late',
    summary: 'spot/on-demand scheduling of a batch job before its deadline',
    create: createCantBeLateTask,
  },
  {
    name: 'cant-be-late-multi',
    summary: 'multi-region spot/on-demand scheduling before a deadline',
    create: createCantBeLateMultiTask,
  },
  {
    name: 'cloudcast',
    summary: 'multicast a dataset across cloud regions at minimum egress + VM cost',
    create: createCloudcastTask,
  },
  {
    name: 'congestion-control',
    summary: 'per-flow congestion control for a 10:1 datacenter incast',
    create: createCongestionControlTask,
  },
  { name: 'eplb', summary: 'expert-parallel load balancing for mixture-of-experts serving', create: createEplbTask },
  {
    name: 'llm-sql',
    summary: 'reorder table rows and cells to maximise LLM prefix-cache hits',
    create: createLlmSqlTask,
  },
  {
    name: 'mas',
    summary: 'multi-agent coding team scored by a MAST failure-mode judge (needs a model)',
    create: createMasTask,
  },
  {
    name: 'telemetry-repair',
    summary: 'repair corrupted router counters with link symmetry and flow conservation',
    create: createTelemetryRepairTask,
  },
  {
    name: 'txn-scheduling',
    summary: 'transaction ordering minimising makespan under key conflicts',
    create: createTxnSchedulingTask,
  },
];
