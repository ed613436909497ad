import type { Evaluator } from '../evaluate/pool.js';
import type { EvalJob } from '../evaluate/job.js';
import { outsideBlocksChange } from '../propose/edit/evolve-block.js';
import type { Plan, Proposer, ProgramWithEval } from '../propose/types.js';
import type { RunStore } from '../store/store.js';
import { FeatureExtractor } from '../strategies/features.js';
import type { Observation, Strategy } from '../strategies/types.js';
import { stopReason } from './budget.js';
import { judgeMinibatch, withInstanceFeedback } from './minibatch.js';
import { Scratchpads } from './scratchpad.js';
import type { RunConfig } from './config.js';
import type { RunEvent, RunListener } from './events.js';
import { programHash } from './hash.js';
import { deriveRng } from './rng.js';
import type { Limits, Task, TaskRef } from './task.js';
import type { Evaluation, Program } from './types.js';

type Outcome = { kind: 'evaluated'; program: Program; evaluation: Evaluation } | { kind: 'rejected'; reason: string };

/** Controller counters, snapshotted with the strategy after every observation. */
interface ControllerState {
  observedThrough: number;
  nextIter: number;
  evaluationsObserved: number;
  evaluationsSinceBest: number;
  /**
   * Instances evaluated in minibatch acceptance tests (GEPA). They count
   * against the evaluation budget as instances / train size, i.e. in units of
   * one full train evaluation. Absent in states written before minibatches.
   */
  minibatchInstances?: number;
  best: { programId: string; score: number; iteration: number } | null;
  elapsedMs: number;
  stopReason: string | null;
}

export interface ControllerDeps {
  store: RunStore;
  config: RunConfig;
  task: Task;
  taskRef: TaskRef;
  strategy: Strategy;
  proposer: Proposer;
  evaluator: Evaluator;
  seedSource: string;
  listeners?: RunListener[];
}

/** A child longer than this many times the seed (and 200 kB) is rejected before evaluation. */
const MAX_GROWTH = 10;

export const programId = (iteration: number): string => `p${iteration}`;

/**
 * The evolution loop. Iteration i is planned as soon as iteration i - inFlight
 * has been observed; outcomes are observed strictly in iteration order. So
 * every plan depends only on earlier observations and seeded generators, and a
 * run is the same however fast its proposals and evaluations complete, and
 * the same after a resume. Plans, programs and evaluations are committed as
 * they happen; the strategy snapshot is committed with each observation.
 */
export class Controller {
  private state: ControllerState;
  private readonly completed = new Map<number, Outcome>();
  private readonly running = new Set<number>();
  private readonly hashFirst: Map<string, number>;
  private readonly limits: Limits;
  private readonly trainCount: number;
  private readonly features: FeatureExtractor;
  private readonly startedAt = Date.now();
  private readonly elapsedBefore: number;
  private costUsd: number;
  private fatal: Error | undefined;
  private finish!: () => void;
  private interrupted = false;
  /** Cost estimates of proposals in flight, held against the dollar budget until their calls are recorded. */
  private readonly reserved = new Map<number, number>();
  private readonly scratchpads: Scratchpads;
  /** Next planned iteration to start; everything before it has been started (or observed). */
  private nextLaunch: number;

  constructor(private readonly d: ControllerDeps) {
    const saved = d.store.getState<ControllerState>('controller');
    this.state = saved ?? {
      observedThrough: -1,
      nextIter: 0,
      evaluationsObserved: 0,
      evaluationsSinceBest: 0,
      best: null,
      elapsedMs: 0,
      stopReason: null,
    };
    this.elapsedBefore = this.state.elapsedMs;
    this.nextLaunch = this.state.observedThrough + 1;
    const snapshot = d.store.getState<unknown>('strategy');
    if (saved && snapshot !== undefined) d.strategy.restore(snapshot);
    const proposerState = d.store.getState<unknown>('proposer');
    if (saved && proposerState !== undefined) d.proposer.restore?.(proposerState);
    this.hashFirst = d.store.programHashes();
    this.costUsd = d.store.cost();
    this.limits = { ...d.task.limits, ...stripUndefined(d.config.limits) };
    this.trainCount = d.task.instances('train').length;
    this.scratchpads = new Scratchpads(d.store, d.task, d.strategy, d.proposer, (usd) => (this.costUsd += usd));
    this.features = new FeatureExtractor(d.seedSource);
  }

  get snapshot(): Readonly<ControllerState> {
    return this.state;
  }

  /** Stop planning; work in flight finishes and is observed. */
  stop(reason: string): void {
    this.interrupted = true;
    if (!this.state.stopReason) this.state.stopReason = reason;
    this.maybeFinish();
  }

  /** True while a steering client (dashboard, CLI) has paused the run. */
  private paused(): boolean {
    return this.d.store.getControl<boolean>('paused') === true;
  }

  async run(): Promise<ControllerState> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    // Steering requests arrive through the store from other processes.
    const poll = setInterval(() => {
      if (this.d.store.getControl<boolean>('stop') === true) {
        this.d.store.setControl('stop', false);
        this.stop('stopped from the dashboard; `adrs resume` continues');
      } else if (!this.paused()) this.launchMore();
    }, 250);
    const resumed = this.state.nextIter > 0;
    const note = this.d.strategy.describe?.(this.d.proposer.name);
    if (note) this.d.store.addEvent('strategy', { strategy: this.d.strategy.name, note });
    // A resumed run may have been stopped by a budget that has since been raised.
    if (resumed && !this.interrupted) this.state.stopReason = null;
    if (this.state.nextIter === 0) {
      const plan: Plan = {
        iteration: 0,
        parentIds: [],
        inspirationIds: [],
        island: -1,
        mutation: 'seed',
        knownThrough: -1,
      };
      this.d.store.transaction(() => {
        this.d.store.insertPlan(plan);
        this.state.nextIter = 1;
        this.d.store.setState('controller', this.state);
      });
    }
    // Everything planned but not yet observed is launched again (resumed work skips what the store holds).
    this.d.store.transaction(() => this.planMore());
    this.launchMore();
    this.maybeFinish();
    await done;
    clearInterval(poll);
    if (this.fatal) throw this.fatal;
    this.state.elapsedMs = this.elapsed();
    this.d.store.setState('controller', this.state);
    return this.state;
  }

  private elapsed(): number {
    return this.elapsedBefore + (Date.now() - this.startedAt);
  }

  private emit(event: RunEvent): void {
    for (const l of this.d.listeners ?? []) l(event);
  }

  private launch(plan: Plan): void {
    if (this.running.has(plan.iteration) || this.completed.has(plan.iteration)) return;
    this.running.add(plan.iteration);
    this.work(plan).then(
      (outcome) => {
        this.running.delete(plan.iteration);
        this.completed.set(plan.iteration, outcome);
        this.drain();
      },
      (error: unknown) => {
        this.running.delete(plan.iteration);
        this.fatal ??= error instanceof Error ? error : new Error(String(error));
        this.state.stopReason ??= `error: ${this.fatal.message}`;
        this.maybeFinish();
      },
    );
  }

  /** Proposal, gates and evaluation of one iteration, skipping whatever the store already holds. */
  private async work(plan: Plan): Promise<Outcome> {
    const { store } = this.d;
    const row = store.getIteration(plan.iteration);
    if (row?.status === 'rejected') return { kind: 'rejected', reason: row.reason ?? 'rejected' };
    let program = row?.programId ? store.getProgram(row.programId) : undefined;
    if (!program) {
      const made = plan.mutation === 'seed' ? this.seedProgram() : await this.propose(plan);
      if ('reason' in made) {
        store.setIteration(plan.iteration, 'rejected', { reason: made.reason });
        return { kind: 'rejected', reason: made.reason };
      }
      program = made;
      store.transaction(() => {
        store.insertProgram(program!);
        store.setIteration(plan.iteration, 'proposed', { programId: program!.id });
      });
      if (!this.hashFirst.has(program.hash)) this.hashFirst.set(program.hash, plan.iteration);
    }
    if (plan.minibatch && plan.iteration > 0) {
      const reason = await this.minibatchVerdict(plan, program);
      if (reason) {
        store.setIteration(plan.iteration, 'rejected', { reason });
        return { kind: 'rejected', reason };
      }
    }
    let evaluation = store.getEvaluation(program.id, 'train', 'search');
    if (!evaluation) {
      evaluation = await this.evaluate(program.source, 'train', `${program.id}:train`);
      store.transaction(() => {
        store.insertEvaluation(program.id, 'train', 'search', evaluation!);
        store.setIteration(plan.iteration, 'evaluated');
      });
    }
    return { kind: 'evaluated', program, evaluation };
  }

  /** The one door to the evaluators: the search only ever sees the train split. */
  evaluate(source: string, split: 'train' | 'test', id: string, instanceIds?: string[]): Promise<Evaluation> {
    const count = instanceIds
      ? instanceIds.length
      : split === 'train'
        ? this.trainCount
        : this.d.task.instances('test').length;
    const job: EvalJob = { id, task: this.d.taskRef, source, split, limits: this.limits };
    if (instanceIds) job.instanceIds = instanceIds;
    return this.d.evaluator.evaluate(job, count * this.limits.timeMsPerInstance + 30_000);
  }

  /**
   * GEPA's acceptance test: evaluates the child on the plan's minibatch (stored
   * with purpose 'minibatch') and returns why it is rejected unless the sum of
   * its instance scores there beats its first parent's, read from the parent's
   * stored train evaluation.
   */
  private async minibatchVerdict(plan: Plan, program: Program): Promise<string | undefined> {
    const { store } = this.d;
    const ids = plan.minibatch!;
    let e = store.getEvaluation(program.id, 'train', 'minibatch');
    if (!e) {
      e = await this.evaluate(program.source, 'train', `${program.id}:minibatch`, ids);
      store.insertEvaluation(program.id, 'train', 'minibatch', e);
    }
    return judgeMinibatch(ids, e, store.getEvaluation(plan.parentIds[0]!, 'train', 'search'));
  }

  /** Instances of minibatch tests run by iteration i (0 when it had none). */
  private minibatchCost(plan: Plan): number {
    if (!plan.minibatch || plan.iteration === 0) return 0;
    return this.d.store.getEvaluation(programId(plan.iteration), 'train', 'minibatch') ? plan.minibatch.length : 0;
  }

  private seedProgram(): Program {
    return {
      id: programId(0),
      iteration: 0,
      source: this.d.seedSource,
      hash: programHash(this.d.seedSource),
      parentIds: [],
      island: -1,
      generation: 0,
      mutation: 'seed',
      proposer: 'seed',
      changes: [],
      createdAt: Date.now(),
    };
  }

  private async propose(plan: Plan): Promise<Program | { reason: string }> {
    const { store, task } = this.d;
    const load = (id: string): ProgramWithEval => {
      const program = store.getProgram(id);
      const evaluation = store.getEvaluation(id, 'train', 'search');
      if (!program || !evaluation)
        throw new Error(`plan ${plan.iteration} names program ${id}, which the store does not hold`);
      return { program, evaluation };
    };
    const parents = plan.parentIds.map(load);
    const scratchpad = await this.scratchpads.forPlan(plan);
    if (plan.minibatch) parents[0] = withInstanceFeedback(parents[0]!, plan.minibatch);
    const proposal = await this.d.proposer.propose({
      plan,
      task: {
        name: task.name,
        description: task.description,
        language: task.language,
        sandboxed: task.evaluator.kind === 'sandbox',
        ...(task.promptsDir ? { promptsDir: task.promptsDir } : {}),
      },
      parents,
      inspirations: plan.inspirationIds.map(load),
      rng: deriveRng(this.d.config.seed, 'propose', plan.iteration),
      hints: store.hints().map((h) => h.text),
      ...(scratchpad ? { scratchpad } : {}),
    });
    store.insertProposerCall(plan.iteration, proposal.call);
    this.costUsd += proposal.call.costUsd;
    this.reserved.delete(plan.iteration);
    if (!proposal.ok) return { reason: proposal.reason };
    const parent = parents[0]!.program;
    const reason = this.gate(plan, parent, proposal.source);
    if (reason) return { reason };
    return {
      id: programId(plan.iteration),
      iteration: plan.iteration,
      source: proposal.source,
      hash: programHash(proposal.source),
      parentIds: plan.parentIds,
      island: plan.island,
      generation: 1 + Math.max(...parents.map((p) => p.program.generation)),
      mutation: plan.mutation,
      proposer: proposal.call.model ? `${proposal.call.proposer}:${proposal.call.model}` : proposal.call.proposer,
      changes: proposal.changes,
      createdAt: Date.now(),
    };
  }

  /** Checks before evaluation; returns why the child is not worth evaluating. */
  private gate(plan: Plan, parent: Program, source: string): string | undefined {
    const outside = outsideBlocksChange(parent.source, source);
    if (outside) return outside;
    const hash = programHash(source);
    if (hash === parent.hash) return 'identical to its parent';
    const first = this.hashFirst.get(hash);
    // Only programs known when the iteration was planned count, so the gate is deterministic.
    if (first !== undefined && first <= plan.knownThrough) return `identical to program ${programId(first)}`;
    const limit = Math.max(200_000, MAX_GROWTH * this.d.seedSource.length);
    if (source.length > limit) return `program too long (${source.length} characters, limit ${limit})`;
    return this.d.strategy.gate?.(plan, source);
  }

  private drain(): void {
    while (!this.fatal && this.completed.has(this.state.observedThrough + 1)) {
      const i = this.state.observedThrough + 1;
      const outcome = this.completed.get(i)!;
      this.completed.delete(i);
      try {
        this.d.store.transaction(() => {
          this.observe(i, outcome);
          this.planMore();
          this.state.elapsedMs = this.elapsed();
          this.d.store.setState('controller', this.state);
          this.d.store.setState('strategy', this.d.strategy.snapshot());
          if (this.d.proposer.snapshot) this.d.store.setState('proposer', this.d.proposer.snapshot());
        });
      } catch (error) {
        this.fatal = error instanceof Error ? error : new Error(String(error));
        this.state.stopReason ??= `error: ${this.fatal.message}`;
        break;
      }
      this.emitObserved(i, outcome);
      this.launchMore();
    }
    this.maybeFinish();
  }

  private observe(i: number, outcome: Outcome): void {
    const plan = this.d.store.getIteration(i)!.plan;
    if (i === 0 && (outcome.kind !== 'evaluated' || !outcome.evaluation.valid)) {
      const why =
        outcome.kind === 'evaluated'
          ? `${outcome.evaluation.failure?.kind}: ${outcome.evaluation.failure?.message}`
          : outcome.reason;
      throw new Error(`the seed program is invalid, so there is nothing to evolve from (${why})`);
    }
    const minibatch = this.minibatchCost(plan);
    if (minibatch > 0) this.state.minibatchInstances = (this.state.minibatchInstances ?? 0) + minibatch;
    let obs: Observation;
    if (outcome.kind === 'rejected') {
      obs = { iteration: i, kind: 'rejected', island: plan.island, reason: outcome.reason };
    } else {
      const { program, evaluation } = outcome;
      this.state.evaluationsObserved++;
      this.state.evaluationsSinceBest++;
      if (evaluation.valid && evaluation.score !== null) {
        obs = {
          iteration: i,
          kind: 'evaluated',
          island: plan.island,
          valid: true,
          source: program.source,
          member: {
            id: program.id,
            iteration: i,
            score: evaluation.score,
            hash: program.hash,
            features: this.features.features(program.source, evaluation.metrics),
            instanceScores: Object.fromEntries(evaluation.instances.map((r) => [r.instanceId, r.score])),
          },
        };
        if (!this.state.best || evaluation.score > this.state.best.score) {
          this.state.best = { programId: program.id, score: evaluation.score, iteration: i };
          this.state.evaluationsSinceBest = 0;
          this.d.store.addEvent('best', { iteration: i, programId: program.id, score: evaluation.score });
        }
      } else {
        obs = {
          iteration: i,
          kind: 'evaluated',
          island: plan.island,
          valid: false,
          id: program.id,
          source: program.source,
        };
      }
    }
    this.d.strategy.observe(obs, deriveRng(this.d.config.seed, 'observe', i));
    if (this.d.proposer.observe && plan.parentIds[0]) {
      const valid = outcome.kind === 'evaluated' && outcome.evaluation.valid;
      this.d.proposer.observe(plan, {
        valid,
        score: valid ? outcome.evaluation.score : null,
        parentScore: this.d.store.scoreOf(plan.parentIds[0]),
        costUsd: this.d.store.costOfIteration(i),
      });
    }
    this.d.store.setIteration(i, 'observed');
    this.state.observedThrough = i;
  }

  private emitObserved(i: number, outcome: Outcome): void {
    if (outcome.kind === 'rejected') this.emit({ type: 'rejected', iteration: i, reason: outcome.reason });
    else {
      const e = outcome.evaluation;
      this.emit({
        type: 'evaluated',
        iteration: i,
        programId: outcome.program.id,
        valid: e.valid,
        score: e.score,
        ...(e.failure ? { failure: e.failure } : {}),
        changes: outcome.program.changes,
      });
      if (this.state.best?.programId === outcome.program.id)
        this.emit({ type: 'best', iteration: i, programId: outcome.program.id, score: this.state.best.score });
    }
    const elapsedMs = this.elapsed();
    this.emit({
      type: 'progress',
      iterations: i,
      evaluations: this.state.evaluationsObserved,
      best: this.state.best?.score ?? null,
      costUsd: this.costUsd,
      elapsedMs,
      evalsPerSecond: this.state.evaluationsObserved / Math.max(1e-3, (Date.now() - this.startedAt) / 1000),
    });
  }

  /**
   * Plans every iteration the in-flight window allows, whether or not a budget
   * will let it run: a run resumed with a larger budget then continues with
   * exactly the plans an uninterrupted run would have made. Runs inside the
   * observe transaction.
   */
  private planMore(): void {
    const k = this.d.config.pipeline.inFlight;
    while (!this.fatal && this.state.observedThrough >= 0 && this.state.nextIter <= this.state.observedThrough + k) {
      const i = this.state.nextIter++;
      const plan: Plan = {
        ...this.d.strategy.plan(i, deriveRng(this.d.config.seed, 'plan', i)),
        iteration: i,
        knownThrough: this.state.observedThrough,
      };
      Object.assign(plan, this.d.proposer.assign?.(plan, deriveRng(this.d.config.seed, 'assign', i)));
      this.d.store.insertPlan(plan);
    }
  }

  /** Starts planned iterations in order while no budget or stop rule forbids it. */
  private launchMore(): void {
    if (this.paused()) return;
    while (!this.fatal && !this.interrupted && this.nextLaunch < this.state.nextIter) {
      const i = this.nextLaunch;
      const plan = this.d.store.getIteration(i)!.plan;
      const estimate =
        i > 0 && !this.d.store.getIteration(i)!.programId ? (this.d.proposer.estimateCostUsd?.(plan) ?? 0) : 0;
      if (i > 0) {
        let reservedUsd = estimate;
        for (const r of this.reserved.values()) reservedUsd += r;
        const reason = stopReason(this.d.config, {
          planned: i,
          evaluationsCommitted: this.evaluationsCommitted(i),
          costUsd: this.costUsd + reservedUsd,
          elapsedMs: this.elapsed(),
          bestScore: this.state.best?.score ?? null,
          evaluationsSinceBest: this.state.evaluationsSinceBest,
        });
        if (reason) {
          if (!this.state.stopReason) {
            this.state.stopReason = reason;
            this.d.store.addEvent('stop', { reason });
            this.emit({ type: 'stop', reason });
          }
          break;
        }
        // A rule that fired may stop holding (a late new best resets patience): go on.
        this.state.stopReason = null;
      }
      this.nextLaunch++;
      if (estimate > 0) this.reserved.set(i, estimate);
      this.launch(plan);
    }
  }

  /**
   * What the evaluation budget sees when iteration i is about to start:
   * evaluations observed (minibatch instances as a fraction of a full train
   * evaluation), plus the most that each iteration started but not observed
   * can still cost (1 plus its minibatch share), plus i's own cost beyond the 1
   * the budget rule already allows for. Rounded up, so that the rule "stop when
   * this reaches the budget" never lets the total exceed it; with whole
   * evaluations only this is the plain count. A function of observations and
   * stored plans only, so stopping is deterministic.
   */
  private evaluationsCommitted(i: number): number {
    const share = (k: number): number => {
      const mb = k > 0 ? this.d.store.getIteration(k)?.plan.minibatch : undefined;
      return mb ? mb.length / this.trainCount : 0;
    };
    let n = this.state.evaluationsObserved + (this.state.minibatchInstances ?? 0) / this.trainCount;
    for (let k = this.state.observedThrough + 1; k < i; k++) n += 1 + share(k);
    return Math.ceil(n + share(i) - 1e-9);
  }

  private maybeFinish(): void {
    if (this.running.size > 0) return;
    if (this.fatal || this.state.stopReason || this.interrupted) this.finish?.();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
