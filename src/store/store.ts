import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Evaluation, InstanceResult, Program, Split } from '../core/types.js';
import type { Plan, ProposerCall } from '../propose/types.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';

/** `minibatch`: a subset of train instances evaluated before acceptance (never counted as a search result). */
export type Purpose = 'search' | 'final' | 'minibatch';

export type IterationStatus = 'planned' | 'proposed' | 'evaluated' | 'rejected' | 'observed';

export interface IterationRow {
  iteration: number;
  plan: Plan;
  status: IterationStatus;
  programId: string | null;
  reason: string | null;
}

interface ProgramRow {
  id: string;
  iteration: number | null;
  source: string;
  hash: string;
  parent_ids: string;
  island: number;
  generation: number;
  mutation: string;
  proposer: string;
  changes: string;
  created_at: number;
}

interface EvaluationRow {
  id: number;
  program_id: string;
  split: string;
  purpose: string;
  valid: number;
  score: number | null;
  metrics: string;
  private_metrics: string;
  failure_kind: string | null;
  failure_message: string | null;
  feedback: string;
  duration_ms: number;
}

interface InstanceRow {
  instance_id: string;
  score: number;
  metrics: string;
  failure_kind: string | null;
  failure_message: string | null;
  feedback: string | null;
}

export const RUN_DB = 'run.db';

/**
 * One SQLite database per run (WAL). Every write is committed when it
 * returns, so a killed process loses at most the work in flight.
 */
export class RunStore {
  readonly db: Database.Database;
  /** Prepared statements by SQL text: preparing is a large share of a small query's cost. */
  private readonly statements = new Map<string, Database.Statement>();
  /** Programs and evaluations never change once written, so recent ones are kept in memory. */
  private readonly programCache = new Map<string, Program>();
  private readonly evaluationCache = new Map<string, Evaluation>();

  private constructor(
    readonly dir: string,
    readonly readonly_ = false,
  ) {
    this.db = new Database(join(dir, RUN_DB), readonly_ ? { readonly: true, fileMustExist: true } : {});
    if (!readonly_) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
    }
    this.db.pragma('busy_timeout = 5000');
  }

  static create(dir: string): RunStore {
    if (existsSync(join(dir, RUN_DB)))
      throw new Error(`${dir} already holds a run; resume it with: adrs resume ${dir}`);
    mkdirSync(dir, { recursive: true });
    const store = new RunStore(dir);
    store.db.exec(SCHEMA);
    store.setMeta('schema_version', SCHEMA_VERSION);
    return store;
  }

  static open(dir: string, options: { readonly?: boolean } = {}): RunStore {
    if (!existsSync(join(dir, RUN_DB))) throw new Error(`${dir} is not a run folder (no ${RUN_DB})`);
    const store = new RunStore(dir, options.readonly ?? false);
    if (!options.readonly) store.db.exec(SCHEMA); // adds tables introduced since the run was created
    const version = store.getMeta<number>('schema_version');
    if (version !== SCHEMA_VERSION) {
      store.close();
      throw new Error(`${dir}: run database version ${String(version)} is not supported (expected ${SCHEMA_VERSION})`);
    }
    return store;
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // --- meta and state: small JSON values by key ---

  setMeta(key: string, value: unknown): void {
    this.stmt('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      JSON.stringify(value),
    );
  }

  getMeta<T>(key: string): T | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setState(key: string, value: unknown): void {
    this.stmt('INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      JSON.stringify(value),
    );
  }

  getState<T>(key: string): T | undefined {
    const row = this.stmt('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  // --- iterations ---

  insertPlan(plan: Plan): void {
    this.stmt('INSERT INTO iterations(iteration, plan, status, created_at) VALUES (?, ?, ?, ?)').run(
      plan.iteration,
      JSON.stringify(plan),
      'planned',
      Date.now(),
    );
  }

  setIteration(iteration: number, status: IterationStatus, fields: { programId?: string; reason?: string } = {}): void {
    this.stmt(
      'UPDATE iterations SET status = ?, program_id = COALESCE(?, program_id), reason = COALESCE(?, reason) WHERE iteration = ?',
    ).run(status, fields.programId ?? null, fields.reason ?? null, iteration);
  }

  getIteration(iteration: number): IterationRow | undefined {
    return this.iterationsAfter(iteration - 1, 1)[0];
  }

  /** Iterations after `after`, in order: the work that was in flight when the run stopped. */
  iterationsAfter(after: number, limit = -1): IterationRow[] {
    const rows = this.stmt('SELECT * FROM iterations WHERE iteration > ? ORDER BY iteration LIMIT ?').all(
      after,
      limit,
    ) as {
      iteration: number;
      plan: string;
      status: IterationStatus;
      program_id: string | null;
      reason: string | null;
    }[];
    return rows.map((r) => ({
      iteration: r.iteration,
      plan: JSON.parse(r.plan) as Plan,
      status: r.status,
      programId: r.program_id,
      reason: r.reason,
    }));
  }

  iterationCount(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM iterations').get() as { n: number }).n;
  }

  // --- programs ---

  insertProgram(p: Program): void {
    this.stmt(
      `INSERT INTO programs(id, iteration, source, hash, parent_ids, island, generation, mutation, proposer, changes, created_at)
         VALUES (@id, @iteration, @source, @hash, @parentIds, @island, @generation, @mutation, @proposer, @changes, @createdAt)`,
    ).run({
      ...p,
      iteration: p.iteration < 0 ? null : p.iteration,
      parentIds: JSON.stringify(p.parentIds),
      changes: JSON.stringify(p.changes),
    });
  }

  getProgram(id: string): Program | undefined {
    const cached = this.programCache.get(id);
    if (cached) return cached;
    const row = this.stmt('SELECT * FROM programs WHERE id = ?').get(id) as ProgramRow | undefined;
    return row ? remember(this.programCache, id, toProgram(row)) : undefined;
  }

  /** hash -> the first iteration that produced it (the duplicate gate's memory). */
  programHashes(): Map<string, number> {
    const rows = this.stmt(
      'SELECT hash, MIN(iteration) AS iteration FROM programs WHERE iteration IS NOT NULL GROUP BY hash',
    ).all() as {
      hash: string;
      iteration: number;
    }[];
    return new Map(rows.map((r) => [r.hash, r.iteration]));
  }

  programCount(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM programs').get() as { n: number }).n;
  }

  // --- evaluations ---

  /** Stores an evaluation with its per-instance results; a repeat for the same program/split/purpose is ignored. */
  insertEvaluation(programId: string, split: Split, purpose: Purpose, e: Evaluation): void {
    this.transaction(() => {
      const info = this.stmt(
        `INSERT OR IGNORE INTO evaluations(program_id, split, purpose, valid, score, metrics, private_metrics, failure_kind, failure_message, feedback, duration_ms, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        programId,
        split,
        purpose,
        e.valid ? 1 : 0,
        e.score,
        JSON.stringify(e.metrics),
        JSON.stringify(e.privateMetrics),
        e.failure?.kind ?? null,
        e.failure?.message ?? null,
        e.feedback,
        e.durationMs,
        Date.now(),
      );
      if (info.changes === 0) return;
      const insert = this.stmt(
        'INSERT INTO instance_results(evaluation_id, instance_id, score, metrics, failure_kind, failure_message, feedback) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of e.instances) {
        insert.run(
          info.lastInsertRowid,
          r.instanceId,
          r.score,
          JSON.stringify(r.metrics),
          r.failure?.kind ?? null,
          r.failure?.message ?? null,
          r.feedback ?? null,
        );
      }
    });
  }

  getEvaluation(programId: string, split: Split, purpose: Purpose): Evaluation | undefined {
    const key = `${programId}\u0000${split}\u0000${purpose}`;
    const cached = this.evaluationCache.get(key);
    if (cached) return cached;
    const e = this.readEvaluation(programId, split, purpose);
    return e ? remember(this.evaluationCache, key, e) : undefined;
  }

  private readEvaluation(programId: string, split: Split, purpose: Purpose): Evaluation | undefined {
    const row = this.stmt('SELECT * FROM evaluations WHERE program_id = ? AND split = ? AND purpose = ?').get(
      programId,
      split,
      purpose,
    ) as EvaluationRow | undefined;
    if (!row) return undefined;
    const instances = (
      this.stmt('SELECT * FROM instance_results WHERE evaluation_id = ? ORDER BY rowid').all(row.id) as InstanceRow[]
    ).map((r): InstanceResult => ({
      instanceId: r.instance_id,
      score: r.score,
      metrics: JSON.parse(r.metrics) as InstanceResult['metrics'],
      ...(r.failure_kind
        ? {
            failure: {
              kind: r.failure_kind as NonNullable<InstanceResult['failure']>['kind'],
              message: r.failure_message ?? '',
            },
          }
        : {}),
      ...(r.feedback ? { feedback: r.feedback } : {}),
    }));
    return {
      valid: row.valid === 1,
      score: row.score,
      metrics: JSON.parse(row.metrics) as Evaluation['metrics'],
      privateMetrics: JSON.parse(row.private_metrics) as Evaluation['privateMetrics'],
      ...(row.failure_kind
        ? {
            failure: {
              kind: row.failure_kind as NonNullable<Evaluation['failure']>['kind'],
              message: row.failure_message ?? '',
            },
          }
        : {}),
      feedback: row.feedback,
      instances,
      durationMs: row.duration_ms,
    };
  }

  evaluationCount(purpose: Purpose = 'search'): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM evaluations WHERE purpose = ?').get(purpose) as { n: number }).n;
  }

  /** The best valid search evaluation (earliest on ties). */
  best(): { programId: string; score: number } | undefined {
    const row = this.stmt(
      `SELECT e.program_id AS programId, e.score AS score FROM evaluations e JOIN programs p ON p.id = e.program_id
         WHERE e.purpose = 'search' AND e.valid = 1 ORDER BY e.score DESC, p.iteration ASC LIMIT 1`,
    ).get() as { programId: string; score: number } | undefined;
    return row;
  }

  // --- steering: hints and control flags, written by other processes (dashboard, CLI) ---

  addHint(text: string, source = 'user'): void {
    this.stmt('INSERT INTO hints(ts, text, source) VALUES (?, ?, ?)').run(Date.now(), text, source);
  }

  hints(): { id: number; ts: number; text: string; source: string }[] {
    return this.stmt('SELECT id, ts, text, source FROM hints ORDER BY id').all() as {
      id: number;
      ts: number;
      text: string;
      source: string;
    }[];
  }

  setControl(key: string, value: unknown): void {
    this.stmt(
      'INSERT INTO control(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, JSON.stringify(value));
  }

  getControl<T>(key: string): T | undefined {
    const row = this.stmt('SELECT value FROM control WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Marks or unmarks a program as a favourite (dashboard). */
  setFavourite(programId: string, favourite: boolean): void {
    if (favourite)
      this.stmt('INSERT OR IGNORE INTO favourites(program_id, ts) VALUES (?, ?)').run(programId, Date.now());
    else this.stmt('DELETE FROM favourites WHERE program_id = ?').run(programId);
  }

  /** Favourite program ids, oldest first; empty for runs created before the table existed (read-only). */
  favourites(): string[] {
    const table = this.stmt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'favourites'").get();
    if (!table) return [];
    return (
      this.stmt('SELECT program_id FROM favourites ORDER BY ts, program_id').all() as { program_id: string }[]
    ).map((r) => r.program_id);
  }

  // --- proposer calls and events ---

  insertProposerCall(iteration: number, call: ProposerCall): void {
    this.stmt(
      `INSERT INTO proposer_calls(iteration, proposer, model, bucket, request_hash, finish_reason, prompt, response, tokens_in, tokens_out, cost_usd, duration_ms, error, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      iteration,
      call.proposer,
      call.model ?? null,
      call.bucket ?? 'mutation',
      call.requestHash ?? null,
      call.finishReason ?? null,
      call.prompt ?? null,
      call.response ?? null,
      call.tokensIn ?? null,
      call.tokensOut ?? null,
      call.costUsd,
      call.durationMs,
      call.error ?? null,
      Date.now(),
    );
  }

  /** Ids of valid programs from iterations 1..through, best (or worst) first. */
  rankedThrough(through: number, limit: number, order: 'best' | 'worst'): string[] {
    const sql = `SELECT p.id FROM programs p JOIN evaluations e ON e.program_id = p.id AND e.split = 'train' AND e.purpose = 'search'
      WHERE p.iteration BETWEEN 1 AND ? AND e.valid = 1 ORDER BY e.score ${order === 'best' ? 'DESC' : 'ASC'}, p.iteration ASC LIMIT ?`;
    return (this.stmt(sql).all(through, limit) as { id: string }[]).map((r) => r.id);
  }

  /** The commonest rejection and failure reasons of iterations 1..through. */
  failureReasons(through: number, limit: number): { reason: string; count: number }[] {
    return this.stmt(
      `SELECT reason, COUNT(*) AS count FROM (
         SELECT i.reason AS reason FROM iterations i WHERE i.iteration BETWEEN 1 AND ? AND i.reason IS NOT NULL
         UNION ALL
         SELECT e.failure_kind || ': ' || substr(e.failure_message, 1, 160) FROM evaluations e JOIN programs p ON p.id = e.program_id
         WHERE p.iteration BETWEEN 1 AND ? AND e.purpose = 'search' AND e.valid = 0)
       GROUP BY reason ORDER BY count DESC, reason LIMIT ?`,
    ).all(through, through, limit) as { reason: string; count: number }[];
  }

  /** A program's search score (null when invalid or not evaluated): cheaper than getEvaluation. */
  scoreOf(programId: string): number | null {
    const row = this.stmt(
      `SELECT score FROM evaluations WHERE program_id = ? AND purpose = 'search' AND split = 'train'`,
    ).get(programId) as { score: number | null } | undefined;
    return row?.score ?? null;
  }

  costOfIteration(iteration: number): number {
    return (
      this.stmt('SELECT COALESCE(SUM(cost_usd), 0) AS c FROM proposer_calls WHERE iteration = ?').get(iteration) as {
        c: number;
      }
    ).c;
  }

  /** Recorded calls by iteration, for replay. */
  recordedCalls(): {
    iteration: number;
    requestHash: string | null;
    response: string | null;
    finishReason: string | null;
    tokensIn: number | null;
    tokensOut: number | null;
    error: string | null;
  }[] {
    return this.stmt(
      'SELECT iteration, request_hash AS requestHash, response, finish_reason AS finishReason, tokens_in AS tokensIn, tokens_out AS tokensOut, error FROM proposer_calls ORDER BY id',
    ).all() as ReturnType<RunStore['recordedCalls']>;
  }

  /** Spend per bucket (mutation, meta, judge). */
  costByBucket(): Record<string, number> {
    const rows = this.stmt('SELECT bucket, SUM(cost_usd) AS c FROM proposer_calls GROUP BY bucket').all() as {
      bucket: string;
      c: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.bucket, r.c]));
  }

  /** Total spent on proposals, in dollars. */
  cost(): number {
    return (this.stmt('SELECT COALESCE(SUM(cost_usd), 0) AS c FROM proposer_calls').get() as { c: number }).c;
  }

  addEvent(kind: string, data: unknown): void {
    this.stmt('INSERT INTO events(ts, kind, data) VALUES (?, ?, ?)').run(Date.now(), kind, JSON.stringify(data));
  }

  events(kind?: string): { ts: number; kind: string; data: unknown }[] {
    const rows = (
      kind
        ? this.stmt('SELECT ts, kind, data FROM events WHERE kind = ? ORDER BY id').all(kind)
        : this.stmt('SELECT ts, kind, data FROM events ORDER BY id').all()
    ) as { ts: number; kind: string; data: string }[];
    return rows.map((r) => ({ ts: r.ts, kind: r.kind, data: JSON.parse(r.data) as unknown }));
  }
}

const CACHE_SIZE = 512;

/** Adds to a small LRU map (a Map keeps insertion order: the oldest entry goes first). */
function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return value;
}

function toProgram(row: ProgramRow): Program {
  return {
    id: row.id,
    iteration: row.iteration ?? -1,
    source: row.source,
    hash: row.hash,
    parentIds: JSON.parse(row.parent_ids) as string[],
    island: row.island,
    generation: row.generation,
    mutation: row.mutation as Program['mutation'],
    proposer: row.proposer,
    changes: JSON.parse(row.changes) as string[],
    createdAt: row.created_at,
  };
}
