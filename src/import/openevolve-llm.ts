// OpenEvolve's llm.* keys → the adrs proposer: an ensemble of OpenAI-compatible
// models drawn by weight (or the offline mutator when there is no model or
// --offline). An API key written in the config is never copied.

import type { z } from 'zod';
import { openaiModel } from '../propose/llm/config.js';
import { problem, REDACTED, RUN, VARIABLE, type Mapper, type Tree } from './mapper.js';
import type { MapOptions } from './openevolve-map.js';

const model = openaiModel.shape;

interface ModelSource {
  /** Where the model came from, e.g. `llm.models[0]` or `llm.primary_model`. */
  path: string;
  name: unknown;
  weight: unknown;
  /** Per-model keys (for llm.models entries). */
  own: boolean;
}

/** OpenEvolve's shared LLM keys and where they go on each adrs model. */
const MODEL_FIELDS: [string, string, z.ZodType][] = [
  ['api_base', 'baseUrl', model.baseUrl],
  ['temperature', 'temperature', model.temperature],
  ['max_tokens', 'maxTokens', model.maxTokens],
  ['timeout', 'timeout', model.timeout],
  ['retries', 'maxRetries', model.maxRetries],
  ['reasoning_effort', 'reasoningEffort', model.reasoningEffort],
];
const COMMAND_FIELDS = new Set(['temperature', 'max_tokens', 'timeout']);

/** llm.* → proposer: an ensemble of OpenAI-compatible models, or the offline mutator. */
export function mapProposer(m: Mapper, run: Tree, o: MapOptions, notes: string[]): boolean {
  const sources: ModelSource[] = [];
  for (let i = 0; m.has(`llm.models[${i}].name`) || m.has(`llm.models[${i}].weight`); i++)
    sources.push({
      path: `llm.models[${i}]`,
      name: m.get(`llm.models[${i}].name`),
      weight: m.get(`llm.models[${i}].weight`),
      own: true,
    });
  // OpenEvolve appends the older primary/secondary keys to the list.
  if (m.get('llm.primary_model'))
    sources.push({
      path: 'llm.primary_model',
      name: m.get('llm.primary_model'),
      weight: m.get('llm.primary_model_weight') ?? 1,
      own: false,
    });
  const secondaryWeight = m.get('llm.secondary_model_weight');
  if (
    m.get('llm.secondary_model') &&
    (secondaryWeight == null || (typeof secondaryWeight === 'number' && secondaryWeight > 0))
  )
    sources.push({
      path: 'llm.secondary_model',
      name: m.get('llm.secondary_model'),
      weight: secondaryWeight ?? 0.2,
      own: false,
    });
  else if (m.get('llm.secondary_model')) {
    m.skip('llm.secondary_model', 'its weight is 0: OpenEvolve leaves it out too');
    m.skip('llm.secondary_model_weight', 'its weight is 0: OpenEvolve leaves the secondary model out too');
  }

  const diffBased = m.get('diff_based_evolution');
  const llmKey = (key: string) =>
    key.startsWith('llm.') || key === 'diff_based_evolution' || key === 'allow_full_rewrites';
  if (o.offline || sources.length === 0) {
    run.proposer = { kind: 'offline' };
    const why = o.offline
      ? 'imported with --offline: the offline mutator proposes (import without --offline to use the models)'
      : 'no models in llm.models: the offline mutator proposes';
    notes.push(why);
    for (const key of m.keys())
      if (llmKey(key))
        m.skip(
          key,
          key.endsWith('api_key') ? `${why}; the key is never copied` : why,
          key.endsWith('api_key') ? REDACTED : undefined,
        );
    return false;
  }

  const models: Tree[] = [];
  for (const s of sources) {
    const where = `${RUN} proposer.models[${models.length}]`;
    if (typeof s.name !== 'string' || !s.name) {
      m.skip(s.own ? `${s.path}.name` : s.path, 'a model without a name cannot be imported');
      continue;
    }
    const provider = (s.own ? m.get(`${s.path}.provider`) : undefined) ?? m.get('llm.provider');
    const command = provider === 'claude_code';
    const entry: Tree = command
      ? { provider: 'command', model: s.name, command: 'claude -p' }
      : { provider: 'openai', model: s.name };
    m.map(s.own ? `${s.path}.name` : s.path, `${where}.model`, s.name);
    if (typeof s.weight === 'number' && s.weight > 0) {
      entry.weight = s.weight;
      m.map(s.own ? `${s.path}.weight` : `${s.path}_weight`, `${where}.weight`, s.weight);
    }
    if (s.own && m.has(`${s.path}.provider`)) providerRow(m, `${s.path}.provider`, provider, where);
    for (const [from, to, schema] of MODEL_FIELDS) {
      const own = s.own && m.has(`${s.path}.${from}`) ? `${s.path}.${from}` : undefined;
      const key = own ?? (m.has(`llm.${from}`) ? `llm.${from}` : undefined);
      if (!key) continue;
      const value = m.get(key);
      if (value === null) {
        if (own) m.skip(own, 'null: the shared llm value or the default applies');
        continue;
      }
      if (command && !COMMAND_FIELDS.has(from)) {
        if (own) m.skip(own, 'not used by a command-line model');
        continue;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success && parsed.data !== undefined) {
        entry[to] = parsed.data;
        if (own) m.map(own, `${where}.${to}`, parsed.data);
        else if (!m.isDone(key)) m.map(key, `${RUN} proposer.models[*].${to}`, parsed.data);
      } else
        m.skip(
          key,
          `${JSON.stringify(value)} does not fit proposer.models[].${to}: ${parsed.success ? 'empty' : problem(parsed.error)}`,
        );
    }
    if (!command) apiKey(m, s.own ? `${s.path}.api_key` : undefined, entry, where);
    models.push(entry);
  }
  for (const key of ['llm.api_base', 'llm.api_key', ...MODEL_FIELDS.map(([f]) => `llm.${f}`)])
    if (m.get(key) === null)
      m.skip(
        key,
        key === 'llm.api_key'
          ? 'null: the key is read from OPENAI_API_KEY, as adrs does by default'
          : 'null: the default applies',
      );
  if (m.has('llm.provider') && !m.isDone('llm.provider'))
    providerRow(m, 'llm.provider', m.get('llm.provider'), `${RUN} proposer.models[*]`);
  if (models.length === 0) {
    run.proposer = { kind: 'offline' };
    notes.push('no usable model in the config: the offline mutator proposes');
    return false;
  }
  const proposer: Tree = { kind: 'llm', selection: 'weighted', models };
  // diff_based_evolution: true = SEARCH/REPLACE edits only (full rewrites only with allow_full_rewrites).
  if (typeof diffBased === 'boolean') {
    const full = diffBased ? (m.get('allow_full_rewrites') === true ? 0.2 : 0) : 1;
    proposer.fullRewriteRate = full;
    m.map('diff_based_evolution', `${RUN} proposer.fullRewriteRate`, full);
    if (m.has('allow_full_rewrites'))
      m.map('allow_full_rewrites', `${RUN} proposer.fullRewriteRate (with diff_based_evolution)`, full);
  }
  run.proposer = proposer;
  if (models.length > 1)
    notes.push('models are drawn by weight, as in OpenEvolve (proposer.selection: weighted; ucb is the alternative)');
  return true;
}

function providerRow(m: Mapper, key: string, provider: unknown, where: string): void {
  if (provider == null || provider === 'openai') m.map(key, `${where}.provider`, 'openai');
  else if (provider === 'claude_code') m.map(key, `${where}.provider (command: claude -p)`, 'command');
  else m.skip(key, `adrs has no ${JSON.stringify(provider)} provider: imported as an OpenAI-compatible endpoint`);
}

/** `${VAR}` names the variable holding the key: adrs does the same with apiKeyEnv. A literal key is never copied. */
function apiKey(m: Mapper, own: string | undefined, entry: Tree, where: string): void {
  const key = own && m.has(own) ? own : m.has('llm.api_key') ? 'llm.api_key' : undefined;
  if (!key) return;
  const value = m.get(key);
  if (value === null || value === undefined) return;
  const variable = typeof value === 'string' ? VARIABLE.exec(value.trim())?.[1] : undefined;
  if (variable) {
    entry.apiKeyEnv = variable;
    if (!m.isDone(key))
      m.map(key, key === own ? `${where}.apiKeyEnv` : `${RUN} proposer.models[*].apiKeyEnv`, variable);
  } else
    m.skip(
      key,
      'a key written in a config file is a secret and is never copied: export it as OPENAI_API_KEY (proposer.models[].apiKeyEnv names the variable adrs reads)',
      REDACTED,
    );
}
