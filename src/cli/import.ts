import type { Command } from 'commander';
import { importOpenEvolve, type ImportOptions } from '../import/openevolve-files.js';
import { summaryText } from '../import/openevolve-report.js';

export function registerImport(program: Command): void {
  const cmd = program.command('import').description('convert an experiment from another framework into an adrs task');
  cmd
    .command('openevolve')
    .description(
      'convert an OpenEvolve example (config.yaml, initial_program.py, evaluator.py) into a task folder with adrs.yaml',
    )
    .argument('<dir>', 'the OpenEvolve example folder')
    .option('-o, --out <dir>', 'output folder (default: <dir>-adrs next to the example)')
    .option('--force', 'write into an output folder that already has files')
    .option('--offline', 'propose with the offline mutator instead of the configured models')
    .option('--program <file>', 'the initial program (default: initial_program.py in <dir>)')
    .option('--evaluator <file>', 'the evaluator (default: evaluator.py in <dir>)')
    .option('--config <file>', 'the OpenEvolve config (default: config.yaml in <dir>)')
    .action((dir: string, flags: ImportOptions) => {
      const { outDir, conversion } = importOpenEvolve(dir, flags);
      process.stdout.write(summaryText(conversion, outDir));
    });
}
