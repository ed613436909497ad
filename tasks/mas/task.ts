import { join } from 'node:path';
import { packageRoot, resolveCaseData } from '../../src/core/paths.js';
import {
  TaskUnavailableError,
  type Instance,
  type Task,
  type TaskOptions,
  type TaskProgram,
} from '../../src/core/task.js';
import type { Split } from '../../src/core/types.js';
import { aggregateMas } from './aggregate.js';
import { generateTasks, loadProgramDev, loadTaxonomy, sampleTasks, type ProgramDevTask } from './data.js';
import { createMasSession, MAX_LLM_CALLS, MAX_ROUNDS, MAX_TRACE_BYTES, type MasRecord } from './host.js';
import { scoreRun } from './judge.js';
import { SCRIPTED, TaskLlm } from './llm-client.js';
import { SYNTHETIC_LABEL } from './scripted.js';
import { programReader } from '../../src/core/task-programs.js';

/** Rounds the program is given (spec §2.2). */
export const N_ROUNDS = 4;
/** Wall-clock limit of one program run on one task (spec §2.2). */
export const TIME_MS_PER_TASK = 60_000;
export const DEFAULT_DATA_SEED = 1;

/** Thrown when the task is built without a model: `adrs run mas` / `adrs eval mas` stop with this message. */
export class MasNeedsModelError extends TaskUnavailableError {
  override name = 'MasNeedsModelError';
  constructor() {
    super(
      [
        'the mas task needs a language model: set taskLlm in the run config',
        'Its programs are multi-agent teams that call a model, and a model judge scores their traces. For example (YAML):',
        '',
        'taskLlm:',
        '  baseUrl: https://api.openai.com/v1   # any OpenAI-compatible server (vLLM, Ollama, ...)',
        '  model: gpt-5-mini                    # the agents',
        '  judgeModel: gpt-5-mini               # the MAST judge (default: model)',
        '  apiKeyEnv: OPENAI_API_KEY            # name of the variable holding the key (the key is never stored)',
        '',
        `Offline stand-in (no model; scored by a ${SYNTHETIC_LABEL}, never reported as MAST):`,
        '  taskLlm: { baseUrl: scripted, model: scripted }',
        'adrs run mas -c config.yaml, or --set taskLlm.baseUrl=... --set taskLlm.model=...;',
        'adrs eval mas --task-llm URL --task-model NAME (or -c config.yaml).',
      ].join('\n'),
    );
  }
}

const DESCRIPTION = `Multi-agent system design, scored with the MAST failure taxonomy.

Export
  async function runMultiAgentTask(idea: string, nRounds: number, ctx: MasContext): Promise<string>
that runs a team of language-model agents on a programming task (idea: a one-paragraph description of a game or
small app to write in Python; nRounds = ${N_ROUNDS}) and resolves to a short summary string. ctx provides:
  ctx.llm.chat(messages: {role: 'system'|'user'|'assistant', content: string}[],
               opts?: { role?: 'code'|'test'|'review'|'verify'|'plan'|'other', temperature?: number, maxTokens?: number })
      -> Promise<string>   (the task's model; opts.role says which agent role the call serves)
  ctx.trace.log(eventType: string, agent: string, details: string): void   (writes the execution trace)
  ctx.tools.checkPython(code: string, tests: string) -> Promise<{ codeParses, testsParse, testFunctions, asserts,
      referencesCode, problems }>   (a static check of Python code and pytest tests)
  ctx.signal.aborted   (true once the ${TIME_MS_PER_TASK / 1000} s wall-clock limit has passed)
A model judge reads the trace written through ctx.trace.log and marks which of the 14 MAST failure modes occur
(1.1 Disobey Task Specification, 1.2 Disobey Role Specification, 1.3 Step Repetition, 1.4 Loss of Conversation
History, 1.5 Unaware of Termination Conditions, 2.1 Conversation Reset, 2.2 Fail to Ask for Clarification,
2.3 Task Derailment, 2.4 Information Withholding, 2.5 Ignored Other Agent's Input, 2.6 Action-Reasoning Mismatch,
3.1 Premature Termination, 3.2 No or Incorrect Verification, 3.3 Weak Verification). Per task the score is
100 * (1/(1+f) - 1/15) / (1 - 1/15) for f failure modes; a timeout counts as 7, an exception as 14. The task score is
the mean over tasks (0..100, higher is better).

Rules (checked on the host's own record, not on anything the program returns): the trace must show a code-writing
step (llm.chat with role 'code'), a test-writing step (role 'test') and a verification verdict line
"VERIFICATION_RESULT: PASS" or "VERIFICATION_RESULT: FAIL" logged after a check (tools.checkPython or llm.chat with
role 'verify'); a PASS must follow a check that passed. At most ${MAX_ROUNDS} ROUND_START events, ${MAX_LLM_CALLS} LLM calls and
${MAX_TRACE_BYTES / 1024} KB of trace per task. The returned string is not the trace. No I/O, timers or network: only ctx.`;

function programs(): Record<string, TaskProgram> {
  const read = programReader('mas');
  return {
    seed: read(
      'seed',
      'seed.ts',
      'MetaGPT-style coder/tester/reviewer/verifier pipeline (OpenEvolve v3 initial program)',
    ),
    'single-responsibility': read(
      'single-responsibility',
      'single-responsibility.ts',
      'hand-written improvement along the lines the blog reports (restrictive prompts, routing, structured verifier)',
    ),
  };
}

function describeLlm(llm: TaskLlm): string {
  if (llm.scripted) return `scripted agents and a ${SYNTHETIC_LABEL}`;
  const judge = llm.options.judgeModel ?? llm.options.model;
  return `agents ${llm.options.model}, MAST judge ${judge}, at ${llm.options.baseUrl}`;
}

export function createMasTask(options: TaskOptions = {}): Task {
  if (!options.llm) throw new MasNeedsModelError();
  const llm = new TaskLlm(options.llm);
  const dir = resolveCaseData('mas', join('programdev', 'names_0.txt'), options.dataDir);
  const seed = options.dataSeed ?? DEFAULT_DATA_SEED;
  const tasks: ProgramDevTask[] = dir ? loadProgramDev(dir) : generateTasks(seed);
  const taxonomy = dir ? loadTaxonomy(dir) : undefined;
  const train = sampleTasks(tasks);
  const trainIds = new Set(train.map((t) => t.index));
  const test = tasks.filter((t) => !trainIds.has(t.index));
  const byId = new Map(tasks.map((t) => [t.index, t]));
  const instance = (t: ProgramDevTask, split: Split): Instance => ({
    id: t.index,
    split,
    data: { name: t.name, description: t.description, nRounds: N_ROUNDS },
  });
  return {
    name: 'mas',
    description: DESCRIPTION,
    language: 'typescript',
    programs: programs(),
    defaultSeed: 'seed',
    limits: { timeMsPerInstance: TIME_MS_PER_TASK, memoryMb: 256 },
    dataSource: `${
      dir ? `ProgramDev tasks from ${join(dir, 'programdev')}` : `synthetic ProgramDev-like tasks, seed ${seed}`
    }; ${describeLlm(llm)}`,
    instances: (split) => (split === 'train' ? train : test).map((t) => instance(t, split)),
    aggregate: aggregateMas,
    evaluator: {
      kind: 'sandbox',
      async: true,
      harness: { module: join(packageRoot(), 'tasks', 'mas', 'harness.ts') },
      // The task's own copy of the instance, not what the sandbox saw.
      host: (inst) => {
        const t = byId.get(inst.id)!;
        return createMasSession({ name: t.name, description: t.description, nRounds: N_ROUNDS }, llm, TIME_MS_PER_TASK);
      },
      score: (inst) => ({
        instanceId: inst.id,
        score: 0,
        metrics: {},
        failure: { kind: 'exception', message: 'mas is scored by scoreAsync (a judge call); score() cannot judge' },
      }),
      scoreAsync: (inst, output, ctx) => scoreRun(inst.id, output, ctx.host as MasRecord | undefined, llm, taxonomy),
    },
  };
}

export { SCRIPTED };
