import { answerPrompt, manualQueues, pendingPrompts } from './manual.js';
import { failures, islands, overview, programColumns, proposerStats } from './queries.js';
import { programDetail } from './program-detail.js';
import type { RunRegistry } from './runs.js';
import { strategyView } from './strategy-view.js';

export interface ApiRequest {
  method: string;
  /** Path segments after /api. */
  parts: string[];
  query: URLSearchParams;
  body: unknown;
}

export type ApiResponse = { status: number; json: unknown } | { status: number; text: string; type: string };

const MAX_HINT = 4000;

const notFound = (what: string): ApiResponse => ({ status: 404, json: { error: `${what} not found` } });
const bad = (message: string): ApiResponse => ({ status: 400, json: { error: message } });

function int(query: URLSearchParams, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(query.get(key));
  return query.has(key) && Number.isInteger(v) && v >= 0 ? Math.min(v, max) : fallback;
}

/** The JSON API (everything but the event stream). Reads go through cached read-only stores. */
export function handleApi(runs: RunRegistry, req: ApiRequest): ApiResponse {
  const [head, name, sub, id, leaf] = req.parts;
  if (head !== 'runs') return notFound('endpoint');
  if (name === undefined) {
    if (req.method !== 'GET') return { status: 405, json: { error: 'GET only' } };
    // One unreadable run (another schema version, a damaged file) must not hide the others.
    return {
      status: 200,
      json: runs.names().map((n) => {
        try {
          return overview(n, runs.reader(n)!);
        } catch (error) {
          return { name: n, status: 'unreadable', error: (error as Error).message };
        }
      }),
    };
  }
  const store = runs.reader(name);
  if (!store) return notFound(`run ${name}`);
  if (req.method === 'POST') return steer(runs, name, sub, req.body);
  if (req.method !== 'GET') return { status: 405, json: { error: 'GET or POST only' } };
  switch (sub) {
    case undefined:
      return {
        status: 200,
        json: {
          overview: overview(name, store),
          islands: islands(store),
          proposers: proposerStats(store),
          hints: store.hints(),
          favourites: store.favourites(),
          strategyView: strategyView(store, store.getMeta<Record<string, unknown>>('config_input') ?? {}),
        },
      };
    case 'programs': {
      if (id === undefined) return { status: 200, json: programColumns(store, int(req.query, 'after', 0)) };
      if (leaf === 'source') {
        const program = store.getProgram(id);
        return program ? { status: 200, text: program.source, type: 'text/plain; charset=utf-8' } : notFound(id);
      }
      const detail = programDetail(store, id);
      return detail ? { status: 200, json: detail } : notFound(`program ${id}`);
    }
    case 'manual':
      return { status: 200, json: pendingPrompts(queuesOf(runs, name)) };
    case 'failures':
      return {
        status: 200,
        json: failures(store, int(req.query, 'offset', 0), int(req.query, 'limit', 50, 500)),
      };
    default:
      return notFound('endpoint');
  }
}

function queuesOf(runs: RunRegistry, name: string): string[] {
  const config = runs.reader(name)!.getMeta<Record<string, unknown>>('config_input') ?? {};
  return manualQueues(runs.dirOf(name)!, config);
}

/**
 * The only writes: hints, control flags and favourites through the store's own
 * methods, and answers to the manual provider's prompts in its queue folder.
 */
function steer(runs: RunRegistry, name: string, sub: string | undefined, body: unknown): ApiResponse {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  switch (sub) {
    case 'hints': {
      const text = typeof b.text === 'string' ? b.text.trim() : '';
      if (!text) return bad('a hint needs text');
      if (text.length > MAX_HINT) return bad(`a hint is at most ${MAX_HINT} characters`);
      runs.write(name, (s) => s.addHint(text, 'dashboard'));
      return { status: 200, json: { ok: true } };
    }
    case 'control': {
      const action = b.action;
      if (action !== 'pause' && action !== 'resume' && action !== 'stop') return bad('action: pause, resume or stop');
      runs.write(name, (s) => {
        if (action === 'stop') s.setControl('stop', true);
        else s.setControl('paused', action === 'pause');
      });
      return { status: 200, json: { ok: true } };
    }
    case 'manual': {
      const text = typeof b.text === 'string' ? b.text : '';
      if (!text.trim()) return bad('an answer needs text');
      const ok = answerPrompt(queuesOf(runs, name), Number(b.queue), String(b.id), text);
      return ok ? { status: 200, json: { ok: true } } : notFound('unanswered prompt');
    }
    case 'favourites': {
      const programId = typeof b.programId === 'string' ? b.programId : '';
      const ok = runs.write(name, (s) => {
        if (!s.getProgram(programId)) return false;
        s.setFavourite(programId, b.favourite !== false);
        return true;
      });
      return ok ? { status: 200, json: { ok: true } } : notFound(`program ${programId}`);
    }
    default:
      return notFound('endpoint');
  }
}
