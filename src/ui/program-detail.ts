import { createTwoFilesPatch } from 'diff';
import type { Evaluation, Program } from '../core/types.js';
import type { RunStore } from '../store/store.js';
import { lineage } from './queries.js';

/** Per-instance rows beyond this are summarised; some tasks have thousands of instances. */
const MAX_INSTANCES = 500;

export interface ProposerCallView {
  proposer: string;
  model: string | null;
  prompt: string | null;
  response: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number;
  durationMs: number;
  error: string | null;
}

export interface ProgramDetail {
  program: Program;
  train: (Omit<Evaluation, 'instances'> & { instances: Evaluation['instances']; instanceCount: number }) | null;
  test: { score: number | null; valid: boolean } | null;
  calls: ProposerCallView[];
  diffParent: string | null;
  diffSeed: string | null;
  lineage: string[];
  children: number;
  favourite: boolean;
}

export function unifiedDiff(fromLabel: string, from: string, toLabel: string, to: string): string {
  return createTwoFilesPatch(fromLabel, toLabel, from, to, '', '', { context: 3 })
    .replace(/^=+\n/, '') // the banner line
    .replace(/\t$/gm, ''); // empty header timestamps leave a trailing tab
}

export function programDetail(store: RunStore, id: string): ProgramDetail | undefined {
  const program = store.getProgram(id);
  if (!program) return undefined;
  const evaluation = store.getEvaluation(id, 'train', 'search') ?? store.getEvaluation(id, 'train', 'final');
  const test = store.getEvaluation(id, 'test', 'final');
  const calls =
    program.iteration >= 0
      ? (store.db
          .prepare(
            `SELECT proposer, model, prompt, response, tokens_in AS tokensIn, tokens_out AS tokensOut, cost_usd AS costUsd,
                    duration_ms AS durationMs, error FROM proposer_calls WHERE iteration = ? ORDER BY id`,
          )
          .all(program.iteration) as ProposerCallView[])
      : [];
  const parent = program.parentIds[0] ? store.getProgram(program.parentIds[0]) : undefined;
  const seed = id === 'p0' ? undefined : store.getProgram('p0');
  const children = (
    store.db.prepare('SELECT COUNT(*) AS n FROM programs WHERE parent_ids LIKE ?').get(`["${id}"%`) as { n: number }
  ).n;
  return {
    program,
    train: evaluation
      ? {
          ...evaluation,
          instances: evaluation.instances.slice(0, MAX_INSTANCES),
          instanceCount: evaluation.instances.length,
        }
      : null,
    test: test ? { score: test.score, valid: test.valid } : null,
    calls,
    diffParent: parent ? unifiedDiff(`parent ${parent.id}`, parent.source, id, program.source) : null,
    diffSeed: seed ? unifiedDiff('seed p0', seed.source, id, program.source) : null,
    lineage: lineage(store, id),
    children,
    favourite: store.favourites().includes(id),
  };
}
