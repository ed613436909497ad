import type { Rng } from '../../core/rng.js';

export interface ArmState {
  label: string;
  weight: number;
  pulls: number;
  rewardSum: number;
  costSum: number;
  /** Planned proposals not yet observed: counted as pulls so parallel plans spread out. */
  inFlight: number;
}

export interface EnsembleState {
  arms: ArmState[];
}

/**
 * Chooses a model per proposal: by weight, or by UCB1 over the rewards seen so
 * far. Reward = improvement of the child over its parent, scaled to [-1, 1];
 * a failed child is -1 (the worst). With `costWeight` > 0 the reward is
 * reduced by the call's cost relative to the mean cost (a cost-aware blend).
 */
export class Ensemble {
  state: EnsembleState;

  constructor(
    arms: { label: string; weight: number }[],
    private readonly mode: 'weighted' | 'ucb',
    private readonly exploration: number,
    private readonly costWeight: number,
  ) {
    this.state = { arms: arms.map((a) => ({ ...a, pulls: 0, rewardSum: 0, costSum: 0, inFlight: 0 })) };
  }

  choose(rng: Rng): string {
    const arms = this.state.arms;
    let index: number;
    if (this.mode === 'weighted' || arms.length === 1) index = rng.weighted(arms.map((a) => a.weight));
    else {
      const untried = arms.findIndex((a) => a.pulls + a.inFlight === 0);
      if (untried >= 0) index = untried;
      else {
        const total = arms.reduce((n, a) => n + a.pulls + a.inFlight, 0);
        const value = (a: ArmState): number => {
          const n = a.pulls + a.inFlight;
          // In-flight pulls count with a neutral reward of 0 until observed.
          return a.rewardSum / n + this.exploration * Math.sqrt((2 * Math.log(total)) / n);
        };
        index = arms.reduce((best, a, i) => (value(a) > value(arms[best]!) ? i : best), 0);
      }
    }
    arms[index]!.inFlight++;
    return arms[index]!.label;
  }

  /** `improvement` is null for a failed or rejected child. */
  observe(label: string, improvement: number | null, parentScore: number, costUsd: number): void {
    const arm = this.state.arms.find((a) => a.label === label);
    if (!arm) return;
    arm.inFlight = Math.max(0, arm.inFlight - 1);
    let reward =
      improvement === null ? -1 : Math.max(-1, Math.min(1, improvement / Math.max(1, Math.abs(parentScore))));
    arm.costSum += costUsd;
    if (this.costWeight > 0) {
      const pulls = this.state.arms.reduce((n, a) => n + a.pulls, 0) + 1;
      const meanCost = this.state.arms.reduce((c, a) => c + a.costSum, 0) / pulls;
      if (meanCost > 0) reward -= this.costWeight * (costUsd / meanCost - 1);
    }
    arm.pulls++;
    arm.rewardSum += reward;
  }
}
