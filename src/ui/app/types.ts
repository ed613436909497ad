// Shapes of the API's answers: the server's own types (type-only imports are erased from the bundle).
export type { BudgetLine, RunOverview as Overview, IslandRow, ProposerStat, ProgramColumns } from '../queries.js';
export type { ProgramDetail } from '../program-detail.js';
export type { StrategyView } from '../strategy-view.js';
export type { InstanceResult } from '../../core/types.js';
import type { IslandRow, ProposerStat, RunOverview as Overview } from '../queries.js';
import type { StrategyView } from '../strategy-view.js';

export interface RunDetails {
  overview: Overview;
  islands: IslandRow[];
  proposers: ProposerStat[];
  hints: { id: number; ts: number; text: string; source: string }[];
  favourites: string[];
  strategyView: StrategyView;
}

export interface FailurePage {
  total: number;
  byKind: Record<string, number>;
  rows: { iteration: number; programId: string | null; kind: string; message: string }[];
}
