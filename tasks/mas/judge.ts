// Scoring one run: guardrails, then the judge (a model call on the host's
// trace, or the synthetic stand-in), then the leaderboard's per-task score.
// A judge that fails or answers nothing parseable is a failed evaluation of
// the task (14 failures), never a perfect score as in the reference.

import type { InstanceResult } from '../../src/core/types.js';
import type { Taxonomy } from './data.js';
import { guardrailViolation } from './guardrails.js';
import type { MasOutput } from './harness.js';
import type { MasRecord } from './host.js';
import { judgePrompt } from './judge-prompt.js';
import type { TaskLlm } from './llm-client.js';
import { FAILURE_MODES } from './modes.js';
import { parseJudgement } from './parse.js';
import { normalisedScore } from './score.js';
import { SYNTHETIC_LABEL, syntheticJudgement } from './scripted.js';

export const JUDGE_RETRIES = 2;
const JUDGE_TIMEOUT_MS = 180_000;

const fail = (id: string, kind: 'invalid' | 'exception', message: string): InstanceResult => ({
  instanceId: id,
  score: 0,
  metrics: {},
  failure: { kind, message },
});

function checkOutput(output: unknown): MasOutput | string {
  if (output === null || typeof output !== 'object') return 'the harness answer is not an object';
  const o = output as Record<string, unknown>;
  if (typeof o.returned !== 'string') return 'the harness answer has no returned type';
  if (o.threw !== undefined && typeof o.threw !== 'string') return 'the harness answer has a malformed error';
  return o as unknown as MasOutput;
}

export async function scoreRun(
  id: string,
  output: unknown,
  record: MasRecord | undefined,
  llm: TaskLlm,
  taxonomy: Taxonomy | undefined,
): Promise<InstanceResult> {
  if (!record) return fail(id, 'exception', 'no host record for this run (the task lends host functions)');
  const out = checkOutput(output);
  if (typeof out === 'string') return fail(id, 'invalid', out);
  // Rules first: a run that broke one is rejected even if it then threw.
  const violation = guardrailViolation(record);
  if (violation) return fail(id, 'invalid', violation);
  if (out.threw !== undefined) return fail(id, 'exception', `runMultiAgentTask threw: ${out.threw} (14 failures)`);
  if (out.returned !== 'string')
    return fail(id, 'invalid', `runMultiAgentTask must resolve to a string, not ${out.returned}`);

  let modes: Record<string, 0 | 1>;
  let summary = '';
  if (llm.scripted) modes = syntheticJudgement(record);
  else {
    let answer: string;
    try {
      answer = await llm.chat([{ role: 'user', content: judgePrompt(record.trace, taxonomy) }], {
        model: llm.options.judgeModel ?? llm.options.model,
        retries: JUDGE_RETRIES,
        timeoutMs: JUDGE_TIMEOUT_MS,
      });
    } catch (error) {
      return fail(id, 'exception', `judge call failed, scored as 14 failures: ${(error as Error).message}`);
    }
    const parsed = parseJudgement(answer);
    if (parsed.found === 0)
      return fail(
        id,
        'exception',
        `judge answer unparsable (no failure mode found), scored as 14 failures: ${JSON.stringify(answer.slice(0, 120))}`,
      );
    modes = parsed.modes;
    summary = /^\s*A\.\s*(.*)$/m.exec(answer)?.[1]?.trim().slice(0, 300) ?? '';
  }
  const failures = Object.values(modes).reduce<number>((a, b) => a + b, 0);
  const metrics: Record<string, number> = {
    failures,
    llm_calls: record.totalLlmCalls,
    trace_kb: record.traceBytes / 1024,
    synthetic_judge: llm.scripted ? 1 : 0,
  };
  for (const m of FAILURE_MODES) metrics[`mode_${m.id.replace('.', '_')}`] = modes[m.id]!;
  const named = FAILURE_MODES.filter((m) => modes[m.id] === 1).map((m) => `${m.id} ${m.name}`);
  const label = llm.scripted ? `${SYNTHETIC_LABEL}: ` : 'MAST judge: ';
  return {
    instanceId: id,
    score: normalisedScore(failures),
    metrics,
    feedback: `${label}${failures} failure modes${named.length ? ` (${named.join('; ')})` : ''}${summary ? `; judge: ${summary}` : ''}`,
  };
}
