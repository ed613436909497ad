import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/paths.js';
import type { Evaluation, Language } from '../../core/types.js';
import type { ProgramWithEval } from '../types.js';

export type PromptKind = 'diff' | 'full' | 'crossover';

export interface PromptInput {
  kind: PromptKind;
  task: { name: string; description: string; language: Language; sandboxed?: boolean };
  parent: ProgramWithEval;
  second?: ProgramWithEval;
  inspirations: ProgramWithEval[];
  hints: string[];
  /** Approximate budget in tokens (4 characters each). */
  tokenBudget: number;
  templatesDir?: string;
}

export interface Prompt {
  system: string;
  user: string;
  /** What was cut to fit the budget, e.g. "dropped 2 inspirations". */
  trimmed: string[];
}

/** What the system prompt says about where programs run. */
const SANDBOXED =
  'A simulator scores every program you write on real workloads; higher scores are better. Programs run in a ' +
  'sandbox with no file system, network, timers, environment or randomness sources: they must be deterministic, ' +
  'self-contained and fast.';
const EXTERNAL =
  "The task's evaluator runs every program you write and scores it; higher scores are better. Keep programs " +
  'deterministic and fast, and keep the functions and output format the evaluator relies on unchanged.';

const DEFAULT_DIR = (): string => join(packageRoot(), 'src', 'propose', 'prompt', 'templates');

/** A template by name: the override folder's copy if it has one, else the built-in one. */
export function loadTemplate(name: 'system' | 'meta' | PromptKind, overrideDir?: string): string {
  const override = overrideDir ? join(overrideDir, `${name}.md`) : undefined;
  const file = override && existsSync(override) ? override : join(DEFAULT_DIR(), `${name}.md`);
  return readFileSync(file, 'utf8');
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);

const tokens = (text: string): number => Math.ceil(text.length / 4);
const fmt = (x: number | null): string => (x === null ? 'invalid' : Number.isInteger(x) ? String(x) : x.toPrecision(6));

function metricsText(e: Evaluation): string {
  const entries = Object.entries(e.metrics);
  return entries.length ? entries.map(([k, v]) => `- ${k}: ${fmt(v)}`).join('\n') : '(none)';
}

/** Failures first (they say what to fix), then the task's own feedback. */
function feedbackLines(e: Evaluation): string[] {
  const lines: string[] = [];
  if (!e.valid && e.failure) lines.push(`The program is INVALID (${e.failure.kind}): ${e.failure.message}`);
  if (e.feedback) lines.push(...e.feedback.split('\n'));
  return lines;
}

/**
 * Builds the prompt for one proposal. Over the token budget, inspirations go
 * first (least useful), then feedback lines from the end; the program itself
 * is never cut.
 */
export function buildPrompt(input: PromptInput): Prompt {
  const fence = input.task.language === 'python' ? 'python' : input.task.language === 'typescript' ? 'ts' : '';
  const system = fill(loadTemplate('system', input.templatesDir), {
    language: input.task.language === 'other' ? '' : input.task.language,
    environment: input.task.sandboxed === false ? EXTERNAL : SANDBOXED,
    task: input.task.description,
  });
  const template = loadTemplate(input.kind, input.templatesDir);
  let inspirations = [...input.inspirations];
  let feedback = feedbackLines(input.parent.evaluation);
  const trimmed: string[] = [];
  const render = (): string =>
    fill(template, {
      score: fmt(input.parent.evaluation.score),
      fence,
      program: input.parent.program.source,
      metrics: metricsText(input.parent.evaluation),
      feedback: feedback.length ? feedback.join('\n') : '(no failures or warnings)',
      inspirations: inspirations.length
        ? inspirations
            .map(
              (p) =>
                `## Program ${p.program.id} (score ${fmt(p.evaluation.score)})\n\n\`\`\`${fence}\n${p.program.source}\n\`\`\``,
            )
            .join('\n\n')
        : '(none)',
      hints: input.hints.length ? input.hints.map((h) => `- ${h}`).join('\n') : '(none)',
      second_score: input.second ? fmt(input.second.evaluation.score) : '',
      second_program: input.second?.program.source ?? '',
    });
  let user = render();
  const budget = input.tokenBudget - tokens(system);
  const dropped = inspirations.length;
  while (tokens(user) > budget && inspirations.length > 0) {
    inspirations = inspirations.slice(0, -1);
    user = render();
  }
  if (dropped > inspirations.length) trimmed.push(`dropped ${dropped - inspirations.length} inspiration(s)`);
  const lines = feedback.length;
  while (tokens(user) > budget && feedback.length > 1) {
    feedback = feedback.slice(0, Math.max(1, Math.floor(feedback.length / 2)));
    user = render();
  }
  if (lines > feedback.length) trimmed.push(`shortened feedback from ${lines} to ${feedback.length} lines`);
  return { system, user, trimmed };
}

/** The meta-scratchpad prompt: best and weakest programs, common failures, earlier lessons. */
export function buildReflectPrompt(input: {
  task: { description: string; language: Language };
  best: ProgramWithEval[];
  worst: ProgramWithEval[];
  failures: { reason: string; count: number }[];
  previous: string;
  recommendations: number;
  templatesDir?: string;
}): { system: string; user: string } {
  const fence = input.task.language === 'python' ? 'python' : input.task.language === 'typescript' ? 'ts' : '';
  const system = fill(loadTemplate('system', input.templatesDir), {
    language: input.task.language === 'other' ? '' : input.task.language,
    task: input.task.description,
  });
  const programs = (list: ProgramWithEval[]): string =>
    list.length
      ? list
          .map(
            (p) =>
              `## Program ${p.program.id} (score ${fmt(p.evaluation.score)})\n\n\`\`\`${fence}\n${p.program.source}\n\`\`\``,
          )
          .join('\n\n')
      : '(none)';
  const user = fill(loadTemplate('meta', input.templatesDir), {
    best: programs(input.best),
    worst: programs(input.worst),
    failures: input.failures.length ? input.failures.map((f) => `- ${f.count}× ${f.reason}`).join('\n') : '(none)',
    previous: input.previous || '(none yet)',
    count: String(input.recommendations),
  });
  return { system, user };
}
