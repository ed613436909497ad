import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';

// Answering the `manual` provider's prompts from the dashboard. The provider
// writes <queue>/<id>.prompt.md and waits for <queue>/<id>.answer.md; the page
// lists the unanswered prompts and writes answers the same way a person would
// (to a temporary file, then renamed into place so that it is never half read).

export interface PendingPrompt {
  queue: number;
  id: string;
  ts: number;
  prompt: string;
}

const ID = /^[\w-]+$/;
const MAX_PROMPT = 200_000;

/**
 * The queue folders of the run's manual models. A relative folder is resolved
 * from the folder the run was started in, recovered from its runsDir and name.
 */
export function manualQueues(runDir: string, config: Record<string, unknown>): string[] {
  const proposer = config.proposer as
    { kind?: string; models?: { provider?: string; queueDir?: string }[] } | undefined;
  if (proposer?.kind !== 'llm' || !Array.isArray(proposer.models)) return [];
  const base = startFolder(runDir, config);
  return proposer.models
    .filter((m) => m.provider === 'manual' && typeof m.queueDir === 'string')
    .map((m) => (isAbsolute(m.queueDir!) ? m.queueDir! : resolve(base, m.queueDir!)));
}

function startFolder(runDir: string, config: Record<string, unknown>): string {
  const runsDir = typeof config.runsDir === 'string' ? config.runsDir : 'runs';
  const dir = normalize(resolve(runDir));
  const tail = normalize(join(runsDir, dir.split(sep).at(-1)!));
  if (!isAbsolute(runsDir) && dir.endsWith(sep + tail)) return dir.slice(0, dir.length - tail.length - 1);
  return process.cwd();
}

export function pendingPrompts(queues: string[]): PendingPrompt[] {
  const out: PendingPrompt[] = [];
  queues.forEach((dir, queue) => {
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.prompt.md')) continue;
      const id = file.slice(0, -'.prompt.md'.length);
      if (!ID.test(id) || answered(dir, id)) continue;
      const path = join(dir, file);
      const prompt = readFileSync(path, 'utf8');
      out.push({ queue, id, ts: statSync(path).mtimeMs, prompt: prompt.slice(0, MAX_PROMPT) });
    }
  });
  return out.sort((a, b) => a.ts - b.ts);
}

const answered = (dir: string, id: string): boolean =>
  existsSync(join(dir, `${id}.answer.md`)) || existsSync(join(dir, `${id}.answer.md.done`));

/** Writes an answer; false when there is no such unanswered prompt. */
export function answerPrompt(queues: string[], queue: number, id: string, text: string): boolean {
  const dir = queues[queue];
  if (!dir || !ID.test(id) || !existsSync(join(dir, `${id}.prompt.md`)) || answered(dir, id)) return false;
  const answer = join(dir, `${id}.answer.md`);
  writeFileSync(`${answer}.tmp`, text);
  renameSync(`${answer}.tmp`, answer);
  return true;
}
