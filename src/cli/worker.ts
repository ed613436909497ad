import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { parseDuration } from '../core/duration.js';
import { queueUrl } from '../distribute/protocol.js';
import { startQueueWorker } from '../distribute/worker.js';

interface WorkerFlags {
  queue?: string;
  concurrency?: number;
  name?: string;
  lock: string;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('evaluate jobs of `adrs run --queue` runs, in a local sandbox pool (start any number, anywhere)')
    .option(
      '--queue <url>',
      'Redis of the queue: redis://[:password@]HOST:PORT[/db], rediss:// for TLS (or $ADRS_QUEUE)',
    )
    .option('--concurrency <n>', 'evaluations at once (default: cores)', Number)
    .option('--name <name>', 'name shown to the controller (default: host-pid)')
    .option('--lock <duration>', 'job lock; a dead worker’s jobs move to another worker after about twice this', '30s')
    .action(async (flags: WorkerFlags) => {
      const url = queueUrl(flags.queue);
      if (!url) throw new Error('--queue redis://HOST:PORT (or $ADRS_QUEUE) is required');
      const concurrency = flags.concurrency ?? availableParallelism();
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error(`--concurrency must be a positive integer, not ${flags.concurrency}`);
      const worker = await startQueueWorker({
        url,
        concurrency,
        lockMs: parseDuration(flags.lock),
        ...(flags.name ? { name: flags.name } : {}),
      });
      let stopping = false;
      const stop = (): void => {
        // A second signal leaves at once: the jobs in hand stall and move to another worker.
        if (stopping) process.exit(130);
        stopping = true;
        process.stderr.write(`adrs worker ${worker.name}: stopping after the evaluations in hand\n`);
        void worker.close().then(() => {
          const { evaluated, refused } = worker.counts;
          process.stderr.write(`adrs worker ${worker.name}: stopped (${evaluated} evaluated, ${refused} refused)\n`);
          process.exit(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
