import type { Command } from 'commander';
import { applyOverrides, readConfigFile } from '../core/config.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Options shared by `run` and `resume` that map onto config keys. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--iterations <n>', 'iteration budget', Number)
    .option('--evaluations <n>', 'evaluation budget', Number)
    .option('--time <duration>', 'wall-time budget, e.g. 90s, 3m, 1h')
    .option('--budget-usd <dollars>', 'dollar budget for model calls', Number)
    .option('--target-score <x>', 'stop when the best score reaches x', Number)
    .option('--patience <n>', 'stop after n evaluations without improvement', Number)
    .option('--workers <n>', 'evaluation worker processes (default: cores)', Number)
    .option('--queue <url>', 'evaluate on `adrs worker`s through Redis: redis://[:password@]HOST:PORT (or $ADRS_QUEUE)')
    .option('--queue-shard <n>', 'with --queue: split each evaluation into jobs of at most n instances', Number)
    .option('--queue-grace <duration>', 'with --queue: stop the run when Redis stays unreachable this long', '60s')
    .option('--set <key=value>', 'set any config key, e.g. --set strategy.islands=4 (repeatable)', collect, [])
    .option('--json', 'print a machine-readable JSON summary');
}

export interface RunFlags {
  config?: string;
  name?: string;
  runsDir?: string;
  seed?: number;
  seedProgram?: string;
  data?: string;
  dataSeed?: number;
  iterations?: number;
  evaluations?: number;
  time?: string;
  budgetUsd?: number;
  targetScore?: number;
  patience?: number;
  workers?: number;
  /** Not config: where evaluations run is the deployment's business, so `adrs resume` takes it again. */
  queue?: string;
  queueShard?: number;
  queueGrace?: string;
  set: string[];
  json?: boolean;
}

/** Raw (unvalidated) config from flags; zod validation happens later and names bad keys. */
export function flagsToConfig(flags: RunFlags, base: Record<string, unknown> = {}): Record<string, unknown> {
  const raw: Record<string, unknown> = structuredClone(base);
  const section = (key: string): Record<string, unknown> => {
    const existing = raw[key];
    if (existing && typeof existing === 'object' && !Array.isArray(existing))
      return existing as Record<string, unknown>;
    return (raw[key] = {});
  };
  if (flags.name !== undefined) raw.name = flags.name;
  if (flags.runsDir !== undefined) raw.runsDir = flags.runsDir;
  if (flags.seed !== undefined) raw.seed = flags.seed;
  if (flags.seedProgram !== undefined) raw.seedProgram = flags.seedProgram;
  if (flags.data !== undefined) section('data').dir = flags.data;
  if (flags.dataSeed !== undefined) section('data').seed = flags.dataSeed;
  if (flags.iterations !== undefined) section('budget').iterations = flags.iterations;
  if (flags.evaluations !== undefined) section('budget').evaluations = flags.evaluations;
  if (flags.time !== undefined) section('budget').wallTime = flags.time;
  if (flags.budgetUsd !== undefined) section('budget').dollars = flags.budgetUsd;
  if (flags.targetScore !== undefined) section('stop').targetScore = flags.targetScore;
  if (flags.patience !== undefined) section('stop').patience = flags.patience;
  if (flags.workers !== undefined) section('pipeline').workers = flags.workers;
  return applyOverrides(raw, flags.set);
}

export function configFromFile(path: string | undefined): Record<string, unknown> {
  return path ? readConfigFile(path) : {};
}
