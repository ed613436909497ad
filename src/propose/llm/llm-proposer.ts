import { resolve } from 'node:path';
import { sha256 } from '../../core/hash.js';
import type { Rng } from '../../core/rng.js';
import { RunStore } from '../../store/store.js';
import { applyEditBlocks, extractProgram, parseEditBlocks } from '../edit/search-replace.js';
import { outsideBlocksChange } from '../edit/evolve-block.js';
import { buildPrompt, buildReflectPrompt, type PromptKind } from '../prompt/builder.js';
import type {
  Plan,
  ProposalOutcome,
  Proposer,
  ProposerCall,
  ProposeRequest,
  Proposal,
  ReflectRequest,
} from '../types.js';
import { CommandProvider } from './command-provider.js';
import type { LlmOptions, ModelConfig } from './config.js';
import { Ensemble, type EnsembleState } from './ensemble.js';
import { ManualProvider } from './manual-provider.js';
import { OpenAiProvider } from './openai-provider.js';
import { costOf, priceOf, type Price } from './pricing.js';
import { ReplayProvider } from './replay-provider.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './types.js';

interface Arm {
  label: string;
  config: ModelConfig;
  provider: ChatProvider;
  price: Price;
}

const labelOf = (m: ModelConfig): string => m.label ?? m.model;

function providerFor(m: ModelConfig): ChatProvider {
  switch (m.provider) {
    case 'openai':
      return new OpenAiProvider(m);
    case 'command':
      return new CommandProvider(m);
    case 'manual':
      return new ManualProvider(m);
  }
}

/**
 * Proposals from language models: builds the prompt for the plan's mutation
 * kind, calls the model chosen at plan time, and turns the answer into a
 * child program (SEARCH/REPLACE edits or a full rewrite). Every call is
 * recorded (request hash, answer, usage, cost); with `replay`, answers come
 * from a recorded run instead, so the same seed reproduces the same programs.
 */
export class LlmProposer implements Proposer {
  readonly name = 'llm';
  private readonly arms: Arm[];
  private readonly ensemble: Ensemble;
  private readonly replay: ReplayProvider | undefined;

  constructor(private readonly o: LlmOptions) {
    const labels = new Set<string>();
    this.arms = o.models.map((m, i) => {
      const label = labelOf(m);
      if (labels.has(label))
        throw new Error(`proposer.models.${i}: two models are labelled "${label}"; give one a distinct label`);
      labels.add(label);
      return { label, config: m, provider: providerFor(m), price: priceOf(m) };
    });
    this.ensemble = new Ensemble(
      this.arms.map((a) => ({ label: a.label, weight: a.config.weight })),
      o.selection,
      o.ucb.exploration,
      o.ucb.costWeight,
    );
    this.replay = o.replay ? new ReplayProvider(RunStore.open(resolve(o.replay), { readonly: true })) : undefined;
  }

  assign(_plan: Plan, rng: Rng): Pick<Plan, 'model'> {
    return { model: this.ensemble.choose(rng) };
  }

  observe(plan: Plan, outcome: ProposalOutcome): void {
    if (!plan.model) return;
    const improvement =
      outcome.valid && outcome.score !== null && outcome.parentScore !== null
        ? outcome.score - outcome.parentScore
        : null;
    this.ensemble.observe(plan.model, improvement, outcome.parentScore ?? 0, outcome.costUsd);
  }

  estimateCostUsd(plan: Plan): number {
    const arm = this.arm(plan.model);
    return costOf(arm.price, this.o.promptTokens, arm.config.maxTokens);
  }

  describeBudget(dollars: number | undefined): string | undefined {
    const parts = this.arms.map((a) => {
      const each = costOf(a.price, this.o.promptTokens, a.config.maxTokens);
      const where =
        a.price.source === 'table'
          ? 'price table'
          : a.price.source === 'config'
            ? 'configured price'
            : a.price.source === 'local'
              ? 'local server'
              : 'unknown price, counted as 0';
      if (each === 0) return `${a.label}: $0 per proposal (${where})`;
      const n = dollars === undefined ? '' : `, ≈ ${Math.floor(dollars / each)} proposals for $${dollars}`;
      return `${a.label}: at most ≈ $${each.toFixed(4)} per proposal (${where}${n})`;
    });
    return `${dollars === undefined ? 'No dollar budget' : `Dollar budget $${dollars}`}; ${parts.join('; ')}`;
  }

  snapshot(): EnsembleState {
    return structuredClone(this.ensemble.state);
  }

  restore(state: unknown): void {
    const s = state as EnsembleState;
    if (Array.isArray(s?.arms) && s.arms.length === this.arms.length) this.ensemble.state = structuredClone(s);
  }

  private arm(label: string | undefined): Arm {
    return this.arms.find((a) => a.label === label) ?? this.arms[0]!;
  }

  async propose(request: ProposeRequest): Promise<Proposal> {
    const arm = this.arm(request.plan.model);
    const [parent, second] = request.parents;
    const base: ProposerCall = { proposer: this.name, model: arm.label, bucket: 'mutation', costUsd: 0, durationMs: 0 };
    if (!parent) return { ok: false, reason: 'no parent program', call: base };
    // A strategy may ask for a full rewrite explicitly; otherwise fullRewriteRate decides.
    const kind: PromptKind =
      request.plan.mutation === 'crossover' && second
        ? 'crossover'
        : request.plan.mutation === 'full' || request.rng.float() < this.o.fullRewriteRate
          ? 'full'
          : 'diff';
    const prompt = buildPrompt({
      kind,
      task: request.task,
      parent,
      ...(second && kind === 'crossover' ? { second } : {}),
      inspirations: request.inspirations,
      hints: request.hints,
      tokenBudget: this.o.promptTokens,
      // The run config's templates win over the task's own, which win over the built-in ones.
      ...(this.o.templatesDir || request.task.promptsDir
        ? { templatesDir: this.o.templatesDir ?? request.task.promptsDir }
        : {}),
    });
    const chat: ChatRequest = {
      model: arm.config.model,
      system: request.scratchpad
        ? `${prompt.system}\n\n# Lessons from earlier programs\n\n${request.scratchpad}`
        : prompt.system,
      user: prompt.user,
      ...(arm.config.temperature !== undefined ? { temperature: arm.config.temperature } : {}),
      maxTokens: arm.config.maxTokens,
      ...(arm.config.provider === 'openai' && arm.config.reasoningEffort
        ? { reasoningEffort: arm.config.reasoningEffort }
        : {}),
    };
    const requestHash = sha256(JSON.stringify(chat));
    const call: ProposerCall = { ...base, requestHash, prompt: `${prompt.system}\n\n${prompt.user}` };
    let response: ChatResponse;
    try {
      response = this.replay
        ? await this.replay.answer(request.plan.iteration, requestHash)
        : await arm.provider.complete(chat, request.signal);
    } catch (error) {
      const message =
        error instanceof ProviderError ? error.message : `unexpected provider error: ${(error as Error).message}`;
      return { ok: false, reason: `model call failed: ${message}`, call: { ...call, error: message } };
    }
    const done: ProposerCall = {
      ...call,
      response: response.text,
      finishReason: response.finishReason,
      tokensIn: response.tokensIn,
      tokensOut: response.tokensOut,
      costUsd: this.replay ? 0 : costOf(arm.price, response.tokensIn, response.tokensOut),
      durationMs: response.latencyMs,
    };
    const child = this.childFrom(kind, parent.program.source, response);
    if ('error' in child) return { ok: false, reason: child.error, call: { ...done, error: child.error } };
    return {
      ok: true,
      source: child.source,
      changes: [`${kind} by ${arm.label}${prompt.trimmed.length ? ` (${prompt.trimmed.join(', ')})` : ''}`],
      call: done,
    };
  }

  /** Meta-scratchpad: asks the heaviest-weighted model for short lessons (recorded in the `meta` bucket). */
  async reflect(
    request: ReflectRequest,
  ): Promise<{ ok: true; text: string; call: ProposerCall } | { ok: false; reason: string; call: ProposerCall }> {
    const arm = this.arms.reduce((a, b) => (b.config.weight > a.config.weight ? b : a));
    const prompt = buildReflectPrompt({
      task: request.task,
      best: request.best,
      worst: request.worst,
      failures: request.failures,
      previous: request.previous,
      recommendations: request.recommendations,
      ...(this.o.templatesDir ? { templatesDir: this.o.templatesDir } : {}),
    });
    const chat: ChatRequest = {
      model: arm.config.model,
      system: prompt.system,
      user: prompt.user,
      maxTokens: arm.config.maxTokens,
    };
    const requestHash = sha256(JSON.stringify(chat));
    const base: ProposerCall = {
      proposer: this.name,
      model: arm.label,
      bucket: 'meta',
      requestHash,
      prompt: `${prompt.system}\n\n${prompt.user}`,
      costUsd: 0,
      durationMs: 0,
    };
    let response: ChatResponse;
    try {
      response = this.replay
        ? await this.replay.answer(-request.epoch, requestHash)
        : await arm.provider.complete(chat);
    } catch (error) {
      const message =
        error instanceof ProviderError ? error.message : `unexpected provider error: ${(error as Error).message}`;
      return { ok: false, reason: `meta-scratchpad call failed: ${message}`, call: { ...base, error: message } };
    }
    const call: ProposerCall = {
      ...base,
      response: response.text,
      finishReason: response.finishReason,
      tokensIn: response.tokensIn,
      tokensOut: response.tokensOut,
      costUsd: this.replay ? 0 : costOf(arm.price, response.tokensIn, response.tokensOut),
      durationMs: response.latencyMs,
    };
    const lines = response.text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[-*] /.test(l))
      .slice(0, request.recommendations);
    if (lines.length === 0)
      return {
        ok: false,
        reason: 'the meta answer has no "- " recommendation lines',
        call: { ...call, error: 'no recommendations' },
      };
    return { ok: true, text: lines.map((l) => `- ${l.slice(2).trim()}`).join('\n'), call };
  }

  /** The child program in an answer, or why there is none. */
  private childFrom(kind: PromptKind, parent: string, response: ChatResponse): { source: string } | { error: string } {
    if (response.finishReason === 'length')
      return { error: 'the answer was truncated (finish_reason=length); raise maxTokens or ask for smaller edits' };
    if (kind === 'diff') {
      const { blocks, truncated } = parseEditBlocks(response.text);
      if (truncated) return { error: 'the answer ends inside a SEARCH/REPLACE block (truncated)' };
      if (blocks.length === 0) return { error: 'the answer has no SEARCH/REPLACE block' };
      const applied = applyEditBlocks(parent, blocks);
      if ('error' in applied) return applied;
      const outside = outsideBlocksChange(parent, applied.source);
      return outside ? { error: `an edit changes code outside the EVOLVE-BLOCK: ${outside}` } : applied;
    }
    const program = extractProgram(response.text);
    if ('error' in program) return program;
    const outside = outsideBlocksChange(parent, program.source);
    return outside ? { error: `the rewrite changes fixed code: ${outside}` } : program;
  }
}
