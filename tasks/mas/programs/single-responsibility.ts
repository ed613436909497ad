// A hand-written improvement of the seed along the lines the ADRS blog reports
// evolution found (spec §5.2): single-responsibility prompts, explicit routing
// (coder -> tester; on a failed check or a review asking for changes, back to
// the coder with the feedback), a structured static verifier (syntax, test
// functions, asserts, tests that reference the code) before the LLM review,
// and no work after the verdict. Contract: see programs/seed.ts.

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
interface PythonCheck {
  codeParses: boolean;
  testsParse: boolean;
  testFunctions: number;
  asserts: number;
  referencesCode: boolean;
  problems: string[];
}
interface MasContext {
  llm: {
    chat(messages: ChatMessage[], opts?: { role?: string; temperature?: number; maxTokens?: number }): Promise<string>;
  };
  trace: { log(eventType: string, agent: string, details: string): void };
  tools: { checkPython(code: string, tests: string): Promise<PythonCheck> };
  signal: { readonly aborted: boolean };
}

const TEMPERATURE = 0.35;
const MAX_TOKENS = 8192;

// EVOLVE-BLOCK-START
const CODER_PROMPT =
  'You are the coder. Only produce Python code that implements the task completely, in one ```python block. Do not plan, review or explain.';
const TESTER_PROMPT =
  'You are the tester. Only produce pytest tests, in one ```python block, that import and exercise the functions and classes of the code. Every test must assert something.';
const REVIEWER_PROMPT =
  'You are the reviewer. Only review: say "REVIEW: approved" or "REVIEW: changes requested" and list concrete problems. Do not write code.';
const MIN_TEST_FUNCTIONS = 1;
const MIN_ASSERTS = 1;

async function ask(ctx: MasContext, role: string, system: string, user: string): Promise<string> {
  return ctx.llm.chat(
    [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    { role, temperature: TEMPERATURE, maxTokens: MAX_TOKENS },
  );
}

function verdictOf(check: PythonCheck): { pass: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (!check.codeParses) reasons.push('code does not parse');
  if (!check.testsParse) reasons.push('tests do not parse');
  if (check.testFunctions < MIN_TEST_FUNCTIONS) reasons.push(`${check.testFunctions} test functions`);
  if (check.asserts < MIN_ASSERTS) reasons.push(`${check.asserts} asserts`);
  if (!check.referencesCode) reasons.push('tests do not reference the code');
  reasons.push(...check.problems);
  return { pass: reasons.length === 0, reasons };
}

async function runTeam(idea: string, nRounds: number, ctx: MasContext): Promise<string> {
  const log = (type: string, agent: string, details: string): void => ctx.trace.log(type, agent, details);
  log('TEAM_START', 'Team', `task: ${idea}`);
  log('ENV_ADD_ROLE', 'Environment', 'Alice (Coder) -> Bob (Tester) -> Dana (Verifier) -> Charlie (Reviewer)');
  let feedback = '';
  let code = '';
  let tests = '';
  let passed = false;
  let round = 0;
  while (round < nRounds && !passed && !ctx.signal.aborted) {
    round++;
    log('ROUND_START', 'Team', `round ${round}`);
    const request = feedback
      ? `Task:\n${idea}\n\nRevise your code:\n${code}\n\nFeedback to address:\n${feedback}`
      : idea;
    code = await ask(ctx, 'code', CODER_PROMPT, request);
    log('ACTION_END', 'Alice', code);
    log('ENV_MESSAGE', 'Alice', 'code sent to Bob');
    tests = await ask(ctx, 'test', TESTER_PROMPT, `Task:\n${idea}\n\nCode:\n${code}`);
    log('ACTION_END', 'Bob', tests);
    log('ENV_MESSAGE', 'Bob', 'tests sent to Dana');
    const check = await ctx.tools.checkPython(code, tests);
    const v = verdictOf(check);
    if (!v.pass) {
      log('ACTION_END', 'Dana', `static check failed: ${v.reasons.join('; ')}`);
      feedback = v.reasons.join('; ');
      log('ROUND_END', 'Team', `round ${round}: back to Alice`);
      continue;
    }
    const review = await ask(ctx, 'review', REVIEWER_PROMPT, `Task:\n${idea}\n\nCode:\n${code}\n\nTests:\n${tests}`);
    log('ACTION_END', 'Charlie', review);
    if (/changes requested/i.test(review)) {
      feedback = review;
      log('ROUND_END', 'Team', `round ${round}: review asks for changes, back to Alice`);
      continue;
    }
    passed = true;
    log(
      'ACTION_END',
      'Dana',
      `VERIFICATION_RESULT: PASS (code and tests parse; ${check.testFunctions} test functions, ${check.asserts} asserts, tests reference the code; review approved)`,
    );
    log('ROUND_END', 'Team', `round ${round}: verified`);
  }
  if (!passed) log('ACTION_END', 'Dana', `VERIFICATION_RESULT: FAIL (${feedback || 'out of rounds'})`);
  log('TEAM_END', 'Team', `${round} rounds`);
  return `${passed ? 'verified' : 'not verified'} after ${round} rounds`;
}
// EVOLVE-BLOCK-END

export async function runMultiAgentTask(idea: string, nRounds: number, ctx: MasContext): Promise<string> {
  return runTeam(idea, nRounds, ctx);
}
