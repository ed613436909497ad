// Maps the keys of an OpenEvolve config.yaml onto an adrs run config (adrs.yaml)
// and the evaluator section of adrs-task.yaml. Only keys present in the source
// are mapped; absent ones take adrs's defaults. Every key ends up either in
// `mapped` or in `unmapped` with a reason (see openevolve-reasons.ts).

import { z } from 'zod';
import { openevolveOptions } from '../strategies/openevolve.js';
import { isTree, leavesOf, Mapper, problem, RUN, TASK, type Tree } from './mapper.js';
import { mapProposer } from './openevolve-llm.js';
import { reasonFor, UNKNOWN_KEY } from './openevolve-reasons.js';

const SECTIONS = ['llm', 'prompt', 'database', 'evaluator', 'evolution_trace'];
const LISTS = ['llm.models', 'llm.evaluator_models'];
/** OpenEvolve's cascade thresholds when the config names none. */
const CASCADE_DEFAULT = [0.5, 0.75, 0.9];

export interface MapOptions {
  /** Use the offline mutator even when the config names models. */
  offline: boolean;
  /** Whether evaluator.py defines evaluate_stage1 (without it the cascade falls back to evaluate). */
  hasStage1: boolean;
  /** File name of the initial program. */
  programName: string;
}

export interface MappedConfig {
  /** adrs.yaml without `task`. */
  run: Tree;
  /** adrs-task.yaml `evaluator` fields other than `openevolve`. */
  evaluator: Tree;
  language?: 'python' | 'typescript' | 'other';
  /** The problem statement (prompt.system_message), when the config has one. */
  systemMessage?: string;
  /** Whether a language model proposes (else the offline mutator). */
  llm: boolean;
  mapper: Mapper;
  notes: string[];
}

const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
const knob = openevolveOptions.shape;

/** Sets `a.b.c` in a nested object. */
function put(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys.at(-1)!] = value;
}

export function mapOpenEvolveConfig(raw: Tree, o: MapOptions): MappedConfig {
  const m = new Mapper(leavesOf(raw, SECTIONS, LISTS));
  const run: Tree = {};
  const evaluator: Tree = {};
  const notes: string[] = [];

  /** Maps `from` to `run.to` (or `evaluator.to`) when its value passes `schema`; otherwise lists why not. */
  const scalar = (
    from: string,
    file: typeof RUN | typeof TASK,
    to: string,
    schema: z.ZodType,
    convert = (v: unknown) => v,
  ) => {
    if (!m.has(from)) return undefined;
    const value = m.get(from);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      m.skip(from, `${JSON.stringify(value)} does not fit ${file} ${to}: ${problem(parsed.error)}`);
      return undefined;
    }
    const out = convert(parsed.data);
    put(file === RUN ? run : evaluator, to.replace(/^evaluator\./, ''), out);
    m.map(from, `${file} ${to}`, out);
    return out;
  };
  /** A key whose OpenEvolve meaning is what adrs always does when it has the expected value. */
  const always = (from: string, expected: unknown, does: string, otherwise: string) => {
    if (!m.has(from)) return;
    if (m.get(from) === expected) m.map(from, `(always on in adrs) ${does}`, expected);
    else m.skip(from, otherwise);
  };

  // General settings.
  scalar('max_iterations', RUN, 'budget.iterations', posInt);
  if (m.get('random_seed') === null)
    m.skip('random_seed', 'null means a new seed every run; adrs runs are always seeded (seed: 1 unless set)');
  scalar('random_seed', RUN, 'seed', nonNegInt);
  if (m.get('early_stopping_patience') === null)
    m.skip('early_stopping_patience', 'null: no early stopping, as in adrs by default');
  scalar('early_stopping_patience', RUN, 'stop.patience', posInt);
  always(
    'early_stopping_metric',
    'combined_score',
    'runs are scored by combined_score',
    'adrs judges progress by the score (combined_score, else score) only',
  );
  always(
    'enforce_evolve_blocks',
    true,
    'changes outside EVOLVE-BLOCK are rejected',
    'adrs always rejects changes outside the EVOLVE-BLOCK markers (stricter than false)',
  );

  const language = m.get('language');
  let lang: MappedConfig['language'];
  if (typeof language === 'string') {
    lang = language === 'python' ? 'python' : /^(typescript|javascript)$/.test(language) ? 'typescript' : 'other';
    m.map('language', `${TASK} language`, lang);
  }
  const suffix = m.get('file_suffix');
  if (typeof suffix === 'string' && o.programName.endsWith(suffix))
    m.map('file_suffix', `${TASK} initialProgram (the file it names)`, o.programName);
  else m.skip('file_suffix', `the initial program is ${o.programName}`);

  // The strategy: OpenEvolve's MAP-Elites islands.
  const strategy: Tree = { name: 'openevolve' };
  run.strategy = strategy;
  /** database.<from> → strategy.<to>, the converted value checked against the knob's own bounds. */
  const knobs = (from: string, to: keyof typeof knob, convert?: (v: unknown) => unknown, label?: string) => {
    const key = `database.${from}`;
    if (!m.has(key)) return undefined;
    const value = m.get(key);
    const out = convert ? convert(value) : value;
    const parsed = knob[to].safeParse(out);
    if (!parsed.success) {
      m.skip(key, `${JSON.stringify(out)} does not fit ${RUN} strategy.${to}: ${problem(parsed.error)}`);
      return undefined;
    }
    strategy[to] = parsed.data;
    m.map(key, `${RUN} strategy.${to}${label ? ` (${label})` : ''}`, parsed.data);
    return parsed.data as unknown;
  };
  const islands = (knobs('num_islands', 'islands') as number | undefined) ?? 3;
  if (m.has('database.programs_per_island')) {
    knobs('programs_per_island', 'populationSize');
    m.skip('database.population_size', 'database.programs_per_island sets the size of each island');
  } else
    // OpenEvolve's population is the whole run's; adrs keeps populationSize per island.
    knobs(
      'population_size',
      'populationSize',
      (v) => (typeof v === 'number' ? Math.ceil(v / islands) : v),
      `÷ ${islands} islands: per island`,
    );
  knobs('archive_size', 'archiveSize');
  knobs('exploration_ratio', 'explorationRatio');
  knobs('exploitation_ratio', 'exploitationRatio');
  const explore = strategy.explorationRatio as number | undefined;
  const exploit = strategy.exploitationRatio as number | undefined;
  if ((explore ?? 0.2) + (exploit ?? 0.6) > 1) {
    // adrs draws the two from one uniform number, so their sum must fit in [0, 1].
    const scale = 1 / ((explore ?? 0.2) + (exploit ?? 0.6));
    if (explore !== undefined) strategy.explorationRatio = explore * scale;
    if (exploit !== undefined) strategy.exploitationRatio = exploit * scale;
    notes.push('exploration_ratio + exploitation_ratio exceeded 1: both were scaled down to sum to 1');
  }
  // OpenEvolve counts generations per island; adrs counts evaluations of the whole run.
  knobs(
    'migration_interval',
    'migrationInterval',
    (v) => (typeof v === 'number' ? v * islands : v),
    `× ${islands} islands: evaluations of the run`,
  );
  knobs('migration_rate', 'migrationRate');
  const dims = m.get('database.feature_dimensions');
  if (knobs('feature_dimensions', 'featureDimensions') !== undefined && Array.isArray(dims)) {
    strategy.featureDimensions = (dims as unknown[]).map((d) => (d === 'complexity' ? 'length' : d));
    relabel(
      m,
      'database.feature_dimensions',
      `${RUN} strategy.featureDimensions (complexity = length)`,
      strategy.featureDimensions,
    );
    if (dims.includes('diversity'))
      notes.push(
        'feature `diversity`: adrs measures it as token 3-gram distance from the seed, OpenEvolve as edit distance to a reference set',
      );
  }
  const bins = m.get('database.feature_bins');
  if (isTree(bins)) {
    // adrs has one bin count for every axis: the largest asked for.
    const most = (v: unknown) =>
      Math.max(...Object.values(v as Tree).filter((n): n is number => typeof n === 'number'));
    knobs('feature_bins', 'bins', most, 'the largest per-axis count: adrs has one count for every axis');
  } else knobs('feature_bins', 'bins');
  const top = m.get('prompt.num_top_programs');
  const diverse = m.get('prompt.num_diverse_programs');
  if (typeof top === 'number' || typeof diverse === 'number') {
    const total = (typeof top === 'number' ? top : 3) + (typeof diverse === 'number' ? diverse : 2);
    const to = `${RUN} strategy.inspirations (num_top_programs + num_diverse_programs)`;
    if (knob.inspirations.safeParse(total).success) {
      strategy.inspirations = total;
      if (typeof top === 'number') m.map('prompt.num_top_programs', to, total);
      if (typeof diverse === 'number') m.map('prompt.num_diverse_programs', to, total);
    }
  }
  for (const key of ['prompt.num_top_programs', 'prompt.num_diverse_programs'])
    m.skip(key, `${JSON.stringify(m.get(key))} does not fit ${RUN} strategy.inspirations (a count)`);

  // Evaluation.
  const cascade = m.get('evaluator.cascade_evaluation') ?? true;
  if (cascade === true && !o.hasStage1) {
    evaluator.cascade = false;
    if (m.has('evaluator.cascade_evaluation'))
      m.map(
        'evaluator.cascade_evaluation',
        `${TASK} evaluator.cascade (false: evaluator.py has no evaluate_stage1)`,
        false,
      );
    m.skip('evaluator.cascade_thresholds', 'evaluator.py defines no evaluate_stage1, so there is no cascade');
  } else {
    scalar('evaluator.cascade_evaluation', TASK, 'evaluator.cascade', z.boolean());
    if (!m.has('evaluator.cascade_evaluation')) {
      evaluator.cascade = true;
      notes.push("cascade evaluation is on (OpenEvolve's default): evaluator.py defines evaluate_stage1");
    }
    if (evaluator.cascade === true) {
      if (
        !scalar('evaluator.cascade_thresholds', TASK, 'evaluator.cascadeThresholds', z.array(z.number()).min(1).max(3))
      ) {
        evaluator.cascadeThresholds = CASCADE_DEFAULT;
        notes.push(`cascade thresholds: OpenEvolve's defaults ${JSON.stringify(CASCADE_DEFAULT)}`);
      }
    } else m.skip('evaluator.cascade_thresholds', 'the cascade is off');
  }
  evaluator.python = 'python3';
  const timeout = scalar(
    'evaluator.timeout',
    TASK,
    'evaluator.timeout',
    z.number().positive(),
    (s) => `${s as number}s`,
  );
  if (timeout === undefined) evaluator.timeout = '300s'; // OpenEvolve's default, longer than adrs's 60 s
  scalar('evaluator.parallel_evaluations', RUN, 'pipeline.workers', posInt.max(256));
  always(
    'evaluator.enable_artifacts',
    true,
    'evaluator feedback is stored and shown to the next proposal',
    "adrs always keeps the evaluator's feedback",
  );
  always(
    'prompt.include_artifacts',
    true,
    'evaluator feedback is shown to the next proposal',
    "adrs always shows the evaluator's feedback to the next proposal",
  );
  always(
    'database.log_prompts',
    true,
    'every prompt and answer is stored in run.db',
    'adrs always stores every prompt and answer',
  );

  // The problem statement.
  const system = m.get('prompt.system_message') ?? m.get('llm.system_message');
  const systemMessage =
    typeof system === 'string' && system.trim() && system !== 'system_message' ? system.trim() : undefined;
  const systemKey = m.has('prompt.system_message') ? 'prompt.system_message' : 'llm.system_message';
  if (systemMessage) m.map(systemKey, `${TASK} description (and prompts/system.md shows it)`, '(the text)');
  m.skip('llm.system_message', 'prompt.system_message wins, as in OpenEvolve');

  const llm = mapProposer(m, run, o, notes);
  m.finish((key) => reasonFor(key) ?? UNKNOWN_KEY);
  return {
    run,
    evaluator,
    ...(lang ? { language: lang } : {}),
    ...(systemMessage ? { systemMessage } : {}),
    llm,
    mapper: m,
    notes,
  };
}

/** Rewrites the `to` of a mapping row (for values that were converted on the way). */
function relabel(m: Mapper, from: string, to: string, value: unknown): void {
  const row = m.mapped.find((r) => r.from === from);
  if (row) Object.assign(row, { to, value });
}
