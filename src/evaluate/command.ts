import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandEvaluator, Instance, Limits } from '../core/task.js';
import type { InstanceResult, Metrics } from '../core/types.js';
import { runGroup, shellQuote, tail, type GroupRun } from './process-group.js';
import { parseResultsFolder } from './results-folder.js';

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
 * Runs `command` (with `{program}` replaced by the candidate's path and
 * `{results}` by an empty folder) once per instance, in its own process group,
 * with a scrubbed environment; on timeout the whole group is killed. Results
 * come from stdout (the last JSON object) or from the results folder
 * (ShinkaEvolve's metrics.json + correct.json), as the evaluator says.
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
    for (const [i, instance] of instances.entries()) {
      const resultsDir = join(dir, `results-${i}`);
      mkdirSync(resultsDir);
      const command = evaluator.command
        .replaceAll('{program}', shellQuote(programPath))
        .replaceAll('{results}', shellQuote(resultsDir));
      const run = await runGroup(
        command,
        evaluator.cwd,
        limits.timeMsPerInstance,
        scrubbedEnv(dir, { ADRS_SPLIT: instance.split, ADRS_INSTANCE: instance.id }),
      );
      results.push(
        evaluator.results === 'folder'
          ? parseResultsFolder(instance, run, resultsDir)
          : parseCommandResult(instance, run),
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseCommandResult(instance: Instance, run: GroupRun): InstanceResult {
  const base = { instanceId: instance.id, score: 0, metrics: {} as Metrics };
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
