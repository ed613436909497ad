import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { registerBest } from './best.js';
import { registerCompare } from './compare.js';
import { registerEval } from './eval.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { registerRun } from './run.js';
import { registerTasks } from './tasks.js';
import { registerWorker } from './worker.js';
import { registerUi } from './ui.js';
import { registerReport } from './report.js';

const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

const program = new Command('adrs')
  .description('AI-Driven Research for Systems: evolve systems policies against simulators')
  .version(version)
  .showHelpAfterError();

registerRun(program);
registerEval(program);
registerBest(program);
registerCompare(program);
registerTasks(program);
registerWorker(program);
registerUi(program);
registerReport(program);
registerImport(program);
registerInit(program);

// `adrs ... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`adrs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
