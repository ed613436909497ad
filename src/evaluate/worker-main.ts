// Entry point of an evaluation worker process (forked by WorkerPool).
import type { EvalJob, WorkerMessage } from './job.js';
import { runJob } from './run-job.js';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

process.on('message', (job: EvalJob) => {
  runJob(job).then(
    (evaluation) => send({ type: 'result', id: job.id, evaluation }),
    (error: unknown) =>
      send({ type: 'error', id: job.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
