import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyOverrides, readConfigFile } from '../core/config.js';
import { runCompare } from '../compare/run.js';
import { strategyNames } from '../strategies/registry.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
  return value;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run several strategies with several seeds at an equal evaluation budget and compare them')
    .argument('<task>', 'built-in task or task folder')
    .option('--strategies <list>', 'comma-separated strategy names', 'openevolve,shinka,gepa')
    .option('--seeds <n>', 'seeds 1..n per strategy', Number, 5)
    .option('--evaluations <n>', 'evaluation budget of every run', Number, 300)
    .option('--out <dir>', 'where the runs, compare.md, compare.svg and compare.json go')
    .option('--workers <n>', 'runs at a time, sharing this many evaluation workers', Number, 2)
    .option('-c, --config <file>', 'base run config (proposer, limits; per-strategy options under `strategies.<name>`)')
    .option(
      '--set <key=value>',
      'set a base config key, e.g. --set strategies.shinka.islands=3 (repeatable)',
      collect,
      [],
    )
    .action(
      async (
        task: string,
        flags: {
          strategies: string;
          seeds: number;
          evaluations: number;
          out?: string;
          workers: number;
          config?: string;
          set: string[];
        },
      ) => {
        const strategies = flags.strategies
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const known = strategyNames();
        for (const s of strategies)
          if (!known.includes(s)) throw new Error(`unknown strategy "${s}"; known: ${known.join(', ')}`);
        const base = applyOverrides(flags.config ? readConfigFile(flags.config) : {}, flags.set);
        const out = flags.out ?? join('runs', `compare-${task.replace(/[^\w.-]/g, '_')}`);
        await runCompare({
          task,
          strategies,
          seeds: positive('seeds', flags.seeds),
          evaluations: positive('evaluations', flags.evaluations),
          workers: positive('workers', flags.workers),
          out,
          base,
          onRun: (line) => process.stderr.write(`${line}\n`),
        });
        process.stderr.write(`wrote ${join(out, 'compare.md')}, compare.svg and compare.json\n`);
        process.stdout.write(readFileSync(join(out, 'compare.md'), 'utf8'));
      },
    );
}
