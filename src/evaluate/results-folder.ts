import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instance } from '../core/task.js';
import type { InstanceResult, Metrics } from '../core/types.js';
import { tail, type GroupRun } from './process-group.js';

/**
 * Reads an evaluator's results folder in ShinkaEvolve's layout:
 * `metrics.json` with `combined_score`, `public` (shown to the proposer),
 * `private` (recorded only), `text_feedback`; and `correct.json` with
 * `correct` and `error`. Other top-level numbers (run times, counts) are
 * recorded as private metrics, as ShinkaEvolve does not show them either.
 */
export function parseResultsFolder(instance: Instance, run: GroupRun, dir: string): InstanceResult {
  const base = { instanceId: instance.id, score: 0, metrics: {} as Metrics };
  if (run.timedOut) {
    return {
      ...base,
      failure: { kind: 'timeout', message: 'evaluator command exceeded its time limit and was killed' },
    };
  }
  const metricsFile = join(dir, 'metrics.json');
  if (!existsSync(metricsFile)) {
    const why = run.code !== 0 ? `exited with code ${run.code}` : 'exited normally';
    return {
      ...base,
      failure: {
        kind: 'exception',
        message: `evaluator ${why} without writing metrics.json: ${tail(run.stderr || run.stdout)}`,
      },
    };
  }
  const raw = readJson(metricsFile);
  if (typeof raw === 'string') return { ...base, failure: { kind: 'invalid', message: raw } };
  const metrics = numbers(raw.public);
  const privateMetrics = numbers(raw.private);
  for (const [key, value] of Object.entries(numbers(raw))) if (key !== 'combined_score') privateMetrics[key] = value;
  const feedback = typeof raw.text_feedback === 'string' ? raw.text_feedback : '';
  const extra = { metrics, privateMetrics, ...(feedback ? { feedback } : {}) };

  const correctFile = join(dir, 'correct.json');
  const correct = existsSync(correctFile) ? readJson(correctFile) : 'evaluator wrote metrics.json but no correct.json';
  if (typeof correct === 'string') return { ...base, ...extra, failure: { kind: 'invalid', message: correct } };
  if (correct.correct !== true) {
    const error = typeof correct.error === 'string' && correct.error ? correct.error : 'evaluator marked it incorrect';
    return { ...base, ...extra, failure: { kind: 'invalid', message: error } };
  }
  const score = raw.combined_score;
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return {
      ...base,
      ...extra,
      failure: { kind: 'invalid', message: 'metrics.json has no finite numeric "combined_score"' },
    };
  }
  return { instanceId: instance.id, score, ...extra };
}

function readJson(file: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    return `${file.split('/').pop()} does not hold a JSON object`;
  } catch (error) {
    return `${file.split('/').pop()} is not valid JSON: ${(error as Error).message}`;
  }
}

function numbers(value: unknown): Metrics {
  const out: Metrics = {};
  if (!value || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
}
