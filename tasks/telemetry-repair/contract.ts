// The data that crosses the sandbox boundary and the host's private answer key.

export type Status = 'up' | 'down';

/** One interface as the program sees it: `A_to_B` is router A's port facing router B. */
export interface IfCounters {
  interfaceStatus: Status;
  /** A's ingress from B, Mbps. */
  rxRate: number;
  /** A's egress toward B, Mbps. */
  txRate: number;
  /** The peer interface id, `B_to_A`. */
  connectedTo: string;
  localRouter: string;
  remoteRouter: string;
}

/** What the harness hands to the program: public fields only (no ground truth, no bug type). */
export interface PublicCase {
  telemetry: Record<string, IfCounters>;
  /** Router id -> its interface ids, in interface order. */
  topology: Record<string, string[]>;
}

export interface TruthCounters {
  rxRate: number;
  txRate: number;
  interfaceStatus: Status;
}

export type BugType = 'dropped' | 'scaled' | 'correlated_dropped' | 'correlated_scaled';
export const BUG_TYPES: readonly BugType[] = ['dropped', 'scaled', 'correlated_dropped', 'correlated_scaled'];

/** One evaluation case: the host keeps all of it; only `input` goes to the sandbox. */
export interface TelemetryCase {
  /** 0-based position in the case list (the reference's test order). */
  index: number;
  /** Which snapshot (row of the clean data) the case was built from. */
  snapshot: number;
  label: string;
  bugType: BugType;
  input: PublicCase;
  /** Interface id -> true counters; iteration order = interface order (the scoring order). */
  truth: Record<string, TruthCounters>;
}

/** A clean snapshot: interface id -> true counters, in interface order (status is always up). */
export interface CleanSnapshot {
  label: string;
  interfaces: { id: string; localRouter: string; remoteRouter: string; rxRate: number; txRate: number }[];
}

/** Scoring weights of the reference's combined score. */
export const WEIGHTS = { counter: 0.75, status: 0.05, calibration: 0.2 } as const;
