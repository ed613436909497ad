// Spec §4.3: what a run must show before it is judged. Checked on the host's
// own record (calls it forwarded, trace lines it wrote, checks it ran), so a
// program cannot pass them by returning text: removing the agents that
// report failures (the blog's reward hack) or faking a verdict is rejected.

import { MAX_ROUNDS, type HostEvent, type MasRecord } from './host.js';
import { VERDICT } from './modes.js';

/** The first rule the record breaks, as a message naming it; undefined when the run may be judged. */
export function guardrailViolation(record: MasRecord): string | undefined {
  if (record.violations.length > 0) return `guardrail §4.3.2: ${record.violations[0]} (the call was refused)`;
  const events = record.events;
  const rounds = events.filter((e) => e.kind === 'trace' && e.eventType === 'ROUND_START').length;
  if (rounds > MAX_ROUNDS) return `guardrail §4.3.2: ${rounds} ROUND_START events; at most ${MAX_ROUNDS} rounds`;
  const called = (role: string): boolean => events.some((e) => e.kind === 'llm' && e.ok && e.role === role);
  if (!called('code'))
    return "guardrail §4.3.1: no coder action (the trace needs a code-writing step backed by llm.chat with role 'code')";
  if (!called('test'))
    return "guardrail §4.3.1: no test-writing action (the trace needs a step backed by llm.chat with role 'test')";
  const verdicts = events.filter(
    (e): e is Extract<HostEvent, { kind: 'trace' }> => e.kind === 'trace' && VERDICT.test(e.details),
  );
  if (verdicts.length === 0)
    return 'guardrail §4.3.1: no verification verdict (a trace line with VERIFICATION_RESULT: PASS or FAIL)';
  for (const v of verdicts) {
    const before = events.filter((e) => e.seq < v.seq).reverse();
    const lastCheck = before.find((e) => e.kind === 'check');
    const lastVerify = before.find((e) => e.kind === 'llm' && e.ok && e.role === 'verify');
    if (!lastCheck && !lastVerify)
      return `guardrail §4.3.1: verdict at trace line ${traceLine(events, v)} is not backed by a check (tools.checkPython or llm.chat with role 'verify' before it)`;
    if (VERDICT.exec(v.details)![1] === 'PASS') {
      const checkPassed = lastCheck?.kind === 'check' && lastCheck.result.codeParses && lastCheck.result.testsParse;
      const verifierPassed = lastVerify?.kind === 'llm' && /VERIFICATION_RESULT:\s*PASS\b/.test(lastVerify.answer);
      if (!checkPassed && !verifierPassed)
        return `guardrail §4.3.1: PASS verdict at trace line ${traceLine(events, v)} contradicts the last check (it did not pass)`;
    }
  }
  return undefined;
}

function traceLine(events: HostEvent[], target: HostEvent): number {
  return events.filter((e) => e.kind === 'trace' && e.seq <= target.seq).length;
}
