// Test support: run a policy in-process (no sandbox) through the same harness
// and replay, to look at single runs and at what a policy observes.
import type { Instance, Task } from '../../src/core/task.js';
import type { CblPolicyFactory } from './contract.js';
import { harness } from './harness.js';
import * as greedy from './programs/greedy-safety.js';
import * as onDemandForever from './programs/on-demand-forever.js';
import * as onDemand from './programs/on-demand.js';
import * as spotOrWait from './programs/spot-or-wait.js';
import * as uniformProgress from './programs/uniform-progress.js';
import { replayGroup, type CblGroup, type RunRecord } from './score.js';

/** The shipped programs as modules, by task program name. */
export const PROGRAM_MODULES: Record<string, { createPolicy: CblPolicyFactory }> = {
  'greedy-safety': greedy,
  'human-sota': uniformProgress,
  'on-demand': onDemand,
  'on-demand-forever': onDemandForever,
  'spot-or-wait': spotOrWait,
};

/** Harness + host replay in this process: every run's record. */
export function runGroupInProcess(group: CblGroup, instance: Instance, createPolicy: CblPolicyFactory): RunRecord[] {
  const output = harness({ createPolicy }, instance.data);
  const replayed = replayGroup(group, output);
  if ('error' in replayed) throw new Error(replayed.error);
  return replayed.runs;
}

export const allInstances = (task: Task): Instance[] => [...task.instances('train'), ...task.instances('test')];

export const relClose = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.abs(b);
