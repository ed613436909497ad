import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseRunConfig, readConfigFile } from '../src/core/config.js';
import { loadTaskDir } from '../src/core/load-task.js';
import { packageRoot } from '../src/core/paths.js';
import { startRun } from '../src/core/run.js';
import { REDACTED } from '../src/import/mapper.js';
import { convertOpenEvolve, type OpenEvolveFiles } from '../src/import/openevolve.js';
import { importOpenEvolve, readOpenEvolveExample } from '../src/import/openevolve-files.js';
import { UNKNOWN_KEY } from '../src/import/openevolve-reasons.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { tempDir } from './helpers.js';

const FIXTURE = join(packageRoot(), 'test', 'fixtures', 'openevolve-example');
const fixture = (): OpenEvolveFiles => readOpenEvolveExample(FIXTURE);
const TASK_PATH = '/tmp/imported';

/** The fixture with its config.yaml replaced. */
const withConfig = (text: string, patch: Partial<OpenEvolveFiles> = {}): OpenEvolveFiles => ({
  ...fixture(),
  config: { name: 'config.yaml', text },
  ...patch,
});

const convert = (files: OpenEvolveFiles, offline = false) => convertOpenEvolve(files, { taskPath: TASK_PATH, offline });

/** A copy of the fixture folder to break. */
function copyFixture(): string {
  const dir = join(tempDir('adrs-oe-'), 'example');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function cli(args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = join(packageRoot(), 'src', 'cli', 'main.ts');
  // cwd: the package, because worker processes are started with `--import tsx` resolved from the working directory.
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', main, ...args], {
    cwd: packageRoot(),
    env: { ...process.env, CI: process.env.CI ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('adrs import openevolve: the conversion', () => {
  it('maps the example config key by key', () => {
    const c = convert(fixture());
    const row = (from: string) => c.mapped.find((r) => r.from === from);
    expect(row('max_iterations')).toMatchObject({ to: 'adrs.yaml budget.iterations', value: 200 });
    expect(row('random_seed')).toMatchObject({ to: 'adrs.yaml seed', value: 7 });
    expect(row('early_stopping_patience')?.value).toBe(60);
    expect(row('database.num_islands')?.value).toBe(4);
    // OpenEvolve's population is the run's, adrs's is per island; migration counts generations per island there.
    expect(row('database.population_size')?.value).toBe(30);
    expect(row('database.migration_interval')?.value).toBe(40);
    expect(row('llm.api_key')).toMatchObject({ to: 'adrs.yaml proposer.models[*].apiKeyEnv', value: 'GEMINI_API_KEY' });
    expect(row('prompt.system_message')?.to).toMatch(/description/);

    expect(c.runConfig).toEqual({
      task: '.',
      seed: 7,
      budget: { iterations: 200 },
      stop: { patience: 60 },
      pipeline: { workers: 2 },
      strategy: {
        name: 'openevolve',
        islands: 4,
        populationSize: 30,
        archiveSize: 20,
        explorationRatio: 0.2,
        exploitationRatio: 0.7,
        migrationInterval: 40,
        migrationRate: 0.1,
        featureDimensions: ['length', 'diversity'],
        bins: 10,
        inspirations: 5,
      },
      proposer: {
        kind: 'llm',
        selection: 'weighted',
        fullRewriteRate: 0,
        models: ['gemini-2.5-flash-lite', 'gemini-2.5-flash'].map((model, i) => ({
          provider: 'openai',
          model,
          weight: [0.8, 0.2][i],
          baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/',
          temperature: 0.7,
          maxTokens: 4096,
          timeout: 120,
          maxRetries: 3,
          apiKeyEnv: 'GEMINI_API_KEY',
        })),
      },
    });
    expect(() => parseRunConfig(c.runConfig)).not.toThrow();
    expect(c.task).toMatchObject({
      name: 'openevolve-example',
      language: 'python',
      initialProgram: 'initial_program.py',
      evaluator: { openevolve: 'evaluator.py', cascade: true, cascadeThresholds: [0.3, 0.6], timeout: '5s' },
    });
    expect(c.task.description).toMatch(/^You are an expert in numerical optimisation/);
  });

  it('accounts for every key exactly once and gives a reason for each one it does not map', () => {
    const c = convert(fixture());
    const keys = [...c.mapped.map((r) => r.from), ...c.unmapped.map((r) => r.key)];
    expect(new Set(keys).size).toBe(keys.length);
    const raw = parseYaml(readFileSync(join(FIXTURE, 'config.yaml'), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        for (const sub of Object.keys(value))
          expect(keys.some((k) => k === `${key}.${sub}` || k.startsWith(`${key}.${sub}[`))).toBe(true);
      else expect(keys).toContain(key);
    }
    const why = Object.fromEntries(c.unmapped.map((r) => [r.key, r.why]));
    expect(Object.keys(why)).toEqual(
      expect.arrayContaining([
        'checkpoint_interval',
        'max_code_length',
        'llm.top_p',
        'llm.retry_delay',
        'llm.evaluator_models[0].name',
        'prompt.template_variations',
        'database.elite_selection_ratio',
        'evaluator.max_retries',
        'evolution_trace.enabled',
      ]),
    );
    // The fixture uses OpenEvolve's own keys only: none is unknown, every reason is specific.
    for (const r of c.unmapped) expect(r.why).not.toBe(UNKNOWN_KEY);
    expect(why.max_code_length).toMatch(/size gate/);
  });

  it('writes IMPORT.md with both tables and the system prompt template', () => {
    const c = convert(fixture());
    const md = c.files.find((f) => f.name === 'IMPORT.md')!.text;
    expect(md).toContain('| `max_iterations` | adrs.yaml budget.iterations | 200 |');
    expect(md).toMatch(/\| `llm\.top_p` \| 0\.95 \| adrs does not send top_p/);
    expect(md).toContain(`adrs run -c ${TASK_PATH}/adrs.yaml`);
    const system = c.files.find((f) => f.name === 'prompts/system.md')!.text;
    expect(system).toContain('{{task}}');
    expect(system).toContain('EVOLVE-BLOCK-START');
    // The program keeps its markers, byte for byte.
    expect(c.files.find((f) => f.name === 'initial_program.py')!.text).toBe(
      readFileSync(join(FIXTURE, 'initial_program.py'), 'utf8'),
    );
  });

  it('never copies a literal API key, wherever it is written', () => {
    const secret = 'sk-live-DO-NOT-COPY-4242';
    const c = convert(
      withConfig(
        `llm:\n  api_key: ${secret}\n  models:\n    - name: m1\n      api_key: ${secret}\n` +
          `hierarchical:\n  tier0_models:\n    - name: x\n      api_key: ${secret}\n`,
      ),
    );
    const everything = JSON.stringify(c);
    expect(everything).not.toContain(secret);
    expect(c.unmapped.find((r) => r.key === 'llm.models[0].api_key')).toMatchObject({
      value: REDACTED,
      why: expect.stringMatching(/never copied.*OPENAI_API_KEY/) as unknown,
    });
    // Without ${VAR}, the model reads adrs's default variable.
    const models = (c.runConfig.proposer as { models: Record<string, unknown>[] }).models;
    expect(models[0]!.apiKeyEnv).toBeUndefined();
  });

  it('lists unknown keys without failing', () => {
    const c = convert(
      withConfig('max_iterations: 5\nmystery: 1\ndatabase:\n  num_islandz: 3\nhierarchical:\n  enabled: true\n'),
    );
    const unknown = c.unmapped.filter((r) => r.why === UNKNOWN_KEY).map((r) => r.key);
    expect(unknown).toEqual(['mystery', 'database.num_islandz', 'hierarchical']);
    expect(c.runConfig.budget).toEqual({ iterations: 5 });
  });

  it('handles the older and rarer forms of the options', () => {
    const c = convert(
      withConfig(`
diff_based_evolution: false
random_seed: null
llm:
  primary_model: gpt-4.1-mini
  primary_model_weight: 0.7
  secondary_model: gpt-4.1
  secondary_model_weight: 0.3
  reasoning_effort: extreme
database:
  num_islands: 100
  feature_dimensions: [score, complexity, my_metric]
  feature_bins: { score: 5, complexity: 12 }
  exploration_ratio: 0.5
  exploitation_ratio: 0.9
evaluator:
  cascade_evaluation: false
  cascade_thresholds: [0.1]
  timeout: 0
`),
    );
    const proposer = c.runConfig.proposer as { models: { model: string; weight: number }[]; fullRewriteRate: number };
    expect(proposer.models.map((m) => [m.model, m.weight])).toEqual([
      ['gpt-4.1-mini', 0.7],
      ['gpt-4.1', 0.3],
    ]);
    expect(proposer.fullRewriteRate).toBe(1);
    const strategy = c.runConfig.strategy as Record<string, unknown>;
    expect(strategy.islands).toBeUndefined();
    expect(strategy.featureDimensions).toEqual(['score', 'length', 'my_metric']);
    expect(strategy.bins).toBe(12);
    expect((strategy.explorationRatio as number) + (strategy.exploitationRatio as number)).toBeCloseTo(1, 12);
    const why = Object.fromEntries(c.unmapped.map((r) => [r.key, r.why]));
    expect(why['database.num_islands']).toMatch(/strategy\.islands/);
    expect(why['llm.reasoning_effort']).toMatch(/reasoningEffort/);
    expect(why.random_seed).toMatch(/always seeded/);
    expect(why['evaluator.cascade_thresholds']).toMatch(/cascade is off/);
    expect(why['evaluator.timeout']).toMatch(/evaluator\.timeout/);
    expect(c.task.evaluator).toMatchObject({ cascade: false, timeout: '300s' });
    expect(c.notes.join('\n')).toMatch(/scaled down/);
    expect(() => parseRunConfig(c.runConfig)).not.toThrow();
  });

  it('turns the cascade off when evaluator.py has no evaluate_stage1, and runs offline on request', () => {
    const files = fixture();
    const evaluator = { ...files.evaluator, text: files.evaluator.text.replace(/def evaluate_stage\d/g, 'def helper') };
    const c = convert({ ...files, evaluator }, true);
    expect(c.task.evaluator).toMatchObject({ cascade: false });
    expect(c.runConfig.proposer).toEqual({ kind: 'offline' });
    const why = Object.fromEntries(c.unmapped.map((r) => [r.key, r.why]));
    expect(why['llm.models[0].name']).toMatch(/--offline/);
    expect(why['evaluator.cascade_thresholds']).toMatch(/no evaluate_stage1/);
  });

  it('imports an example without a config file', () => {
    const files = fixture();
    delete files.config;
    const c = convert(files);
    expect(c.runConfig).toEqual({ task: '.', strategy: { name: 'openevolve' }, proposer: { kind: 'offline' } });
    expect(c.mapped).toEqual([]);
    expect(c.task.description).toMatch(/Improve initial_program\.py/);
  });
});

describe('adrs import openevolve: errors', () => {
  it('names a missing initial program or evaluator', () => {
    const dir = copyFixture();
    expect(() => readOpenEvolveExample(dir, { program: join(dir, 'nope.py') })).toThrow(
      /initial program .*nope\.py does not exist/,
    );
    const bare = tempDir('adrs-oe-bare-');
    writeFileSync(join(bare, 'evaluator.py'), 'def evaluate(p):\n  return {}\n');
    expect(() => readOpenEvolveExample(bare)).toThrow(/no initial program: expected .*initial_program\.py/);
    writeFileSync(join(bare, 'initial_program.py'), 'x = 1\n');
    writeFileSync(join(bare, 'evaluator.py'), '');
    expect(() => importOpenEvolve(bare, { out: join(bare, 'out') })).toThrow(/evaluator\.py defines no evaluate/);
    const noEvaluator = tempDir('adrs-oe-noeval-');
    writeFileSync(join(noEvaluator, 'initial_program.py'), 'x = 1\n');
    expect(() => readOpenEvolveExample(noEvaluator)).toThrow(/no evaluator: expected .*evaluator\.py/);
  });

  it('reports malformed YAML with its line', () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'config.yaml'), 'max_iterations: 10\nllm:\n  models: [\n    - name: x\n');
    expect(() => importOpenEvolve(dir)).toThrow(/config\.yaml:\d+:\d+: malformed YAML/);
    writeFileSync(join(dir, 'config.yaml'), '- just\n- a list\n');
    expect(() => importOpenEvolve(dir)).toThrow(/top level must be a mapping/);
  });

  it('asks which config when there are several, and takes --config', () => {
    const dir = copyFixture();
    const text = readFileSync(join(dir, 'config.yaml'), 'utf8');
    writeFileSync(join(dir, 'config_phase_1.yaml'), text.replace('max_iterations: 200', 'max_iterations: 11'));
    writeFileSync(join(dir, 'config_phase_2.yaml'), text.replace('max_iterations: 200', 'max_iterations: 22'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'cases.json'), '[1, 2, 3]\n');
    // config.yaml wins; without it, two candidates need --config.
    const out = join(dir, '..', 'out');
    const first = importOpenEvolve(dir, { out });
    expect(first.conversion.runConfig.budget).toEqual({ iterations: 200 });
    // Other configs stay behind (they may hold keys); other files are copied.
    expect(existsSync(join(out, 'config_phase_2.yaml'))).toBe(false);
    expect(readFileSync(join(out, 'data', 'cases.json'), 'utf8')).toBe('[1, 2, 3]\n');
    expect(first.conversion.notes.join('\n')).toMatch(/not copied .*config_phase_1\.yaml, config_phase_2\.yaml/);
    rmSync(join(dir, 'config.yaml'));
    expect(() => importOpenEvolve(dir, { out: join(dir, '..', 'out2') })).toThrow(/several config files .*--config/);
    const second = importOpenEvolve(dir, { out: join(dir, '..', 'out2'), config: join(dir, 'config_phase_2.yaml') });
    expect(second.conversion.runConfig.budget).toEqual({ iterations: 22 });
  });

  it('never overwrites an output folder without --force', () => {
    const out = join(tempDir('adrs-oe-out-'), 'out');
    importOpenEvolve(FIXTURE, { out, offline: true });
    expect(() => importOpenEvolve(FIXTURE, { out })).toThrow(/already exists: pass --force/);
    expect(() => importOpenEvolve(FIXTURE, { out, force: true })).not.toThrow();
  });
});

describe('adrs import openevolve: end to end', () => {
  it('imports from the command line into a task adrs loads, and refuses to overwrite', async () => {
    const out = join(tempDir('adrs-oe-cli-'), 'imported');
    const first = await cli(['import', 'openevolve', FIXTURE, '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/keys mapped, \d+ not mapped/);
    expect(first.stdout).toMatch(/llm\.top_p = 0\.95: adrs does not send top_p/);
    for (const f of [
      'adrs-task.yaml',
      'adrs.yaml',
      'IMPORT.md',
      'prompts/system.md',
      'initial_program.py',
      'evaluator.py',
    ])
      expect(existsSync(join(out, f))).toBe(true);
    const task = loadTaskDir(out);
    expect(task.language).toBe('python');
    expect(task.promptsDir).toBe(join(out, 'prompts'));
    expect(task.programs.initial!.source).toContain('# EVOLVE-BLOCK-START');
    const again = await cli(['import', 'openevolve', FIXTURE, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: pass --force/);
  });

  it('runs the imported task: `adrs run <out> -c <out>/adrs.yaml --iterations 20`', async () => {
    const root = tempDir('adrs-oe-run-');
    const out = join(root, 'imported');
    const imported = await cli(['import', 'openevolve', FIXTURE, '--out', out, '--offline']);
    expect(imported.code).toBe(0);
    const run = await cli(
      ['run', out, '-c', join(out, 'adrs.yaml'), '--iterations', '20', '--runs-dir', join(root, 'runs'), '--json'],
      170_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      status: string;
      iterations: number;
      evaluations: number;
      seed: { train: number };
      best: { train: number };
    };
    expect(summary.status).toBe('finished');
    expect(summary.iterations).toBe(20);
    // The seed scores what evaluator.py says (stage 1 passes its 0.3 threshold, stage 2 is the full score).
    expect(summary.seed.train).toBeCloseTo(0.3927564883421311, 9);
    // The offline mutator edits Python too: children are evaluated and the best is never below the seed.
    expect(summary.evaluations).toBeGreaterThan(1);
    expect(summary.best.train).toBeGreaterThanOrEqual(summary.seed.train);
  }, 180_000);

  let server: FakeOpenAI | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    delete process.env.GEMINI_API_KEY;
  });

  it('runs the imported models: names, weights and the key variable reach the endpoint', async () => {
    // A model that always proposes a bigger first step (the change the fixture rewards).
    const edit = 'A bigger first step.\n<<<<<<< SEARCH\n    step = 0.05\n=======\n    step = 0.5\n>>>>>>> REPLACE\n';
    server = await startFakeOpenAI(() => ({ kind: 'answer', text: edit }));
    const root = tempDir('adrs-oe-llm-');
    const { outDir } = importOpenEvolve(FIXTURE, { out: join(root, 'imported') });
    const raw = readConfigFile(join(outDir, 'adrs.yaml'));
    const proposer = raw.proposer as { models: { baseUrl: string }[] };
    // Only the endpoint changes: everything else is the imported config.
    for (const m of proposer.models) m.baseUrl = server.url;
    process.env.GEMINI_API_KEY = 'test-key-from-env';
    const summary = await startRun({
      ...raw,
      runsDir: join(root, 'runs'),
      budget: { iterations: 3 },
      finalTest: false,
    });
    expect(summary.evaluations).toBeGreaterThan(1);
    expect(summary.best.train!).toBeGreaterThan(0.9);
    const models = new Set(server.requests.map((r) => r.body.model));
    expect([...models].every((m) => ['gemini-2.5-flash-lite', 'gemini-2.5-flash'].includes(m))).toBe(true);
    expect(server.requests.every((r) => r.authorization === 'Bearer test-key-from-env')).toBe(true);
    // The imported system prompt carries OpenEvolve's system_message.
    const system = server.requests[0]!.body.messages.find((m) => m.role === 'system')!.content;
    expect(system).toContain('You are an expert in numerical optimisation');
    expect(system).toContain('scored by evaluator.py');
  }, 120_000);
});
