import type { Command } from 'commander';
import { loadTask } from '../core/load-task.js';
import { TaskUnavailableError, type TaskRef } from '../core/task.js';
import { WorkerPool } from '../evaluate/pool.js';
import { BUILTIN_TASKS } from '../../tasks/registry.js';

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description('list the built-in tasks with their seed and human-SOTA scores (train / test)')
    .option('--no-scores', 'skip evaluating the seed and human-SOTA programs')
    .option('--json', 'print as JSON')
    .action(async (flags: { scores: boolean; json?: boolean }) => {
      const pool = flags.scores ? new WorkerPool() : undefined;
      try {
        const rows = await Promise.all(
          BUILTIN_TASKS.map(async (entry) => {
            const ref: TaskRef = { kind: 'builtin', name: entry.name, options: {} };
            let task: ReturnType<typeof loadTask>;
            try {
              task = loadTask(ref);
            } catch (error) {
              // A task that cannot be built as configured (mas without a model): say why instead of a score.
              if (!(error instanceof TaskUnavailableError)) throw error;
              const unavailable = error.message.split('\n')[0]!;
              const none = { train: null, test: null };
              return {
                name: entry.name,
                summary: entry.summary,
                unavailable,
                seed: null,
                humanSota: null,
                seedScore: none,
                humanSotaScore: none,
                instances: null,
                data: null,
              };
            }
            const score = async (name: string | undefined, split: 'train' | 'test'): Promise<number | null> => {
              if (!pool || !name || !task.programs[name]) return null;
              const n = task.instances(split).length;
              const e = await pool.evaluate(
                { id: `${entry.name}:${name}:${split}`, task: ref, source: task.programs[name].source, split },
                n * task.limits.timeMsPerInstance + 30_000,
              );
              return e.score;
            };
            return {
              name: entry.name,
              summary: entry.summary,
              seed: task.defaultSeed,
              humanSota: task.humanSota ?? null,
              seedScore: { train: await score(task.defaultSeed, 'train'), test: await score(task.defaultSeed, 'test') },
              humanSotaScore: {
                train: await score(task.humanSota, 'train'),
                test: await score(task.humanSota, 'test'),
              },
              instances: { train: task.instances('train').length, test: task.instances('test').length },
              data: task.dataSource,
            };
          }),
        );
        if (flags.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        const f = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
        for (const r of rows) {
          process.stdout.write(`${r.name.padEnd(22)} ${r.summary}\n`);
          if ('unavailable' in r) {
            process.stdout.write(`${''.padEnd(22)} no scores: ${r.unavailable} (\`adrs run ${r.name}\` shows how)\n`);
            continue;
          }
          process.stdout.write(
            `${''.padEnd(22)} instances ${r.instances.train} train / ${r.instances.test} test; data: ${r.data}\n`,
          );
          if (flags.scores) {
            process.stdout.write(`${''.padEnd(22)} seed ${r.seed}: ${f(r.seedScore.train)} / ${f(r.seedScore.test)}`);
            process.stdout.write(
              r.humanSota
                ? `; human SOTA: ${f(r.humanSotaScore.train)} / ${f(r.humanSotaScore.test)}\n`
                : '; no human SOTA\n',
            );
          }
        }
      } finally {
        await pool?.close();
      }
    });
}
