// The library API: what `import { ... } from 'adrs'` gives.
export { evolve, resume, type EvolveOptions, type EvolveResult, type EventHandlers } from './library.js';
export { defineTask, type TaskDefinition, type ScoreResult } from './core/define-task.js';
export { startRun, resumeRun, type RunOptions, type RunSummary, type ScorePair } from './core/run.js';
export { parseRunConfig, runConfigSchema, ConfigError, type RunConfig, type RunConfigInput } from './core/config.js';
export type { RunEvent, RunListener } from './core/events.js';
export type {
  Task,
  TaskRef,
  Instance,
  TaskProgram,
  Limits,
  Harness,
  ScoreContext,
  TaskOptions,
  SandboxEvaluator,
  CommandEvaluator,
} from './core/task.js';
export type { Evaluation, InstanceResult, Program, Failure, FailureKind, Metrics, Split } from './core/types.js';
export type { Proposer, ProposeRequest, Proposal, Plan } from './propose/types.js';
export type { Strategy, Observation, Member } from './strategies/types.js';
export { RunStore } from './store/store.js';
export { TaskUnavailableError } from './core/task.js';
export { evaluateProgram } from './evaluate/evaluate-program.js';
export { loadTask, loadTaskDir } from './core/load-task.js';
export { BUILTIN_TASKS } from '../tasks/registry.js';
