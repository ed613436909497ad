// Why an OpenEvolve config key has no adrs equivalent, keyed by its path with
// list indices written as `[]` (`llm.models[].top_p`). One sentence each: the
// import report shows them next to the key.

const NO_JUDGE = 'adrs has no language-model judge inside evaluation';
const STORED = 'feedback (artifacts) is stored with each evaluation in run.db';
const LABELS = 'adrs prompts do not label programs by their length';
const WHOLE = 'adrs prompts always show whole programs, not summaries of their changes';
const FIXED_PROMPTS = 'adrs prompts are fixed templates, so a recorded run replays exactly';
const NO_NOVELTY =
  "adrs's openevolve strategy has no novelty filter (the shinka strategy's MinHash noveltyThreshold is the nearest)";
const DB = 'every run is stored in runs/<name>/run.db (SQLite)';
const TRACE = 'run.db records every plan, program, prompt and evaluation; `adrs report` and the dashboard read it';

const MODEL: Record<string, string> = {
  top_p: 'adrs does not send top_p (temperature is mapped)',
  retry_delay: 'adrs backs off exponentially between retries and honours Retry-After',
  random_seed: 'adrs sends no seed to the model; a run is reproduced from its recording (`adrs run --replay`)',
  system_message: 'adrs uses one system prompt for every model: prompt.system_message',
  init_client: 'a Python callable cannot be imported',
  max_budget_usd: 'adrs caps spending for the whole run: budget.dollars',
  max_ai_credits: 'adrs caps spending for the whole run: budget.dollars',
  allow_all_tools: 'adrs command-line models only answer on stdout',
  manual_mode: 'use a model with `provider: manual` and a queueDir (the dashboard answers its prompts)',
  _manual_queue_dir: 'use a model with `provider: manual` and a queueDir (the dashboard answers its prompts)',
  evaluator_models: NO_JUDGE,
};

const REASONS: Record<string, string> = {
  checkpoint_interval: 'adrs commits every evaluation to run.db as it finishes; `adrs resume` continues from there',
  log_level: 'adrs has no log levels: events are stored in run.db and printed live',
  log_dir: 'adrs keeps everything in runs/<name>/ (runsDir moves it)',
  max_code_length:
    "adrs's size gate is fixed: a child longer than max(200,000 characters, a multiple of the seed's length) is rejected",
  diff_pattern: 'adrs reads standard SEARCH/REPLACE blocks only',
  convergence_threshold: 'stop.patience counts evaluations without a new best, however small the improvement',
  max_tasks_per_child: 'adrs replaces an evaluation worker only when it dies',
  'llm.primary_model_weight': 'belongs to llm.primary_model',
  'llm.secondary_model_weight': 'belongs to llm.secondary_model',
  'prompt.template_dir':
    "OpenEvolve templates have other names and placeholders; adrs templates (system.md, diff.md, full.md, crossover.md) go in the task's prompts/ folder",
  'prompt.evaluator_system_message': NO_JUDGE,
  'prompt.island_system_messages': 'adrs uses one system prompt for every island',
  'prompt.use_template_stochasticity': FIXED_PROMPTS,
  'prompt.template_variations': FIXED_PROMPTS,
  'prompt.use_meta_prompting':
    "not implemented in OpenEvolve; the nearest in adrs is the shinka strategy's meta-scratchpad",
  'prompt.meta_prompt_weight':
    "not implemented in OpenEvolve; the nearest in adrs is the shinka strategy's meta-scratchpad",
  'prompt.max_artifact_bytes': 'adrs shortens feedback to fit proposer.promptTokens',
  'prompt.artifact_security_filter': "adrs shows the evaluator's feedback as it is",
  'prompt.suggest_simplification_after_chars': LABELS,
  'prompt.include_changes_under_chars': LABELS,
  'prompt.concise_implementation_max_lines': LABELS,
  'prompt.comprehensive_implementation_min_lines': LABELS,
  'prompt.code_length_threshold': LABELS,
  'prompt.diff_summary_max_line_len': WHOLE,
  'prompt.diff_summary_max_lines': WHOLE,
  'prompt.programs_as_changes_description': WHOLE,
  'prompt.system_message_changes_description': WHOLE,
  'prompt.initial_changes_description': WHOLE,
  'database.db_path': DB,
  'database.in_memory': DB,
  'database.elite_selection_ratio':
    "adrs's openevolve strategy has no separate elite share: parents come from explorationRatio, exploitationRatio (the elite archive) and fitness-proportional choice",
  'database.diversity_metric': 'adrs measures diversity as token 3-gram distance from the seed (feature `diversity`)',
  'database.diversity_reference_size':
    'adrs measures diversity as token 3-gram distance from the seed (feature `diversity`)',
  'database.random_seed': 'every random choice in adrs derives from the run seed',
  'database.artifacts_base_path': STORED,
  'database.artifact_size_threshold': STORED,
  'database.cleanup_old_artifacts': STORED,
  'database.artifact_retention_days': STORED,
  'database.max_snapshot_artifacts': STORED,
  'database.novelty_llm': NO_NOVELTY,
  'database.embedding_model': NO_NOVELTY,
  'database.embedding_api_base': NO_NOVELTY,
  'database.similarity_threshold': NO_NOVELTY,
  'evaluator.max_retries':
    'adrs does not retry an evaluation: a failure is recorded with its kind and shown to the next proposal',
  'evaluator.memory_limit_mb': 'not enforced for an external evaluator (nor by OpenEvolve)',
  'evaluator.cpu_limit': 'not enforced for an external evaluator (nor by OpenEvolve)',
  'evaluator.distributed': 'evaluate on other machines with `adrs run --queue redis://HOST:PORT` and `adrs worker`',
  'evaluator.use_llm_feedback': NO_JUDGE,
  'evaluator.llm_feedback_weight': NO_JUDGE,
  'evaluator.max_artifact_storage': STORED,
  'evaluator.evaluator_args': 'the openevolve evaluator kind calls evaluate(program_path) without extra arguments',
  evolution_trace: TRACE,
};

/** The reason a known key is not mapped, or undefined for a key adrs does not know. */
export function reasonFor(key: string): string | undefined {
  const generic = key.replace(/\[\d+\]/g, '[]');
  if (REASONS[generic]) return REASONS[generic];
  if (generic.startsWith('evolution_trace.')) return TRACE;
  if (generic.startsWith('llm.evaluator_models')) return NO_JUDGE;
  const model = /^llm\.(?:models\[\]\.)?([^.]+)$/.exec(generic);
  if (model && MODEL[model[1]!]) return MODEL[model[1]!];
  return undefined;
}

export const UNKNOWN_KEY = 'not an OpenEvolve option adrs knows (a newer OpenEvolve or a fork?): ignored';
