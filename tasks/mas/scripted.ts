// Offline stand-ins (spec §6.3-6.4), for smoke tests and runs without a model:
// scripted agents that answer by role, deterministically, and a rule-based
// judge over the host's record. Both are labelled wherever their numbers
// appear: a synthetic judgement is never a MAST judgement.

import type { ChatMessage } from './llm-client.js';
import type { HostEvent, MasRecord } from './host.js';
import { MODE_IDS, VERDICT } from './modes.js';
import { extractCode } from './static-check.js';

export const SYNTHETIC_LABEL = 'synthetic judge (not MAST)';
const END = '# end of program';

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 30) || 'step';

/** A Python module with one function per requirement sentence of the request. */
function scriptedCode(request: string): string {
  const sentences = request
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 3)
    .slice(0, 8);
  const parts = [
    '```python',
    'class Program:',
    '    """Generated program."""',
    '',
    '    def __init__(self):',
    '        self.state = {}',
    '',
  ];
  sentences.forEach((s, i) => {
    parts.push(
      `    def step_${i + 1}_${slug(s)}(self, value=None):`,
      `        """${s.replace(/"/g, "'")}"""`,
      `        self.state["step_${i + 1}"] = value`,
      `        return self.state`,
      '',
    );
  });
  parts.push('', 'def main():', '    program = Program()', '    return program', '', END, '```');
  return parts.join('\n');
}

/** Tests for the names visible in the code the tester was shown. */
function scriptedTests(prompt: string): string {
  const names = [...extractCode(prompt).matchAll(/^\s*def\s+(step_\w+)/gm)].map((m) => m[1]!);
  const lines = ['```python', 'from program import Program', ''];
  for (const n of names.slice(0, 8))
    lines.push(`def test_${n}():`, '    p = Program()', `    assert p.${n}(1) is not None`, '');
  if (names.length === 0) lines.push('def test_program():', '    assert Program() is not None', '');
  lines.push('```');
  return lines.join('\n');
}

/** The scripted agent's answer to one chat call. */
export function scriptedAnswer(role: string, messages: ChatMessage[]): string {
  const prompt = messages.map((m) => m.content).join('\n');
  const user = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  switch (role) {
    case 'code':
      return user.trim() ? scriptedCode(user) : '```python\nclass Program:\n    pass\n' + END + '\n```';
    case 'test':
      return scriptedTests(prompt);
    case 'review':
      return prompt.includes(END)
        ? 'REVIEW: approved. The code and the tests match the task.'
        : 'REVIEW: changes requested. The code I was shown is cut off, so its end cannot be reviewed.';
    case 'verify':
      return /def test_/.test(prompt) && /assert/.test(prompt)
        ? 'VERIFICATION_RESULT: PASS (tests present with asserts)'
        : 'VERIFICATION_RESULT: FAIL (no tests with asserts)';
    default:
      return 'Plan: write the code, then tests, then review and verify them.';
  }
}

type Llm = Extract<HostEvent, { kind: 'llm' }>;

/**
 * Rule-based stand-in for the judge: a few of the 14 modes, detected from the
 * host's record. Deterministic; clearly not MAST.
 */
export function syntheticJudgement(record: MasRecord): Record<string, 0 | 1> {
  const modes = Object.fromEntries(MODE_IDS.map((id) => [id, 0])) as Record<string, 0 | 1>;
  const ev = record.events;
  const llm = ev.filter((e): e is Llm => e.kind === 'llm' && e.ok);
  const lastCode = (seq: number): string | undefined =>
    llm.filter((e) => e.role === 'code' && e.seq < seq).at(-1)?.answer;
  // 1.1: no coder call was given the task (e.g. it was dropped from the coder's prompt).
  if (!llm.some((e) => e.role === 'code' && e.prompt.includes(record.description))) modes['1.1'] = 1;
  // 1.2: the coder answered with something that is not code.
  if (llm.some((e) => e.role === 'code' && !/^\s*(def|class)\s/m.test(extractCode(e.answer)))) modes['1.2'] = 1;
  // 1.3: a role gave the same answer twice.
  const seen = new Set<string>();
  for (const e of llm) {
    const key = `${e.role}\u0000${e.answer}`;
    if (seen.has(key)) modes['1.3'] = 1;
    seen.add(key);
  }
  // 1.4: a tester or reviewer was shown only part of the latest code.
  for (const e of llm.filter((x) => x.role === 'test' || x.role === 'review')) {
    const code = lastCode(e.seq);
    if (code && code.includes(END) && !e.prompt.includes(END)) modes['1.4'] = 1;
  }
  const verdicts = ev.filter((e) => e.kind === 'trace' && VERDICT.test(e.details));
  const pass = verdicts.find((e) => e.kind === 'trace' && /PASS/.test(VERDICT.exec(e.details)![1]!));
  // 1.5: another round started after a PASS.
  if (pass && ev.some((e) => e.kind === 'trace' && e.eventType === 'ROUND_START' && e.seq > pass.seq)) modes['1.5'] = 1;
  // 2.5: a review asked for changes and no coder acted after it.
  for (const r of llm.filter((x) => x.role === 'review' && /changes requested/i.test(x.answer)))
    if (!llm.some((x) => x.role === 'code' && x.seq > r.seq)) modes['2.5'] = 1;
  // 3.1: the run ended without a PASS; 3.2: no verdict at all.
  if (!pass) modes['3.1'] = 1;
  if (verdicts.length === 0) modes['3.2'] = 1;
  // 3.3: the PASS verdict does not say that it checked the tests' asserts.
  if (pass && pass.kind === 'trace' && !/assert/i.test(pass.details)) modes['3.3'] = 1;
  return modes;
}
