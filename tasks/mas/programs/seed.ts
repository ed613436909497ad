// MetaGPT-style software team (the OpenEvolve v3 initial program of the MAS
// case study, spec §5.1), written against adrs's contract:
//   runMultiAgentTask(idea, nRounds, ctx): Promise<string>
// ctx.llm.chat(messages, { role, temperature, maxTokens }) calls the task's model
// (role: 'code' | 'test' | 'review' | 'verify' | 'plan' | 'other', counted by the host);
// ctx.trace.log(eventType, agent, details) writes the trace the judge reads;
// ctx.tools.checkPython(code, tests) is a static check run by the host;
// ctx.signal.aborted turns true at the 60 s deadline.

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

// Fixed infrastructure: the LLM wrapper and the message board.
const TEMPERATURE = 0.35;
const MAX_TOKENS = 8192;

interface Message {
  content: string;
  /** Name of the action that produced it ('UserRequirement' for the task). */
  causeBy: string;
  sentFrom: string;
}

async function ask(ctx: MasContext, agent: string, role: string, system: string, user: string): Promise<string> {
  return ctx.llm.chat(
    [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    { role, temperature: TEMPERATURE, maxTokens: MAX_TOKENS },
  );
}

// EVOLVE-BLOCK-START
const CODER_PROMPT =
  'You are a professional programmer. Write clean, working Python code for the task you are given. Return only the code.';
const TESTER_PROMPT = 'You are a QA engineer. Write pytest tests for the code you are given. Return only the tests.';
const REVIEWER_PROMPT =
  'You are a senior code reviewer. Give a brief review of the code and its tests: what is wrong and what to change.';
/** Characters of the code the tester sees. */
const TEST_CODE_CHARS = 2000;
/** Characters of the code and of the tests the reviewer sees. */
const REVIEW_CODE_CHARS = 1500;
const REVIEW_TEST_CHARS = 1500;
/** Stop as soon as the verifier passes. */
const STOP_ON_PASS = true;

interface Action {
  name: string;
  run(ctx: MasContext, agent: string, input: string, history: Message[]): Promise<string>;
}

const writeCode: Action = {
  name: 'WriteCode',
  run: (ctx, agent, input) => ask(ctx, agent, 'code', CODER_PROMPT, input),
};

const writeTest: Action = {
  name: 'WriteTest',
  run: (ctx, agent, input) =>
    ask(ctx, agent, 'test', TESTER_PROMPT, `Code to test:\n${input.slice(0, TEST_CODE_CHARS)}`),
};

const writeReview: Action = {
  name: 'WriteReview',
  run: (ctx, agent, input, history) => {
    const code = latest(history, 'WriteCode');
    return ask(
      ctx,
      agent,
      'review',
      REVIEWER_PROMPT,
      `Code:\n${code.slice(0, REVIEW_CODE_CHARS)}\n\nTests:\n${input.slice(0, REVIEW_TEST_CHARS)}`,
    );
  },
};

const verify: Action = {
  name: 'Verify',
  run: async (ctx, _agent, _input, history) => {
    const code = latest(history, 'WriteCode');
    const tests = latest(history, 'WriteTest');
    const check = await ctx.tools.checkPython(code, tests);
    const passed = check.codeParses && check.testsParse && tests.trim().length > 0;
    const reasons = passed ? 'code and tests parse' : check.problems.join('; ') || 'tests are empty';
    return `VERIFICATION_RESULT: ${passed ? 'PASS' : 'FAIL'} (${reasons})`;
  },
};

interface Role {
  name: string;
  profile: string;
  action: Action;
  /** Acts on the latest message caused by this action. */
  watch: string;
}

const ROLES: Role[] = [
  { name: 'Alice', profile: 'Coder', action: writeCode, watch: 'UserRequirement' },
  { name: 'Bob', profile: 'Tester', action: writeTest, watch: 'WriteCode' },
  { name: 'Charlie', profile: 'Reviewer', action: writeReview, watch: 'WriteTest' },
  { name: 'Dana', profile: 'Verifier', action: verify, watch: 'WriteTest' },
];

function latest(history: Message[], causeBy: string): string {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.causeBy === causeBy) return history[i]!.content;
  return '';
}

async function runTeam(idea: string, nRounds: number, ctx: MasContext): Promise<string> {
  const log = (type: string, agent: string, details: string): void => ctx.trace.log(type, agent, details);
  log('TEAM_START', 'Team', `task: ${idea}`);
  for (const r of ROLES) log('ENV_ADD_ROLE', 'Environment', `${r.name} (${r.profile}) watches ${r.watch}`);
  const history: Message[] = [{ content: idea, causeBy: 'UserRequirement', sentFrom: 'Human' }];
  log('ENV_MESSAGE', 'Human', idea);
  log('TEAM_RUN', 'Team', `up to ${nRounds} rounds`);
  let passed = false;
  let rounds = 0;
  for (let round = 1; round <= nRounds && !ctx.signal.aborted; round++) {
    rounds = round;
    log('ROUND_START', 'Team', `round ${round}`);
    for (const role of ROLES) {
      // The coder gets the task in round 1 only; later it acts without input.
      const input = role.watch === 'UserRequirement' ? (round === 1 ? idea : '') : latest(history, role.watch);
      if (role.watch !== 'UserRequirement' && !input) continue;
      log('ROLE_ACT', role.name, `${role.profile} runs ${role.action.name}`);
      log('ACTION_START', role.name, role.action.name);
      const output = await role.action.run(ctx, role.name, input, history);
      log('ACTION_END', role.name, output);
      history.push({ content: output, causeBy: role.action.name, sentFrom: role.name });
      log('ENV_MESSAGE', role.name, `${role.action.name} published (${output.length} characters)`);
      log('ROLE_COMPLETE', role.name, role.action.name);
      if (role.action === verify && /VERIFICATION_RESULT: PASS/.test(output)) passed = true;
    }
    log('ROUND_END', 'Team', `round ${round}${passed ? ': verification passed' : ''}`);
    if (passed && STOP_ON_PASS) {
      log('TEAM_EARLY_STOP', 'Team', `verification passed in round ${round}`);
      break;
    }
  }
  log('TEAM_END', 'Team', `${rounds} rounds, ${history.length - 1} messages`);
  const summary = `${passed ? 'verified' : 'not verified'} after ${rounds} rounds`;
  log('SUMMARY', 'Team', summary);
  return summary;
}
// EVOLVE-BLOCK-END

export async function runMultiAgentTask(idea: string, nRounds: number, ctx: MasContext): Promise<string> {
  return runTeam(idea, nRounds, ctx);
}
