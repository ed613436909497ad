import type { Plan, ProgramWithEval, Proposer } from '../propose/types.js';
import type { RunStore } from '../store/store.js';
import type { Strategy } from '../strategies/types.js';
import type { Task } from './task.js';

interface Config {
  every: number;
  recommendations: number;
}

/**
 * The meta-scratchpad (Shinka): lessons the proposer writes every `every`
 * programs. Scratchpad e covers iterations 1..e*every and a proposal uses the
 * latest one whose last iteration was known when it was planned, so the text
 * it gets is deterministic. Each is made once (concurrent proposals share it),
 * stored, and reused on resume.
 */
export class Scratchpads {
  private readonly made = new Map<number, Promise<string>>();

  constructor(
    private readonly store: RunStore,
    private readonly task: Task,
    private readonly strategy: Strategy,
    private readonly proposer: Proposer,
    private readonly spend: (usd: number) => void,
  ) {}

  forPlan(plan: Plan): Promise<string | undefined> {
    const config = this.strategy.scratchpad?.();
    if (!config || !this.proposer.reflect) return Promise.resolve(undefined);
    const epoch = Math.floor(plan.knownThrough / config.every);
    return epoch < 1 ? Promise.resolve(undefined) : this.epoch(epoch, config);
  }

  private epoch(epoch: number, config: Config): Promise<string> {
    let pending = this.made.get(epoch);
    if (!pending) {
      pending = this.make(epoch, config);
      this.made.set(epoch, pending);
    }
    return pending;
  }

  private async make(epoch: number, config: Config): Promise<string> {
    const { store, task } = this;
    const saved = store.getState<string>(`scratchpad:${epoch}`);
    if (saved !== undefined) return saved;
    const previous = epoch > 1 ? await this.epoch(epoch - 1, config) : '';
    const through = epoch * config.every;
    const load = (id: string): ProgramWithEval => ({
      program: store.getProgram(id)!,
      evaluation: store.getEvaluation(id, 'train', 'search')!,
    });
    const result = await this.proposer.reflect!({
      epoch,
      task: { name: task.name, description: task.description, language: task.language },
      previous,
      best: store.rankedThrough(through, 3, 'best').map(load),
      worst: store.rankedThrough(through, 2, 'worst').map(load),
      failures: store.failureReasons(through, 5),
      recommendations: config.recommendations,
    });
    // Meta calls are recorded under a negative iteration (-epoch): they belong to no single proposal.
    store.insertProposerCall(-epoch, { ...result.call, bucket: 'meta' });
    this.spend(result.call.costUsd);
    const text = result.ok ? result.text : previous;
    store.setState(`scratchpad:${epoch}`, text);
    store.addEvent('scratchpad', {
      epoch,
      through,
      ok: result.ok,
      ...(result.ok ? { text } : { reason: result.reason }),
    });
    return text;
  }
}
