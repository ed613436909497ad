import type { Command } from 'commander';
import { startRun, resumeRun, type RunOptions, type RunSummary } from '../core/run.js';
import { RunStore } from '../store/store.js';
import type { Controller } from '../core/controller.js';
import { addRunOptions, configFromFile, flagsToConfig, type RunFlags } from './run-options.js';
import { jsonLines, summaryText, terminalProgress } from './progress.js';
import { parseDuration } from '../core/duration.js';
import { queueUrl, redact } from '../distribute/protocol.js';
import { QueueEvaluator } from '../distribute/queue-evaluator.js';

/** A recorded run's config, as the base of a replay (a new run folder name is chosen). */
function recordedConfig(dir: string): Record<string, unknown> {
  const store = RunStore.open(dir, { readonly: true });
  try {
    const raw = { ...(store.getMeta<Record<string, unknown>>('config_input') ?? {}) };
    delete raw.name;
    return raw;
  } finally {
    store.close();
  }
}

/** Listeners and Ctrl-C handling shared by run and resume. */
function runOptions(flags: RunFlags): RunOptions {
  const listeners = [];
  if (flags.json) {
    // summary only
  } else if (process.stdout.isTTY) listeners.push(terminalProgress(process.stdout));
  else listeners.push(jsonLines(process.stdout));
  let presses = 0;
  return {
    listeners,
    onController: (controller: Controller) => {
      process.on('SIGINT', () => {
        presses++;
        if (presses > 1) process.exit(130); // the store is consistent; `adrs resume` continues
        controller.stop('interrupted by the user (Ctrl-C); `adrs resume` continues');
      });
    },
  };
}

/** Runs `start` with the run options, evaluating through the queue when --queue (or $ADRS_QUEUE) says so. */
async function execute(flags: RunFlags, start: (options: RunOptions) => Promise<RunSummary>): Promise<void> {
  const options = runOptions(flags);
  const url = queueUrl(flags.queue);
  if (flags.queueShard !== undefined && !(Number.isInteger(flags.queueShard) && flags.queueShard > 0))
    throw new Error(`--queue-shard must be a positive integer, not ${flags.queueShard}`);
  const queue = url
    ? new QueueEvaluator({
        url,
        graceMs: parseDuration(flags.queueGrace ?? '60s'),
        ...(flags.queueShard ? { shardSize: flags.queueShard } : {}),
      })
    : undefined;
  if (queue) {
    options.evaluator = queue;
    options.listeners = [queue.listener, ...(options.listeners ?? [])];
    process.stderr.write(`adrs: evaluating through the queue at ${redact(url!)}\n`);
  }
  try {
    report(await start(options), flags);
  } finally {
    await queue?.close();
  }
}

function report(summary: RunSummary, flags: RunFlags): void {
  if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else if (process.stdout.isTTY) process.stdout.write(`${summaryText(summary)}\n`);
  else process.stdout.write(`${JSON.stringify({ type: 'summary', ...summary })}\n`);
}

export function registerRun(program: Command): void {
  addRunOptions(
    program
      .command('run')
      .description('evolve a program for a task (a built-in task name or a task folder)')
      .argument('[task]', "built-in task or task folder (default: the config's task)")
      .option('-c, --config <file>', 'run config (YAML)')
      .option('--name <name>', 'run folder name under the runs folder')
      .option('--runs-dir <dir>', 'folder holding runs', undefined)
      .option('--seed <n>', 'random seed of the run', Number)
      .option('--seed-program <name|file>', "starting program: one of the task's programs (e.g. human-sota) or a file")
      .option('--data <dir>', 'real data: a folder of per-case folders (or $ADRS_DATA)')
      .option('--data-seed <n>', 'seed of the synthetic instances', Number)
      .option(
        '--replay <run>',
        're-run a recorded LLM run offline from its stored answers (its config, unless -c is given)',
      ),
  ).action(async (task: string | undefined, flags: RunFlags & { replay?: string }) => {
    const base = flags.config ? configFromFile(flags.config) : flags.replay ? recordedConfig(flags.replay) : {};
    const raw = flagsToConfig(flags, base);
    if (task !== undefined) raw.task = task;
    else if (typeof raw.task !== 'string')
      throw new Error('give a task (a built-in name or a folder), or -c FILE with `task:`');
    if (flags.replay) {
      const proposer = raw.proposer as Record<string, unknown> | undefined;
      if (proposer?.kind !== 'llm')
        throw new Error('--replay needs a run whose proposer is an llm (the offline mutator needs no recording)');
      proposer.replay = flags.replay;
    }
    await execute(flags, (options) => startRun(raw, options));
  });

  addRunOptions(
    program
      .command('resume')
      .description('continue a run where it stopped (also after kill -9); budget flags raise its budget')
      .argument('<run>', 'run folder'),
  ).action(async (dir: string, flags: RunFlags) => {
    await execute(flags, (options) => resumeRun(dir, flagsToConfig(flags), options));
  });
}
