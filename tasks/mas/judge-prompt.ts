// The judge's single user message (spec §2.3), in the reference's order:
// instructions, the answer template between @@ markers, an example answer,
// the trace, then the MAST definitions and examples. Our own wording; the
// definitions and examples are the shared taxonomy files when available.

import type { Taxonomy } from './data.js';
import { FAILURE_MODES } from './modes.js';

const TEMPLATE_MODES = FAILURE_MODES.map((m) => `${m.id} ${m.name}: yes or no`).join('\n');

function exampleAnswer(): string {
  const yes = new Set(['1.3', '3.3']);
  return FAILURE_MODES.map((m) => `${m.id} ${yes.has(m.id) ? 'yes' : 'no'}`).join('\n');
}

/** Definitions text: the shared taxonomy file, or our one-line gists (labelled as a fallback). */
function definitions(taxonomy: Taxonomy | undefined): string {
  if (taxonomy) return taxonomy.definitions;
  return [
    '(Short definitions: the full MAST definitions file was not available.)',
    ...FAILURE_MODES.map((m) => `${m.id} ${m.name}: ${m.gist}.`),
  ].join('\n');
}

export function judgePrompt(trace: string, taxonomy: Taxonomy | undefined): string {
  return [
    'You are reviewing the execution trace of a multi-agent system that was asked to write a program.',
    'Decide, for each of the failure modes defined below, whether it occurs in the trace. Answer yes or no for',
    'every mode, then give a one-sentence summary of the problems and say whether the task was completed.',
    'Use exactly this format, between the @@ markers:',
    '@@',
    'A. <one-sentence summary>',
    'B. <yes or no: was the task completed?>',
    'C.',
    TEMPLATE_MODES,
    '@@',
    '',
    'Example of an answer:',
    'A. The coder repeated its first answer and the tests were never checked against the code.',
    'B. no',
    'C.',
    exampleAnswer(),
    '',
    'The trace:',
    trace,
    '',
    'Definitions of the failure modes:',
    definitions(taxonomy),
    '',
    'Examples of the failure modes:',
    taxonomy ? taxonomy.examples : '(none available)',
  ].join('\n');
}
