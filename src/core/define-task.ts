import { z } from 'zod';
import { formatIssues } from './config.js';
import type { Harness, Instance, Limits, ScoreContext, Task, TaskProgram } from './task.js';
import type { InstanceResult, Metrics, Split } from './types.js';

/** What `score` may return: a number, or a score with metrics and text for the next prompt. */
export type ScoreResult = number | { score: number; metrics?: Metrics; feedback?: string };

/** A TypeScript task whose candidates run in the sandbox. */
export interface TaskDefinition<D = unknown> {
  name: string;
  /** The problem statement a language model reads: what the program gets, what it must export, the objective. */
  description: string;
  /** Source of the starting program (TypeScript), with EVOLVE-BLOCK-START/END comment lines. */
  initialProgram: string;
  /** Other reference programs by name (sources). */
  programs?: Record<string, string>;
  /** Which of `programs` is the best human-designed one. */
  humanSota?: string;
  /** Instances by split, as plain JSON data; ids default to the position. */
  instances: Record<Split, (D | { id: string; data: D })[]> | ((split: Split) => Instance<D>[]);
  /**
   * Runs inside the sandbox with the candidate's exports and one instance's
   * data; returns plain JSON (the candidate's decisions). Self-contained: it
   * is shipped as source text, so it cannot use variables from around it.
   */
  harness: Harness | { module: string };
  /**
   * Trusted scoring on the host from the task's own copy of the instance.
   * Throw an Error to reject the output as breaking a rule (the message is
   * shown to the search); higher scores are better.
   */
  score(data: D, output: unknown, ctx: ScoreContext): ScoreResult;
  limits?: Partial<Limits>;
  /** Shown in summaries, e.g. "synthetic, seed 1" or a data path. */
  dataSource?: string;
  /** Folder of prompt templates (system.md, diff.md, full.md, crossover.md). */
  promptsDir?: string;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `${what} must be a function`);

const definitionSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, 'use letters, digits, ".", "_" or "-"'),
  description: z.string().min(1),
  initialProgram: z.string().min(1),
  programs: z.record(z.string(), z.string()).optional(),
  humanSota: z.string().optional(),
  instances: z.union([
    z.strictObject({ train: z.array(z.unknown()).min(1), test: z.array(z.unknown()) }),
    fn('instances'),
  ]),
  harness: z.union([fn('harness'), z.strictObject({ module: z.string().min(1) })]),
  score: fn('score'),
  limits: z
    .strictObject({
      timeMsPerInstance: z.number().int().positive().optional(),
      memoryMb: z.number().int().min(8).max(16384).optional(),
    })
    .optional(),
  dataSource: z.string().optional(),
  promptsDir: z.string().optional(),
});

export const DEFAULT_LIMITS: Limits = { timeMsPerInstance: 10_000, memoryMb: 256 };

/**
 * Builds a task from a definition, checking it first: a malformed definition
 * throws an error naming every offending key.
 */
export function defineTask<D>(definition: TaskDefinition<D>): Task {
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    const name = typeof definition?.name === 'string' ? ` "${definition.name}"` : '';
    throw new Error(`defineTask${name}: invalid definition:\n${formatIssues(parsed.error.issues)}`);
  }
  const def = definition;
  const programs: Record<string, TaskProgram> = {
    initial: { name: 'initial', description: 'the starting program', source: def.initialProgram },
  };
  for (const [name, source] of Object.entries(def.programs ?? {})) programs[name] = { name, description: name, source };
  if (def.humanSota !== undefined && !programs[def.humanSota])
    throw new Error(`defineTask "${def.name}": humanSota names "${def.humanSota}", which is not in programs`);

  const instances = (split: Split): Instance[] => {
    if (typeof def.instances === 'function') return def.instances(split);
    return def.instances[split].map((item, i) =>
      isInstanceLike(item) ? { id: item.id, split, data: item.data } : { id: `${split}-${i}`, split, data: item },
    );
  };
  return {
    name: def.name,
    description: def.description,
    language: 'typescript',
    programs,
    defaultSeed: 'initial',
    ...(def.humanSota !== undefined ? { humanSota: def.humanSota } : {}),
    limits: { ...DEFAULT_LIMITS, ...def.limits },
    dataSource: def.dataSource ?? 'defined in code',
    ...(def.promptsDir !== undefined ? { promptsDir: def.promptsDir } : {}),
    instances,
    evaluator: {
      kind: 'sandbox',
      harness: def.harness,
      score: (instance, output, ctx) => toResult(instance, def.score(instance.data as D, output, ctx)),
    },
  };
}

function isInstanceLike(item: unknown): item is { id: string; data: unknown } {
  return (
    typeof item === 'object' &&
    item !== null &&
    Object.keys(item).length === 2 &&
    typeof (item as { id?: unknown }).id === 'string' &&
    'data' in item
  );
}

function toResult(instance: Instance, result: ScoreResult): InstanceResult {
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) throw new Error(`score() returned ${result} for instance ${instance.id}`);
    return { instanceId: instance.id, score: result, metrics: {} };
  }
  if (!result || typeof result.score !== 'number' || !Number.isFinite(result.score))
    throw new Error(`score() must return a finite number or { score, metrics?, feedback? } (instance ${instance.id})`);
  return {
    instanceId: instance.id,
    score: result.score,
    metrics: result.metrics ?? {},
    ...(result.feedback ? { feedback: result.feedback } : {}),
  };
}
