// Real availability traces (shared/data/cant-be-late, see its README) and the
// leaderboard's selection of 30 traces per env.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The envs the leaderboard evaluates, in its order. */
export const EVALUATED_ENVS = [
  'us-west-2a_k80_8',
  'us-west-2b_k80_1',
  'us-west-2b_k80_8',
  'us-west-2a_v100_1',
  'us-west-2a_v100_8',
  'us-west-2b_v100_1',
] as const;
/** The two envs present in the data but not evaluated. */
export const UNUSED_ENVS = ['us-west-2a_k80_1', 'us-west-2b_v100_8'] as const;

export const TASK_HOURS = 48;
export const DEADLINES_HOURS = [52, 70] as const;
export const OVERHEADS_HOURS = [0.02, 0.05, 0.1] as const;
export const TRACES_PER_ENV = 30;
export const GAP_SECONDS = 600;

/** Folder of one env's window files, relative to the case folder. */
export const traceDir = (env: string): string => join(env, 'traces', 'random_start');

/** One window file: its name (e.g. `107.json`) and `unavailable[k]` (1 = no spot capacity during tick k). */
export interface CblTrace {
  file: string;
  unavailable: Uint8Array;
}

/** Per env, every window file, in the reference's listing order (sorted path strings). */
export interface CblDataset {
  gapSeconds: number;
  envs: Map<string, CblTrace[]>;
}

/** Reads the window files of the evaluated envs, checking the fields the simulator uses. */
export function loadRealTraces(caseDir: string, envs: readonly string[] = EVALUATED_ENVS): CblDataset {
  const out = new Map<string, CblTrace[]>();
  for (const env of envs) {
    const dir = join(caseDir, traceDir(env));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort(); // plain code-unit order, as Python sorts the path strings
    if (files.length === 0) throw new Error(`${dir}: no trace files (*.json)`);
    out.set(
      env,
      files.map((file) => readTrace(join(dir, file), file)),
    );
  }
  return { gapSeconds: GAP_SECONDS, envs: out };
}

function readTrace(path: string, file: string): CblTrace {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const obj = raw as { metadata?: { gap_seconds?: unknown }; data?: unknown };
  if (obj === null || typeof obj !== 'object') throw new Error(`${path}: expected a JSON object`);
  if (obj.metadata?.gap_seconds !== GAP_SECONDS) {
    throw new Error(
      `${path}: metadata.gap_seconds must be ${GAP_SECONDS}, got ${JSON.stringify(obj.metadata?.gap_seconds)}`,
    );
  }
  if (!Array.isArray(obj.data) || obj.data.length === 0) throw new Error(`${path}: data must be a non-empty list`);
  const unavailable = new Uint8Array(obj.data.length);
  obj.data.forEach((v: unknown, k) => {
    if (v !== 0 && v !== 1) throw new Error(`${path}: data[${k}] must be 0 or 1, got ${JSON.stringify(v)}`);
    unavailable[k] = v;
  });
  return { file, unavailable };
}

/** Python's round() for the non-negative values used here (half to even). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The leaderboard's trace selection: keep files at least `maxDeadlineHours`
 * long, then `count` evenly spaced positions round(j (n-1)/(count-1)),
 * bumped past the previous one and clamped to n-1.
 */
export function selectTraces(
  traces: readonly CblTrace[],
  gapSeconds: number,
  maxDeadlineHours: number = Math.max(...DEADLINES_HOURS),
  count = TRACES_PER_ENV,
): CblTrace[] {
  const eligible = traces.filter((t) => (t.unavailable.length * gapSeconds) / 3600 + 1e-9 >= maxDeadlineHours);
  const n = eligible.length;
  if (n === 0) return [];
  if (n <= count) return [...eligible];
  const picked: CblTrace[] = [];
  let previous = -1;
  for (let j = 0; j < count; j++) {
    let pos = roundHalfEven((j * (n - 1)) / (count - 1));
    if (pos <= previous) pos = previous + 1;
    pos = Math.min(pos, n - 1);
    picked.push(eligible[pos]!);
    previous = pos;
  }
  return picked;
}
