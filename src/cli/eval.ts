import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { loadTask, taskRefFor } from '../core/load-task.js';
import { WorkerPool } from '../evaluate/pool.js';
import type { Evaluation } from '../core/types.js';
import type { EvalJob } from '../evaluate/job.js';
import type { TaskLlmOptions } from '../core/task.js';
import { ConfigError, formatIssues, readConfigFile, runConfigSchema } from '../core/config.js';

interface EvalFlags {
  split: 'train' | 'test' | 'all';
  baseline?: string;
  data?: string;
  dataSeed?: number;
  json?: boolean;
  config?: string;
  taskLlm?: string;
  taskModel?: string;
}

/** The model a task's programs call (mas): --task-llm/--task-model, else the taskLlm key of a run config. */
function taskLlmOf(flags: EvalFlags): TaskLlmOptions | undefined {
  if (flags.taskLlm) {
    const model = flags.taskModel ?? (flags.taskLlm === 'scripted' ? 'scripted' : undefined);
    if (!model) throw new Error('--task-llm needs --task-model NAME (the model the programs call)');
    return { baseUrl: flags.taskLlm, model };
  }
  if (!flags.config) return undefined;
  const parsed = runConfigSchema.shape.taskLlm.safeParse(readConfigFile(flags.config).taskLlm);
  if (!parsed.success)
    throw new ConfigError(`${flags.config}: taskLlm is invalid:\n${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description("score a program file, or one of the task's programs (--baseline), on a split")
    .argument('<task>', 'built-in task or task folder')
    .argument('[file]', 'program file')
    .option('--split <split>', 'train, test or all', 'all')
    .option('--baseline <name>', "evaluate one of the task's programs (e.g. human-sota)")
    .option('--data <dir>', 'real data folder')
    .option('--data-seed <n>', 'seed of the synthetic instances', Number)
    .option('--json', 'print the evaluation as JSON')
    .option('-c, --config <file>', "take the model a task's programs call from this run config's taskLlm")
    .option('--task-llm <url>', "base URL of the model a task's programs call (mas), or `scripted`")
    .option('--task-model <name>', 'model name for --task-llm')
    .action(async (taskName: string, file: string | undefined, flags: EvalFlags) => {
      if (!['train', 'test', 'all'].includes(flags.split))
        throw new Error(`--split must be train, test or all, not "${flags.split}"`);
      const llm = taskLlmOf(flags);
      const ref = taskRefFor(taskName, {
        ...(flags.data ? { dataDir: flags.data } : {}),
        ...(flags.dataSeed !== undefined ? { dataSeed: flags.dataSeed } : {}),
        ...(llm ? { llm } : {}),
      });
      const task = loadTask(ref);
      let source: string;
      if (flags.baseline) {
        const p = task.programs[flags.baseline];
        if (!p)
          throw new Error(
            `${task.name} has no program "${flags.baseline}"; it has: ${Object.keys(task.programs).join(', ')}`,
          );
        source = p.source;
      } else if (file) {
        if (!existsSync(file)) throw new Error(`no such file: ${file}`);
        source = readFileSync(file, 'utf8');
      } else throw new Error('give a program file or --baseline NAME');
      const pool = new WorkerPool(1);
      try {
        const job: EvalJob = { id: 'eval', task: ref, source, split: flags.split };
        const count =
          flags.split === 'all'
            ? task.instances('train').length + task.instances('test').length
            : task.instances(flags.split).length;
        const e = await pool.evaluate(job, count * task.limits.timeMsPerInstance + 30_000);
        process.stdout.write(
          flags.json ? `${JSON.stringify(e, null, 2)}\n` : `${describe(task.name, flags.split, e)}\n`,
        );
        if (!e.valid) process.exitCode = 1;
      } finally {
        await pool.close();
      }
    });
}

function describe(task: string, split: string, e: Evaluation): string {
  const lines = [`${task} on ${split} (${e.instances.length} instances, ${Math.round(e.durationMs)} ms)`];
  lines.push(e.valid ? `score ${e.score}` : `INVALID: ${e.failure?.kind}: ${e.failure?.message}`);
  for (const [k, v] of Object.entries(e.metrics)) lines.push(`  ${k} = ${v}`);
  if (e.feedback) lines.push('feedback:', e.feedback);
  return lines.join('\n');
}
