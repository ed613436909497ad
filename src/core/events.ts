import type { Failure } from './types.js';

/** What a run reports as it goes (to the terminal, JSON lines, the store, the dashboard). */
export type RunEvent =
  | {
      type: 'start';
      run: string;
      task: string;
      resumed: boolean;
      workers: number;
      dataSource: string;
      budgetNote?: string;
    }
  | {
      type: 'evaluated';
      iteration: number;
      programId: string;
      valid: boolean;
      score: number | null;
      failure?: Failure;
      changes: string[];
    }
  | { type: 'rejected'; iteration: number; reason: string }
  | { type: 'best'; iteration: number; programId: string; score: number }
  | {
      type: 'progress';
      iterations: number;
      evaluations: number;
      best: number | null;
      costUsd: number;
      elapsedMs: number;
      evalsPerSecond: number;
    }
  | { type: 'stop'; reason: string }
  | { type: 'final'; label: string; split: 'train' | 'test'; score: number | null; valid: boolean };

export type RunListener = (event: RunEvent) => void;
