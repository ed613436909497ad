import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../src/store/store.js';
import { handleApi, type ApiResponse } from '../src/ui/api.js';
import { RunRegistry } from '../src/ui/runs.js';
import { tempDir } from './helpers.js';
import { syntheticRun } from './ui-fixture.js';

const call = (runs: RunRegistry, method: string, path: string, body?: unknown): ApiResponse => {
  const url = new URL(path, 'http://x');
  return handleApi(runs, {
    method,
    parts: url.pathname.split('/').filter(Boolean),
    query: url.searchParams,
    body,
  });
};
const json = (r: ApiResponse): unknown => ('json' in r ? r.json : undefined);

describe('dashboard API', () => {
  it('pages programs after a cursor, opens one with its diffs, and never serves paths outside the runs folder', () => {
    const runsDir = tempDir();
    syntheticRun(runsDir, 'small', 50);
    const runs = new RunRegistry(runsDir);
    const all = json(call(runs, 'GET', '/runs/small/programs')) as { id: string[]; cursor: number };
    expect(all.id).toHaveLength(50);
    const rest = json(call(runs, 'GET', `/runs/small/programs?after=${all.cursor - 5}`)) as { id: string[] };
    expect(rest.id).toHaveLength(5);
    const detail = json(call(runs, 'GET', '/runs/small/programs/p10')) as { diffSeed: string; lineage: string[] };
    expect(detail.lineage[0]).toBe('p0');
    expect(detail.diffSeed).toContain('--- seed p0');
    expect(call(runs, 'GET', '/runs/..%2F..%2Fetc/programs').status).toBe(404);
    expect(call(runs, 'GET', '/runs/nope').status).toBe(404);
    expect(runs.dirOf('..')).toBeUndefined();
    expect(runs.dirOf('.')).toBeUndefined();
    const failures = json(call(runs, 'GET', '/runs/small/failures?limit=3')) as { total: number; rows: unknown[] };
    expect(failures.rows.length).toBeLessThanOrEqual(3);
    runs.close();
  });

  it('stores hints, control requests and favourites through the store', () => {
    const runsDir = tempDir();
    const dir = syntheticRun(runsDir, 'r', 5);
    const runs = new RunRegistry(runsDir);
    expect(call(runs, 'POST', '/runs/r/hints', { text: '  use a stable sort ' }).status).toBe(200);
    expect(call(runs, 'POST', '/runs/r/hints', { text: ' ' }).status).toBe(400);
    expect(call(runs, 'POST', '/runs/r/control', { action: 'pause' }).status).toBe(200);
    expect(call(runs, 'POST', '/runs/r/control', { action: 'explode' }).status).toBe(400);
    expect(call(runs, 'POST', '/runs/r/favourites', { programId: 'p3' }).status).toBe(200);
    expect(call(runs, 'POST', '/runs/r/favourites', { programId: 'p99' }).status).toBe(404);
    const store = RunStore.open(dir, { readonly: true });
    expect(store.hints().map((h) => [h.text, h.source])).toEqual([['use a stable sort', 'dashboard']]);
    expect(store.getControl('paused')).toBe(true);
    expect(store.favourites()).toEqual(['p3']);
    store.close();
    expect((json(call(runs, 'GET', '/runs/r')) as { favourites: string[] }).favourites).toEqual(['p3']);
    call(runs, 'POST', '/runs/r/favourites', { programId: 'p3', favourite: false });
    expect((json(call(runs, 'GET', '/runs/r')) as { favourites: string[] }).favourites).toEqual([]);
    runs.close();
  });

  it("lists the manual provider's waiting prompts and answers one into its queue", () => {
    const runsDir = tempDir();
    const dir = syntheticRun(runsDir, 'm', 3);
    const queue = join(tempDir(), 'queue');
    mkdirSync(queue);
    const store = RunStore.open(dir);
    store.setMeta('config_input', {
      task: 'prism',
      proposer: { kind: 'llm', models: [{ provider: 'manual', name: 'me', queueDir: queue }] },
    });
    store.close();
    writeFileSync(join(queue, 'abc-1.prompt.md'), '# System\n\nimprove it');
    writeFileSync(join(queue, 'old-2.prompt.md'), 'answered already');
    writeFileSync(join(queue, 'old-2.answer.md.done'), 'x');
    const runs = new RunRegistry(runsDir);
    const pending = json(call(runs, 'GET', '/runs/m/manual')) as { id: string; queue: number; prompt: string }[];
    expect(pending.map((p) => p.id)).toEqual(['abc-1']);
    expect(pending[0]!.prompt).toContain('improve it');
    expect(call(runs, 'POST', '/runs/m/manual', { queue: 0, id: 'abc-1', text: 'full program' }).status).toBe(200);
    expect(readFileSync(join(queue, 'abc-1.answer.md'), 'utf8')).toBe('full program');
    expect(existsSync(join(queue, 'abc-1.answer.md.tmp'))).toBe(false);
    expect(call(runs, 'POST', '/runs/m/manual', { queue: 0, id: 'abc-1', text: 'again' }).status).toBe(404);
    expect(call(runs, 'POST', '/runs/m/manual', { queue: 0, id: '../x', text: 'escape' }).status).toBe(404);
    expect(json(call(runs, 'GET', '/runs/m/manual'))).toEqual([]);
    runs.close();
  });

  it("draws MAP-Elites grids and GEPA fronts from the strategy's snapshot, and nothing for islands", () => {
    const runsDir = tempDir();
    const dir = syntheticRun(runsDir, 's', 20);
    const runs = new RunRegistry(runsDir);
    const view = () => (json(call(runs, 'GET', '/runs/s')) as { strategyView: unknown }).strategyView;
    expect(view()).toBeNull();
    const store = RunStore.open(dir);
    store.setMeta('config_input', {
      task: 'prism',
      strategy: { name: 'openevolve', featureDimensions: ['length', 'diversity'], bins: 4 },
    });
    const valid = store.db
      .prepare('SELECT program_id AS id, score FROM evaluations WHERE valid = 1 ORDER BY id LIMIT 3')
      .all() as { id: string; score: number }[];
    store.setState('strategy', {
      grids: [{ '0,1': valid[0]!.id, '2,3': valid[1]!.id }, { '0,1': valid[2]!.id }],
      islands: [[], []],
    });
    store.close();
    const grid = view() as { kind: string; axes: string[]; cells: { x: number; y: number; programId: string }[] };
    expect(grid.kind).toBe('map-elites');
    expect(grid.axes).toEqual(['length', 'diversity']);
    expect(grid.cells).toHaveLength(2); // cell 0,1 keeps the better of the two islands' elites
    const best01 = valid[0]!.score >= valid[2]!.score ? valid[0]! : valid[2]!;
    expect(grid.cells.find((c) => c.x === 0 && c.y === 1)!.programId).toBe(best01.id);
    const again = RunStore.open(dir);
    again.setState('strategy', {
      candidates: [
        { id: 'p0', score: 1, parents: [], hash: 'a', instanceScores: { a: 1, b: 0 } },
        { id: 'p1', score: 2, parents: ['p0'], hash: 'b', instanceScores: { a: 0, b: 3 } },
        { id: 'p2', score: 0.5, parents: ['p0'], hash: 'c', instanceScores: { a: 0.5, b: 0.5 } },
      ],
      instances: ['a', 'b'],
      pending: {},
    });
    again.close();
    expect(view()).toEqual({
      kind: 'pareto',
      instances: 2,
      candidates: [
        { programId: 'p0', score: 1, wins: 1 },
        { programId: 'p1', score: 2, wins: 1 },
        { programId: 'p2', score: 0.5, wins: 0 },
      ],
    });
    runs.close();
  });

  it('lists a damaged run as unreadable without hiding the others', () => {
    const runsDir = tempDir();
    syntheticRun(runsDir, 'good', 3);
    mkdirSync(join(runsDir, 'bad'));
    writeFileSync(join(runsDir, 'bad', 'run.db'), 'not a database');
    const runs = new RunRegistry(runsDir);
    const list = json(call(runs, 'GET', '/runs')) as { name: string; status: string }[];
    expect(list.map((r) => [r.name, r.status])).toEqual([
      ['bad', 'unreadable'],
      ['good', 'finished'],
    ]);
    runs.close();
  });
});
