// Test helper: a loopback OpenAI-compatible server (test/fake-openai.ts) that
// replays the hand-written fixtures: agent answers by role, judge answers by
// the SHA-256 of the trace they judge (the record/replay key of spec §6.1,
// reduced to the judged text).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { startFakeOpenAI, type Behaviour, type ChatBody, type FakeOpenAI } from '../../test/fake-openai.js';

const FIXTURES = join(packageRoot(), 'tasks', 'mas', 'fixtures');

interface AgentFixtures {
  code: Record<string, string>;
  test: Record<string, string>;
  review: Record<string, string>;
}
export interface JudgeFixture {
  program: string;
  task: string;
  answer: string;
}

const JUDGE_START = 'You are reviewing the execution trace';

export const traceHash = (trace: string): string => createHash('sha256').update(trace).digest('hex');

/** The trace inside a judge prompt (see judge-prompt.ts). */
export function traceOfJudgePrompt(prompt: string): string | undefined {
  const start = prompt.indexOf('\nThe trace:\n');
  const end = prompt.indexOf('\n\nDefinitions of the failure modes:\n');
  return start < 0 || end < 0 ? undefined : prompt.slice(start + '\nThe trace:\n'.length, end);
}

function roleOf(system: string): keyof AgentFixtures | undefined {
  if (/programmer|coder/i.test(system)) return 'code';
  if (/QA|tester/i.test(system)) return 'test';
  if (/review/i.test(system)) return 'review';
  return undefined;
}

function pick(table: Record<string, string>, text: string): string {
  const key = Object.keys(table).find((k) => k && text.toLowerCase().includes(k.toLowerCase()));
  return table[key ?? '']!;
}

export interface ReplayServer extends FakeOpenAI {
  /** Hashes of judged traces that had no fixture (the judge got an HTTP 404). */
  missing: string[];
  judgeCalls(): number;
}

/** `judge` overrides the judge's behaviour (garbage, 500, ...); by default it replays fixtures/judge.json. */
export async function startReplayServer(judge?: (body: ChatBody) => Behaviour): Promise<ReplayServer> {
  const agents = JSON.parse(readFileSync(join(FIXTURES, 'agents.json'), 'utf8')) as AgentFixtures;
  const judged = JSON.parse(readFileSync(join(FIXTURES, 'judge.json'), 'utf8')) as Record<string, JudgeFixture>;
  const missing: string[] = [];
  let judgeCalls = 0;
  const server = await startFakeOpenAI((body) => {
    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    const user = body.messages
      .filter((m) => m.role === 'user')
      .map((m) => m.content)
      .join('\n');
    if (user.startsWith(JUDGE_START)) {
      judgeCalls++;
      if (judge) return judge(body);
      const hash = traceHash(traceOfJudgePrompt(user) ?? '');
      const fixture = judged[hash];
      if (!fixture) {
        missing.push(hash);
        return { kind: 'status', code: 404 };
      }
      return { kind: 'answer', text: fixture.answer };
    }
    const role = roleOf(system);
    if (!role) return { kind: 'answer', text: 'I am not sure which role I play.' };
    return { kind: 'answer', text: pick(agents[role], user) };
  });
  return Object.assign(server, { missing, judgeCalls: () => judgeCalls });
}
