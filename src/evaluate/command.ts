import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandEvaluator, Instance, Limits } from '../core/task.js';
import type { InstanceResult, Metrics } from '../core/types.js';

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Only these variables reach an external evaluator: no API keys, no tokens. */
export function scrubbedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  };
}

/**
 * Runs `command` (with `{program}` replaced by the candidate's path) once per
 * instance, in its own process group, with a scrubbed environment; on timeout
 * the whole group is killed. The last JSON object printed on stdout holds the
 * metrics: `combined_score` or `score` is the score, other numbers are metrics,
 * `feedback`/`artifacts` text goes to the next prompt, `error` fails it.
 */
export async function runCommandEvaluator(
  evaluator: CommandEvaluator,
  source: string,
  instances: Instance[],
  limits: Limits,
): Promise<InstanceResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'adrs-cmd-'));
  try {
    const programPath = join(dir, evaluator.programFile);
    writeFileSync(programPath, source);
    const results: InstanceResult[] = [];
    for (const instance of instances) {
      const command = evaluator.command.replaceAll('{program}', shellQuote(programPath));
      const run = await runGroup(
        command,
        evaluator.cwd,
        limits.timeMsPerInstance,
        scrubbedEnv(dir, { ADRS_SPLIT: instance.split, ADRS_INSTANCE: instance.id }),
      );
      results.push(parseCommandResult(instance, run));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface GroupRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function runGroup(command: string, cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<GroupRun> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_CAPTURE) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_CAPTURE) stderr += d.toString();
    });
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      kill(); // reap anything the evaluator left running in its group
      resolve({ code, stdout, stderr, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(error), timedOut });
    });
  });
}

function parseCommandResult(instance: Instance, run: GroupRun): InstanceResult {
  const base = { instanceId: instance.id, score: 0, metrics: {} as Metrics };
  const tail = (s: string): string => s.trim().split('\n').slice(-8).join('\n');
  if (run.timedOut)
    return {
      ...base,
      failure: { kind: 'timeout', message: 'evaluator command exceeded its time limit and was killed' },
    };
  const json = lastJsonObject(run.stdout);
  if (run.code !== 0 && !json) {
    return {
      ...base,
      failure: {
        kind: 'exception',
        message: `evaluator exited with code ${run.code}: ${tail(run.stderr || run.stdout)}`,
      },
    };
  }
  if (!json)
    return {
      ...base,
      failure: { kind: 'invalid', message: `evaluator printed no JSON object on stdout: ${tail(run.stdout)}` },
    };
  const metrics: Metrics = {};
  for (const [k, v] of Object.entries(json)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
  const feedback = [json.feedback, json.artifacts]
    .filter((x) => x !== undefined)
    .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
    .join('\n');
  if (typeof json.error === 'string' || json.valid === false || json.correct === false) {
    return {
      ...base,
      metrics,
      feedback,
      failure: {
        kind: 'invalid',
        message: typeof json.error === 'string' ? json.error : 'evaluator marked the program invalid',
      },
    };
  }
  const score = metrics.combined_score ?? metrics.score;
  if (score === undefined) {
    return {
      ...base,
      metrics,
      failure: { kind: 'invalid', message: 'evaluator JSON has no numeric "combined_score" or "score"' },
    };
  }
  return { instanceId: instance.id, score, metrics, ...(feedback ? { feedback } : {}) };
}

function lastJsonObject(text: string): Record<string, unknown> | undefined {
  const whole = tryParse(text.trim());
  if (whole) return whole;
  const lines = text.trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = tryParse(lines[i]!.trim());
    if (parsed) return parsed;
  }
  return undefined;
}

function tryParse(s: string): Record<string, unknown> | undefined {
  if (!s.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
