import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { strategyConfigSchema } from '../strategies/registry.js';
import { proposerConfigSchema } from '../propose/registry.js';

const duration = z.union([z.number().positive(), z.string()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const positiveInt = z.number().int().positive();

export const runConfigSchema = z.strictObject({
  /** Built-in task name or a task folder. */
  task: z.string().min(1),
  /** Run folder name under runsDir; default `<task>-<date>-<time>`. */
  name: z
    .string()
    .regex(/^[\w.-]+$/, 'use letters, digits, ".", "_" or "-"')
    .optional(),
  runsDir: z.string().default('runs'),
  seed: z.number().int().nonnegative().default(1),
  /** Name of one of the task's programs, or a file path. */
  seedProgram: z.string().optional(),
  data: z
    .strictObject({
      dir: z.string().optional(),
      seed: z.number().int().nonnegative().optional(),
    })
    .default({}),
  budget: z
    .strictObject({
      iterations: positiveInt.optional(),
      evaluations: positiveInt.optional(),
      /** Milliseconds after parsing ("3m", "90s", or seconds). */
      wallTime: duration.optional(),
      dollars: z.number().nonnegative().optional(),
    })
    .default({ iterations: 100 }),
  stop: z
    .strictObject({
      targetScore: z.number().optional(),
      /** Stop after this many evaluations without a new best. */
      patience: positiveInt.optional(),
    })
    .default({}),
  pipeline: z
    .strictObject({
      /** Proposals planned ahead of observation; fixed so that runs are reproducible across machines. */
      inFlight: positiveInt.max(256).default(4),
      /** Evaluation worker processes; "auto" = available cores. */
      workers: z.union([positiveInt.max(256), z.literal('auto')]).default('auto'),
    })
    .default({ inFlight: 4, workers: 'auto' }),
  limits: z
    .strictObject({
      timeMsPerInstance: positiveInt.optional(),
      memoryMb: z.number().int().min(8).max(16384).optional(),
    })
    .default({}),
  strategy: strategyConfigSchema,
  proposer: proposerConfigSchema,
  /** Score the best, seed and human-SOTA programs on the held-out test split at the end. */
  finalTest: z.boolean().default(true),
  /** The model that a task's *programs* call (e.g. mas), not the proposer's: see TaskLlmOptions. */
  taskLlm: z
    .strictObject({
      /** OpenAI-compatible base URL (e.g. http://127.0.0.1:8000/v1), or a task's stand-in such as `scripted`. */
      baseUrl: z.string().min(1),
      model: z.string().min(1),
      judgeModel: z.string().min(1).optional(),
      /** The *name* of the environment variable holding the key (read in the worker at call time, never stored). */
      apiKeyEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
      maxConcurrency: positiveInt.max(256).optional(),
    })
    .optional(),
});

export type RunConfigInput = z.input<typeof runConfigSchema>;
export type RunConfig = z.output<typeof runConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a raw config object; errors name every offending key path. */
export function parseRunConfig(raw: unknown, where = 'config'): RunConfig {
  const result = runConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(`${where} is invalid:\n${formatIssues(result.error.issues)}`);
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((k) => `  - ${path ? `${path}.` : ''}${k}: unknown key`).join('\n');
      }
      return `  - ${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Reads a YAML (or JSON) config file. Paths in it are relative to the file's
 * folder: `adrs run -c exp/adrs.yaml` works from anywhere.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  return relativeTo(dirname(resolve(path)), readYamlMapping(path));
}

/** Resolves the config's paths against `base`; `task` and `seedProgram` only when they name something there. */
export function relativeTo(base: string, raw: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(raw);
  const at = (obj: unknown, key: string, always: boolean): void => {
    if (!obj || typeof obj !== 'object') return;
    const record = obj as Record<string, unknown>;
    const value = record[key];
    if (typeof value !== 'string' || value === '' || isAbsolute(value)) return;
    const full = resolve(base, value);
    if (always || existsSync(full)) record[key] = full;
  };
  at(out, 'task', false);
  at(out, 'seedProgram', false);
  at(out, 'runsDir', true);
  at(out.data, 'dir', true);
  at(out.proposer, 'templatesDir', true);
  at(out.proposer, 'replay', true);
  const models = (out.proposer as { models?: unknown } | undefined)?.models;
  if (Array.isArray(models)) for (const m of models) at(m, 'queueDir', true);
  return out;
}

function readYamlMapping(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  try {
    const value: unknown = parseYaml(text);
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new ConfigError(`${path}: the top level must be a mapping`);
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      throw new ConfigError(`${path}${pos ? `:${pos.line}:${pos.col}` : ''}: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
}

/** Applies `a.b.c=value` overrides (values parsed as YAML scalars) onto a raw config. */
export function applyOverrides(raw: Record<string, unknown>, overrides: readonly string[]): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const item of overrides) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set ${item}: expected key.path=value`);
    const path = item.slice(0, eq).split('.');
    const value: unknown = parseYaml(item.slice(eq + 1));
    let node: Record<string, unknown> = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new ConfigError(`--set ${item}: ${key} is not a mapping`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return out;
}
