/** Version of the run database layout; bumped with a migration when it changes. */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One row per planned iteration; the plan is stored before any work so resume can replay it.
CREATE TABLE IF NOT EXISTS iterations (
  iteration INTEGER PRIMARY KEY,
  plan TEXT NOT NULL,
  status TEXT NOT NULL,              -- planned | proposed | evaluated | rejected | observed
  program_id TEXT,
  reason TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS programs (
  id TEXT PRIMARY KEY,
  iteration INTEGER,                 -- NULL for reference programs evaluated at the end
  source TEXT NOT NULL,
  hash TEXT NOT NULL,
  parent_ids TEXT NOT NULL,
  island INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  mutation TEXT NOT NULL,
  proposer TEXT NOT NULL,
  changes TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS programs_hash ON programs(hash);
CREATE TABLE IF NOT EXISTS evaluations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id TEXT NOT NULL REFERENCES programs(id),
  split TEXT NOT NULL,               -- train | test
  purpose TEXT NOT NULL,             -- search | final | minibatch
  valid INTEGER NOT NULL,
  score REAL,
  metrics TEXT NOT NULL,
  private_metrics TEXT NOT NULL,
  failure_kind TEXT,
  failure_message TEXT,
  feedback TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (program_id, split, purpose)
);
CREATE INDEX IF NOT EXISTS evaluations_score ON evaluations(purpose, valid, score);
CREATE TABLE IF NOT EXISTS instance_results (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  instance_id TEXT NOT NULL,
  score REAL NOT NULL,
  metrics TEXT NOT NULL,
  failure_kind TEXT,
  failure_message TEXT,
  feedback TEXT,
  PRIMARY KEY (evaluation_id, instance_id)
);
CREATE TABLE IF NOT EXISTS proposer_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  iteration INTEGER NOT NULL,
  proposer TEXT NOT NULL,
  model TEXT,
  bucket TEXT NOT NULL DEFAULT 'mutation',
  request_hash TEXT,
  finish_reason TEXT,
  prompt TEXT,
  response TEXT,
  tokens_in INTEGER,
  tokens_out INTEGER,
  cost_usd REAL NOT NULL,
  duration_ms REAL NOT NULL,
  error TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS proposer_calls_iteration ON proposer_calls(iteration);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL
);
-- Strategy snapshot, counters and generator state, keyed by name.
CREATE TABLE IF NOT EXISTS state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Steering from outside the run (dashboard, CLI): hints for later prompts.
CREATE TABLE IF NOT EXISTS hints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL
);
-- Requests to the live controller (pause, resume), keyed by name.
CREATE TABLE IF NOT EXISTS control (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- Programs a researcher marked in the dashboard (e.g. to seed a new run); additive, so no version bump.
CREATE TABLE IF NOT EXISTS favourites (
  program_id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL
);
`;
