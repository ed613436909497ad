// Shapes of the API's answers (mirrors src/ui/queries.ts and program-detail.ts).

export interface BudgetLine {
  kind: 'iterations' | 'evaluations' | 'wallTime' | 'dollars';
  used: number;
  limit: number;
}

export interface Overview {
  name: string;
  task: string | null;
  strategy: string | null;
  proposer: string | null;
  status: string;
  createdAt: number | null;
  updatedAt: number | null;
  config: Record<string, unknown>;
  counts: { iterations: number; programs: number; evaluations: number; rejected: number; invalid: number };
  best: { programId: string; score: number } | null;
  seedScore: number | null;
  costUsd: number;
  elapsedMs: number;
  stopReason: string | null;
  budget: BudgetLine[];
  summary: unknown;
  control: { paused: boolean };
}

export interface IslandRow {
  island: number;
  programs: number;
  valid: number;
  best: number | null;
  bestProgram: string | null;
  members: number | null;
}

export interface ProposerStat {
  proposer: string;
  model: string | null;
  calls: number;
  errors: number;
  valid: number;
  improved: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  meanMs: number;
}

export interface RunDetails {
  overview: Overview;
  islands: IslandRow[];
  proposers: ProposerStat[];
  hints: { id: number; ts: number; text: string; source: string }[];
  favourites: string[];
  strategyView: StrategyView;
}

export type StrategyView =
  | {
      kind: 'map-elites';
      axes: string[];
      bins: number;
      cells: { x: number; y: number; score: number; programId: string; island: number }[];
    }
  | { kind: 'pareto'; instances: number; candidates: { programId: string; score: number; wins: number }[] }
  | null;

export interface ProgramColumns {
  cursor: number;
  id: string[];
  iteration: number[];
  parent: (string | null)[];
  island: number[];
  generation: number[];
  mutation: string[];
  score: (number | null)[];
  failure: (string | null)[];
  costIteration: number[];
  cost: number[];
}

export interface InstanceResult {
  instanceId: string;
  score: number;
  metrics: Record<string, number>;
  failure?: { kind: string; message: string };
  feedback?: string;
}

export interface ProgramDetail {
  program: {
    id: string;
    iteration: number;
    source: string;
    parentIds: string[];
    island: number;
    generation: number;
    mutation: string;
    proposer: string;
    changes: string[];
    createdAt: number;
  };
  train: {
    valid: boolean;
    score: number | null;
    metrics: Record<string, number>;
    failure?: { kind: string; message: string };
    feedback: string;
    instances: InstanceResult[];
    instanceCount: number;
    durationMs: number;
  } | null;
  test: { score: number | null; valid: boolean } | null;
  calls: {
    proposer: string;
    model: string | null;
    prompt: string | null;
    response: string | null;
    tokensIn: number | null;
    tokensOut: number | null;
    costUsd: number;
    durationMs: number;
    error: string | null;
  }[];
  diffParent: string | null;
  diffSeed: string | null;
  lineage: string[];
  children: number;
  favourite: boolean;
}

export interface FailurePage {
  total: number;
  byKind: Record<string, number>;
  rows: { iteration: number; programId: string | null; kind: string; message: string }[];
}
