import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import type { CloudcastInstanceData } from './contract.js';
import { createCloudcastTask } from './task.js';

// Each test program builds on `direct`, the honest direct-replication topology.
const prelude = `
function direct(src, dsts, P) {
  const t = {};
  for (const d of dsts) { t[d] = []; for (let p = 0; p < P; p++) t[d].push([[src, d]]); }
  return t;
}
`;
const program = (body: string): string =>
  `${prelude}\nexport function searchAlgorithm(src, dsts, g, P, info) {\n${body}\n}`;

describe('cloudcast validation closes the reference loopholes', () => {
  const task = createCloudcastTask({});
  const strictTask = createCloudcastTask({ strictPaths: true });
  const some = task.instances('train').slice(0, 1);
  const run = (body: string, t = task) => evaluateProgram(t, program(body), some);
  const expectInvalid = async (body: string, message: RegExp, t = task) => {
    const e = await run(body, t);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(message);
  };

  it('the honest direct topology is valid (the control for every test below)', async () => {
    const e = await run('return direct(src, dsts, P);');
    expect(e.valid).toBe(true);
    expect(e.score).toBe(0);
  });

  it('rejects a dropped destination (the reference charged nothing for it)', async () => {
    await expectInvalid('const t = direct(src, dsts, P); delete t[dsts[0]]; return t;', /no paths for destination/);
  });

  it('rejects an entry for a region that is not a destination', async () => {
    await expectInvalid('const t = direct(src, dsts, P); t[src] = t[dsts[0]]; return t;', /not a destination/);
  });

  it('rejects an empty partition path (the reference accepted it silently)', async () => {
    await expectInvalid('const t = direct(src, dsts, P); t[dsts[1]][3] = []; return t;', /partition 3: empty path/);
  });

  it('rejects a missing partition and a wrong number of partitions', async () => {
    await expectInvalid(
      'const t = direct(src, dsts, P); t[dsts[0]].pop(); return t;',
      /9 partition paths, expected exactly 10/,
    );
    await expectInvalid(
      'const t = direct(src, dsts, P); const o = {}; t[dsts[0]].forEach((l, p) => { if (p !== 1) o[p] = l; }); t[dsts[0]] = o; return t;',
      /partition 1: missing/,
    );
  });

  it('rejects hops through unknown regions and links that do not exist', async () => {
    await expectInvalid(
      'const t = direct(src, dsts, P); t[dsts[0]][0] = [[src, "aws:nowhere"], ["aws:nowhere", dsts[0]]]; return t;',
      /"aws:nowhere" is not a region of the graph/,
    );
    await expectInvalid(
      'const t = direct(src, dsts, P); t[dsts[0]][0] = [[src, src], [src, dsts[0]]]; return t;',
      /is not an edge of the graph/,
    );
    await expectInvalid('const t = direct(src, dsts, P); t[dsts[0]][0] = ["a->b"]; return t;', /expected \[from, to\]/);
  });

  it('rejects data that never reaches a destination (LEVI-style partial hop lists)', async () => {
    // Lists only a relay's last hop: the relay itself never receives the partition.
    await expectInvalid(
      `const relay = g.nodes.find((n) => n !== src && !dsts.includes(n));
       const t = direct(src, dsts, P); t[dsts[0]][4] = [[relay, dsts[0]]]; return t;`,
      /partition 4 never reaches/,
    );
  });

  it('accepts a shared tree listed once (Shinka-style), and the strict option rejects it', async () => {
    const tree =
      'const t = direct(src, dsts, P); for (let p = 0; p < P; p++) t[dsts[1]][p] = [[dsts[0], dsts[1]]]; return t;';
    const e = await run(tree);
    expect(e.valid).toBe(true);
    const strict = await run(tree, strictTask);
    expect(strict.valid).toBe(false);
    expect(strict.failure?.message).toMatch(/contiguous from the source/);
    const honest = await run('return direct(src, dsts, P);', strictTask);
    expect(honest.valid).toBe(true);
  });

  it('ignores edge data the program attaches to hops: prices come from the graph', async () => {
    const honest = await run('return direct(src, dsts, P);');
    const faked = await run(
      `const t = direct(src, dsts, P);
       for (const d of dsts) for (const hops of t[d]) for (const h of hops) h.push({ cost: 0, throughput: 1e9 });
       return t;`,
    );
    expect(faked.valid).toBe(true);
    expect(faked.metrics.total_cost).toBe(honest.metrics.total_cost);
  });

  it('cannot change the graph or the destinations it was given', async () => {
    for (const body of [
      'dsts.push("aws:fake"); return direct(src, dsts, P);',
      'g.edge(src, dsts[0]).cost = 0; return direct(src, dsts, P);',
      'g.nodes.length = 0; return direct(src, dsts, P);',
      'g.successors(src).pop(); return direct(src, dsts, P);',
    ]) {
      const e = await run(body);
      expect(e.valid, body).toBe(false);
      expect(e.failure?.kind, body).toBe('forbidden');
    }
  });

  it('rejects answers of the wrong shape and too many hops', async () => {
    await expectInvalid('return null;', /must return an object from destination/);
    await expectInvalid(
      'const t = direct(src, dsts, P); t[dsts[0]] = "fast"; return t;',
      /partition paths must be a list/,
    );
    await expectInvalid(
      'const t = direct(src, dsts, P); const d = dsts[0]; const e = dsts[1]; t[d][0] = []; for (let i = 0; i < 100001; i++) t[d][0].push([src, d], [d, e]); return t;',
      /more than 200000 hops/,
    );
    const e = await evaluateProgram(task, 'export const somethingElse = 1;', some);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/must export a function searchAlgorithm/);
  });

  it('accepts a Map and Python-style partition objects, scored like the plain answer', async () => {
    const plain = await run('return direct(src, dsts, P);');
    const map = await run('const t = direct(src, dsts, P); return new Map(Object.entries(t));');
    const keyed = await run(
      'const t = direct(src, dsts, P); const o = {}; for (const d of dsts) { o[d] = {}; t[d].forEach((l, p) => (o[d][String(p)] = l)); } return o;',
    );
    expect(map.metrics.total_cost).toBe(plain.metrics.total_cost);
    expect(keyed.metrics.total_cost).toBe(plain.metrics.total_cost);
  });

  it('the program sees the configuration and graph only, never the anchors or the scorer', async () => {
    const e = await run(
      `throw new Error(JSON.stringify([Object.keys(g).sort(), Object.keys(info).sort(), arguments.length, P, dsts.length]));`,
    );
    expect(e.failure?.kind).toBe('exception');
    const seen = JSON.parse(/(\[.*\])/.exec(e.failure!.message)![1]!) as unknown[];
    expect(seen).toEqual([
      ['edge', 'nodes', 'predecessors', 'successors'],
      ['dataVolGb', 'egressLimitGbps', 'ingressLimitGbps', 'numVms', 'vmPricePerHour'],
      5,
      10,
      6,
    ]);
    const data = some[0]!.data as CloudcastInstanceData;
    expect(Object.keys(data).sort()).toEqual(['configs', 'graph', 'suite']);
  });
});
