import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { RunStore } from '../store/store.js';

export function registerBest(program: Command): void {
  program
    .command('best')
    .description('print the best program of a run and its diff against the seed')
    .argument('<run>', 'run folder')
    .option('--source-only', 'print only the program')
    .option('--json', 'print program, scores and diff as JSON')
    .action((dir: string, flags: { sourceOnly?: boolean; json?: boolean }) => {
      const store = RunStore.open(dir, { readonly: true });
      try {
        const best = store.best();
        const seed = store.getProgram('p0');
        if (!best || !seed) throw new Error(`${dir} has no valid evaluated program yet`);
        const program = store.getProgram(best.programId)!;
        const test = store.getEvaluation(program.id, 'test', 'final');
        const diff = createTwoFilesPatch('seed (p0)', `best (${program.id})`, seed.source, program.source, '', '', {
          context: 3,
        });
        if (flags.sourceOnly) return void process.stdout.write(program.source);
        if (flags.json) {
          return void process.stdout.write(
            `${JSON.stringify({ programId: program.id, iteration: program.iteration, trainScore: best.score, testScore: test?.score ?? null, parents: program.parentIds, source: program.source, diff }, null, 2)}\n`,
          );
        }
        const header = [
          `Best program ${program.id} (iteration ${program.iteration}, generation ${program.generation})`,
          `train score ${best.score}${test ? `, test score ${test.score}` : ''}`,
          `lineage: ${lineage(store, program.id).join(' <- ')}`,
          '',
          diff,
        ];
        process.stdout.write(`${header.join('\n')}\n`);
      } finally {
        store.close();
      }
    });
}

/** First-parent chain back to the seed. */
function lineage(store: RunStore, id: string): string[] {
  const chain: string[] = [];
  let current = store.getProgram(id);
  while (current && chain.length < 10_000) {
    chain.push(current.id);
    const parent = current.parentIds[0];
    current = parent ? store.getProgram(parent) : undefined;
  }
  return chain;
}
