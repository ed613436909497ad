// The task: what a candidate program must do, the instances it is scored on,
// and how it is scored. `adrs run .` evolves initial.ts against it.
import { readFileSync } from 'node:fs';
import { defineTask } from 'adrs';

interface Knapsack {
  capacity: number;
  values: number[];
  weights: number[];
}

/** Seeded instances, so that every run and every machine sees the same ones. */
function instances(count: number, seed: number): Knapsack[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 1 + (state % n);
  };
  return Array.from({ length: count }, () => {
    const n = 30;
    const weights = Array.from({ length: n }, () => next(40));
    const values = weights.map((w) => Math.max(1, w + next(30) - 15));
    return { capacity: Math.floor(weights.reduce((a, b) => a + b, 0) / 3), values, weights };
  });
}

/** The best value that fits (dynamic programming): the 100% mark. */
function optimum(k: Knapsack): number {
  const best = new Array<number>(k.capacity + 1).fill(0);
  k.weights.forEach((w, i) => {
    for (let c = k.capacity; c >= w; c--) best[c] = Math.max(best[c]!, best[c - w]! + k.values[i]!);
  });
  return best[k.capacity]!;
}

export default defineTask<Knapsack>({
  name: '{{name}}',
  description: `Greedy 0/1 knapsack. Export
  priority(value: number, weight: number, capacity: number): number
Items are taken in decreasing priority while they fit. The score of an instance is the packed value
in percent of the optimum; maximise the mean over instances.`,
  initialProgram: readFileSync(new URL('./initial.ts', import.meta.url), 'utf8'),
  instances: { train: instances(20, 1), test: instances(10, 2) },
  // Runs inside the sandbox next to the candidate; returns only its decisions (self-contained code).
  harness: (candidate, input) => {
    const k = input as Knapsack;
    const priority = candidate.priority as (value: number, weight: number, capacity: number) => number;
    return k.values.map((v, i) => priority(v, k.weights[i]!, k.capacity));
  },
  // Runs on the host with the task's own copy of the instance: never trust numbers from the sandbox.
  score: (k, output) => {
    if (!Array.isArray(output) || output.length !== k.values.length || !output.every(Number.isFinite))
      throw new Error(`priority must return a finite number for each of the ${k.values.length} items`);
    const order = k.values.map((_, i) => i).sort((a, b) => (output[b] as number) - (output[a] as number) || a - b);
    let room = k.capacity;
    let value = 0;
    for (const i of order) {
      if (k.weights[i]! <= room) {
        room -= k.weights[i]!;
        value += k.values[i]!;
      }
    }
    return { score: (100 * value) / optimum(k), metrics: { value, unused: room } };
  },
  limits: { timeMsPerInstance: 1000 },
});
