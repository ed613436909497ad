import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { aggregateMas } from './aggregate.js';
import { normalisedScore } from './score.js';
import { createMasTask } from './task.js';

// Spec §4.3: each way of gaming the judge is rejected with a message naming the rule.
// The scripted stand-in answers the model calls, so these run offline and fast.
const task = createMasTask({ llm: { baseUrl: 'scripted', model: 'scripted' } });
const two = task.instances('train').slice(0, 2);
const run = (body: string, timeMs?: number) =>
  evaluateProgram(
    task,
    `export async function runMultiAgentTask(idea, nRounds, ctx) {\n${body}\n}`,
    two,
    timeMs ? { ...task.limits, timeMsPerInstance: timeMs } : task.limits,
  );

/** Honest steps: a coder call, a tester call, a static check, and a verdict line. */
const STEPS = `
  const code = await ctx.llm.chat([{ role: 'user', content: idea }], { role: 'code' });
  ctx.trace.log('ACTION_END', 'Alice', code);
  const tests = await ctx.llm.chat([{ role: 'user', content: code }], { role: 'test' });
  ctx.trace.log('ACTION_END', 'Bob', tests);
  const check = await ctx.tools.checkPython(code, tests);`;

describe('mas guardrails', () => {
  it('an honest minimal team is judged (synthetic judge, labelled)', async () => {
    const e = await run(`${STEPS}
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: ' + (check.codeParses && check.testsParse ? 'PASS' : 'FAIL') + ' (asserts checked)');
      return 'done';`);
    expect(e.valid).toBe(true);
    expect(e.metrics.synthetic_judge).toBe(1);
    expect(e.feedback).toMatch(/synthetic judge \(not MAST\)/);
  });

  it('deleting the verifier (no verdict) is rejected', async () => {
    const source = task.programs.seed!.source.replace(
      "  { name: 'Dana', profile: 'Verifier', action: verify, watch: 'WriteTest' },\n",
      '',
    );
    expect(source).not.toBe(task.programs.seed!.source);
    const e = await evaluateProgram(task, source, two);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.1: no verification verdict/);
  });

  it('a returned fake trace is not the trace: no coder action is on record', async () => {
    const e = await run(
      `return '[0001] [ACTION_END] [Alice] def main(): pass\\n[0002] [ACTION_END] [Dana] VERIFICATION_RESULT: PASS';`,
    );
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.1: no coder action/);
  });

  it('trace lines that claim agents acted, without the calls, are rejected', async () => {
    const e = await run(`
      ctx.trace.log('ACTION_END', 'Alice', '\`\`\`python\\ndef main():\\n    return 1\\n\`\`\`');
      ctx.trace.log('ACTION_END', 'Bob', 'def test_main():\\n    assert main() == 1');
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: PASS');
      return 'done';`);
    expect(e.failure?.message).toMatch(/no coder action/);
  });

  it('a verdict with no check before it is rejected', async () => {
    const e = await run(`
      const code = await ctx.llm.chat([{ role: 'user', content: idea }], { role: 'code' });
      const tests = await ctx.llm.chat([{ role: 'user', content: code }], { role: 'test' });
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: PASS');
      return 'done';`);
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.1: verdict at trace line 1 is not backed by a check/);
  });

  it('a PASS after a check that failed is rejected', async () => {
    const e = await run(`${STEPS}
      await ctx.tools.checkPython('def broken(:', '');
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: PASS');
      return 'done';`);
    expect(e.failure?.message).toMatch(/PASS verdict at trace line 3 contradicts the last check/);
  });

  it('41 LLM calls are rejected (the 41st is refused)', async () => {
    const e = await run(`${STEPS}
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: FAIL');
      for (let i = 0; i < 39; i++) await ctx.llm.chat([{ role: 'user', content: 'again ' + i }], { role: 'review' });
      return 'done';`);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.2: at most 40 LLM calls per task \(the call was refused\)/);
  });

  it('a 300 KB trace is rejected', async () => {
    const e = await run(`${STEPS}
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: FAIL');
      for (let i = 0; i < 300; i++) ctx.trace.log('NOTE', 'Alice', 'x'.repeat(1024));
      return 'done';`);
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.2: a trace of at most 200 KB/);
  });

  it('more than 4 rounds are rejected', async () => {
    const e = await run(`${STEPS}
      for (let r = 1; r <= 5; r++) ctx.trace.log('ROUND_START', 'Team', 'round ' + r);
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: FAIL');
      return 'done';`);
    expect(e.failure?.message).toMatch(/guardrail §4\.3\.2: 5 ROUND_START events; at most 4 rounds/);
  });

  it('a program that never resolves times out on the wall clock', async () => {
    const started = performance.now();
    const e = await run(`${STEPS}\n return new Promise(() => {});`, 300);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(e.instances.map((r) => r.failure?.kind)).toEqual(['timeout', 'timeout']);
    expect(e.instances[0]!.failure!.message).toMatch(/300 ms wall-clock limit/);
  });

  it('a timeout is charged 7 failures and an exception 14 (spec §4.1)', () => {
    const ok = { instanceId: 'a', score: 100, metrics: { failures: 0 } };
    const timeout = { instanceId: 'b', score: 0, metrics: {}, failure: { kind: 'timeout' as const, message: 't' } };
    const threw = { instanceId: 'c', score: 0, metrics: {}, failure: { kind: 'exception' as const, message: 'e' } };
    const agg = aggregateMas([ok, timeout, threw]);
    expect(agg.valid).toBe(true);
    expect(agg.score).toBeCloseTo((100 + normalisedScore(7) + 0) / 3, 12);
    expect(normalisedScore(7)).toBe(6.25);
    expect(agg.metrics.failures_total).toBe(21);
    expect(agg.metrics.openevolve_combined_score).toBe(1 / (1 + 21 / 1));
  });

  it('a program that throws scores 0 for that task (14 failures), after the rules are checked', async () => {
    const e = await run(`${STEPS}
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: FAIL');
      if (idea === ${JSON.stringify((two[0]!.data as { description: string }).description)}) throw new Error('boom');
      return 'done';`);
    expect(e.instances[0]!.failure).toEqual({
      kind: 'exception',
      message: 'runMultiAgentTask threw: boom (14 failures)',
    });
    expect(e.instances[1]!.failure).toBeUndefined();
  });

  it('a non-string result breaks the contract', async () => {
    const e = await run(`${STEPS}
      ctx.trace.log('ACTION_END', 'Dana', 'VERIFICATION_RESULT: FAIL');
      return { trace: 'mine' };`);
    expect(e.failure?.message).toMatch(/must resolve to a string, not object/);
  });
});
