import type { Command } from 'commander';
import { writeReport } from '../report/report.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a report of a run: a self-contained HTML file and a markdown file with SVG plots')
    .argument('<run>', 'run folder')
    .option('--out <dir>', 'output folder (default: <run>/report)')
    .action((dir: string, flags: { out?: string }) => {
      const r = writeReport(dir, flags.out);
      process.stdout.write(`${r.files.join('\n')}\n`);
    });
}
