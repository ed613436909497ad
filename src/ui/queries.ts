import type { RunStore } from '../store/store.js';

// Read-only views of one run for the dashboard and the report. Everything that
// grows with the run (programs, failures) is aggregated or paged in SQL so that
// a 10,000-program run never ships its sources to the browser.

export interface RunOverview {
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

export interface BudgetLine {
  kind: 'iterations' | 'evaluations' | 'wallTime' | 'dollars';
  used: number;
  limit: number;
}

interface ControllerSnapshot {
  observedThrough: number;
  evaluationsObserved: number;
  elapsedMs: number;
  stopReason: string | null;
}

const one = <T>(store: RunStore, sql: string, ...args: unknown[]): T => store.db.prepare(sql).get(...args) as T;

export function overview(name: string, store: RunStore): RunOverview {
  const config = store.getMeta<Record<string, unknown>>('config_input') ?? {};
  const controller = store.getState<ControllerSnapshot>('controller');
  const counts = one<RunOverview['counts']>(
    store,
    `SELECT (SELECT COUNT(*) FROM iterations) AS iterations,
            (SELECT COUNT(*) FROM programs WHERE iteration IS NOT NULL) AS programs,
            (SELECT COUNT(*) FROM evaluations WHERE purpose = 'search') AS evaluations,
            (SELECT COUNT(*) FROM iterations WHERE status = 'rejected') AS rejected,
            (SELECT COUNT(*) FROM evaluations WHERE purpose = 'search' AND valid = 0) AS invalid`,
  );
  const seed = one<{ score: number | null } | undefined>(
    store,
    "SELECT score FROM evaluations WHERE program_id = 'p0' AND purpose = 'search'",
  );
  const updated = one<{ ts: number | null }>(
    store,
    "SELECT MAX(created_at) AS ts FROM evaluations WHERE purpose = 'search'",
  );
  const costUsd = store.cost();
  const elapsedMs = controller?.elapsedMs ?? 0;
  return {
    name,
    task: store.getMeta<string>('task') ?? null,
    strategy: nameOf(config.strategy) ?? 'islands',
    proposer: kindOf(config.proposer) ?? 'offline',
    status: store.getMeta<string>('status') ?? 'unknown',
    createdAt: store.getMeta<number>('created_at') ?? null,
    updatedAt: updated.ts,
    config,
    // Observed iterations (the table also holds plans made ahead that never ran).
    counts: { ...counts, iterations: Math.max(0, controller?.observedThrough ?? counts.iterations) },
    best: store.best() ?? null,
    seedScore: seed?.score ?? null,
    costUsd,
    elapsedMs,
    stopReason: controller?.stopReason ?? null,
    budget: budgetLines(config, {
      iterations: Math.max(0, controller?.observedThrough ?? 0),
      evaluations: controller?.evaluationsObserved ?? counts.evaluations,
      wallTime: elapsedMs,
      dollars: costUsd,
    }),
    summary: store.getMeta<unknown>('summary') ?? null,
    control: { paused: store.getControl<boolean>('paused') === true },
  };
}

function nameOf(v: unknown): string | undefined {
  return v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'
    ? (v as { name: string }).name
    : undefined;
}

function kindOf(v: unknown): string | undefined {
  return v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string'
    ? (v as { kind: string }).kind
    : undefined;
}

/** The configured budgets with what has been used of each (wall time in ms; a raw "3m" is parsed). */
function budgetLines(config: Record<string, unknown>, used: Record<BudgetLine['kind'], number>): BudgetLine[] {
  const raw = (config.budget ?? { iterations: 100 }) as Record<string, unknown>;
  const lines: BudgetLine[] = [];
  for (const kind of ['iterations', 'evaluations', 'wallTime', 'dollars'] as const) {
    const v = raw[kind];
    const limit = kind === 'wallTime' ? wallTimeMs(v) : typeof v === 'number' ? v : undefined;
    if (limit !== undefined) lines.push({ kind, used: used[kind], limit });
  }
  return lines;
}

function wallTimeMs(v: unknown): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(v.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
  return Number(m[1]) * unit;
}

/** Evaluated programs as columns (one entry per search evaluation), after an evaluation-id cursor. */
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
  /** Proposal cost per iteration, for the dollars axis (all iterations, rejected ones included). */
  costIteration: number[];
  cost: number[];
}

export function programColumns(store: RunStore, after = 0): ProgramColumns {
  const rows = store.db
    .prepare(
      `SELECT e.id AS eid, p.id, p.iteration, p.parent_ids, p.island, p.generation, p.mutation, e.score, e.valid, e.failure_kind
       FROM evaluations e JOIN programs p ON p.id = e.program_id
       WHERE e.purpose = 'search' AND e.id > ? ORDER BY e.id`,
    )
    .raw()
    .all(after) as [number, string, number, string, number, number, string, number | null, number, string | null][];
  const out: ProgramColumns = {
    cursor: after,
    id: [],
    iteration: [],
    parent: [],
    island: [],
    generation: [],
    mutation: [],
    score: [],
    failure: [],
    costIteration: [],
    cost: [],
  };
  for (const [eid, id, iteration, parents, island, generation, mutation, score, valid, failure] of rows) {
    out.cursor = eid;
    out.id.push(id);
    out.iteration.push(iteration);
    // parent_ids is a JSON array; the first parent is the lineage edge (crossover's second parent is listed in the detail).
    const first = /^\["([^"]+)"/.exec(parents);
    out.parent.push(first ? first[1]! : null);
    out.island.push(island);
    out.generation.push(generation);
    out.mutation.push(mutation);
    out.score.push(valid === 1 ? score : null);
    out.failure.push(valid === 1 ? null : (failure ?? 'invalid'));
  }
  // Costs are small (one row per iteration); always sent whole so the client can recompute its running sum.
  const costs = store.db
    .prepare('SELECT iteration, SUM(cost_usd) FROM proposer_calls GROUP BY iteration ORDER BY iteration')
    .raw()
    .all() as [number, number][];
  for (const [iteration, cost] of costs) {
    if (cost === 0) continue;
    out.costIteration.push(iteration);
    out.cost.push(cost);
  }
  return out;
}

export interface FailureRow {
  iteration: number;
  programId: string | null;
  kind: string;
  message: string;
}

/** Failed attempts, newest first: rejected proposals and invalid evaluations. */
export function failures(
  store: RunStore,
  offset: number,
  limit: number,
): { total: number; byKind: Record<string, number>; rows: FailureRow[] } {
  const union = `SELECT iteration, NULL AS programId, 'rejected' AS kind, COALESCE(reason, '') AS message FROM iterations WHERE status = 'rejected'
    UNION ALL
    SELECT p.iteration, p.id, COALESCE(e.failure_kind, 'invalid'), COALESCE(e.failure_message, '')
    FROM evaluations e JOIN programs p ON p.id = e.program_id WHERE e.purpose = 'search' AND e.valid = 0`;
  const byKind: Record<string, number> = {};
  for (const r of store.db.prepare(`SELECT kind, COUNT(*) AS n FROM (${union}) GROUP BY kind`).all() as {
    kind: string;
    n: number;
  }[])
    byKind[r.kind] = r.n;
  const rows = store.db
    .prepare(`SELECT * FROM (${union}) ORDER BY iteration DESC LIMIT ? OFFSET ?`)
    .all(limit, offset) as FailureRow[];
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, rows };
}

export interface IslandRow {
  island: number;
  programs: number;
  valid: number;
  best: number | null;
  bestProgram: string | null;
  /** Members currently kept by the strategy (from its snapshot). */
  members: number | null;
}

export function islands(store: RunStore): IslandRow[] {
  const rows = store.db
    .prepare(
      `SELECT p.island, COUNT(*) AS programs, SUM(e.valid) AS valid, MAX(CASE WHEN e.valid = 1 THEN e.score END) AS best
       FROM programs p JOIN evaluations e ON e.program_id = p.id AND e.split = 'train' AND e.purpose = 'search'
       WHERE p.island >= 0 GROUP BY p.island ORDER BY p.island`,
    )
    .all() as { island: number; programs: number; valid: number; best: number | null }[];
  const snapshot = store.getState<{ islands?: unknown[][] }>('strategy');
  const bestOf = store.db.prepare(
    `SELECT p.id FROM programs p JOIN evaluations e ON e.program_id = p.id AND e.purpose = 'search'
     WHERE p.island = ? AND e.valid = 1 ORDER BY e.score DESC, p.iteration LIMIT 1`,
  );
  return rows.map((r) => ({
    ...r,
    bestProgram: (bestOf.get(r.island) as { id: string } | undefined)?.id ?? null,
    members: Array.isArray(snapshot?.islands?.[r.island]) ? snapshot.islands[r.island]!.length : null,
  }));
}

export interface ProposerStat {
  proposer: string;
  model: string | null;
  calls: number;
  errors: number;
  /** Proposals that evaluated valid, and those that beat their first parent (a bandit's reward signal). */
  valid: number;
  improved: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  meanMs: number;
}

/** Per proposer and model: calls, failures, how often its children were valid or beat their parent, cost. */
export function proposerStats(store: RunStore): ProposerStat[] {
  // Program ids are p<iteration> (controller.programId), which lets the join use the primary key; naming the
  // split as well makes the evaluation joins unique-index lookups (otherwise SQLite scans by purpose: O(n^2)).
  return store.db
    .prepare(
      `SELECT c.proposer, c.model, COUNT(*) AS calls, COUNT(c.error) AS errors,
              COALESCE(SUM(e.valid), 0) AS valid,
              COALESCE(SUM(CASE WHEN e.valid = 1 AND pe.valid = 1 AND e.score > pe.score THEN 1 ELSE 0 END), 0) AS improved,
              COALESCE(SUM(c.tokens_in), 0) AS tokensIn, COALESCE(SUM(c.tokens_out), 0) AS tokensOut,
              SUM(c.cost_usd) AS costUsd, AVG(c.duration_ms) AS meanMs
       FROM proposer_calls c
       LEFT JOIN programs p ON p.id = 'p' || c.iteration
       LEFT JOIN evaluations e ON e.program_id = p.id AND e.split = 'train' AND e.purpose = 'search'
       LEFT JOIN evaluations pe
         ON pe.program_id = json_extract(p.parent_ids, '$[0]') AND pe.split = 'train' AND pe.purpose = 'search'
       GROUP BY c.proposer, c.model ORDER BY calls DESC`,
    )
    .all() as ProposerStat[];
}

/** The seed-first chain of first parents ending at `id`. */
export function lineage(store: RunStore, id: string): string[] {
  const chain: string[] = [];
  const get = store.db.prepare('SELECT parent_ids FROM programs WHERE id = ?');
  let current: string | undefined = id;
  while (current && chain.length < 100_000 && !chain.includes(current)) {
    chain.push(current);
    const row = get.get(current) as { parent_ids: string } | undefined;
    current = row ? (JSON.parse(row.parent_ids) as string[])[0] : undefined;
  }
  return chain.reverse();
}
