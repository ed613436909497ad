import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { FORBIDDEN_GLOBALS } from '../../src/evaluate/prelude.js';
import type { SandboxEvaluator } from '../../src/core/task.js';
import { harness } from './harness.js';
import * as thetaPowerTcp from './programs/theta-powertcp.js';
import { INCAST10 } from './scenario.js';
import { IncastSim } from './simulator.js';
import { createCongestionControlTask } from './task.js';

const task = createCongestionControlTask({});
const incast10 = task.instances('train')[0]!;
const rtt16 = task.instances('test')[0]!;
const evaluator = task.evaluator as SandboxEvaluator;
const run = (source: string, instances = [incast10]) => evaluateProgram(task, source, instances);

/** A controller with the seed's structure: fixed window unless the body below changes it. */
const program = (onAckBody: string, initBody = 'f.cwnd = 2500; f.rate = p.lineRate;', top = ''): string =>
  `${top}\nexport function init(f, p) { ${initBody} }\nexport function onAck(f, a, p) { ${onAckBody} }`;

describe('congestion-control: invalid decisions are rejected with the reason', () => {
  it.each([
    ['a NaN window', program('if (a.nowNs > 100000) f.cwnd = NaN;'), /f\.cwnd must be finite and >= 0 \(got NaN\)/],
    ['a negative rate', program('f.rate = -1;'), /flow \d+ onAck at t = \d+ ns: f\.rate must be finite and >= 0/],
    ['an infinite window', program('f.cwnd = Infinity;'), /f\.cwnd must be finite/],
    [
      'a window left unset by init',
      program('', 'f.rate = p.lineRate;'),
      /flow 0 init: f\.cwnd must be a number \(got undefined\)/,
    ],
    ['a string window', program('f.cwnd = "2500";'), /f\.cwnd must be a number \(got string\)/],
    ['missing exports', 'export function onAck(f, a, p) {}', /must export two functions, init\(f, p\) and onAck/],
  ])('%s', async (_what, source, message) => {
    const e = await run(source);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(message);
  });

  it('a window behind a getter is read once per call: sandbox, record and replay agree on what it answered', async () => {
    const getter = program(
      '',
      'let n = 0; Object.defineProperty(f, "cwnd", { get() { n++; return n === 1 ? 2500 : 40000; } }); f.rate = p.lineRate;',
    );
    const plain = program('f.cwnd = 40000;');
    const [g, e] = [await run(getter), await run(plain)];
    expect(g.valid).toBe(true);
    expect(g.metrics).toEqual(e.metrics);
  });
});

describe('congestion-control: flows must be independent controllers', () => {
  it('rejects state shared between flows (a module-level flow counter)', async () => {
    const e = await run(
      program('', 'flows++; f.cwnd = p.bdpBytes / flows + 2000; f.rate = p.lineRate;', 'let flows = 0;'),
    );
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/decided differently when its own ACKs were replayed/);
  });

  it('rejects flows reacting to each other through a module variable', async () => {
    const e = await run(
      program(
        'f.cwnd = lastRtt > 9000 ? 2000 : 3000; lastRtt = a.rttNs;',
        'f.cwnd = 2500; f.rate = p.lineRate;',
        'let lastRtt = 0;',
      ),
    );
    expect(e.failure?.message).toMatch(/decided differently/);
  });

  it('rejects randomness', async () => {
    const e = await run(program('f.cwnd = 2000 + 1000 * Math.random();'));
    expect(e.failure?.message).toMatch(/decided differently/);
  });

  it('accepts module-level constants and per-flow state kept in f', async () => {
    const e = await run(
      program(
        'f.acks = (f.acks ?? 0) + 1; f.cwnd = f.acks % 2 ? WINDOW : WINDOW + 10;',
        undefined,
        'const WINDOW = 2500;',
      ),
    );
    expect(e.valid).toBe(true);
  });

  it('startNs is read-only', async () => {
    const e = await run(program('', 'f.startNs = 0; f.cwnd = 2500; f.rate = p.lineRate;'));
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
  });
});

describe('congestion-control: starving a flow is not a way to a short queue', () => {
  it('rejects a controller that never lets the new flows send', async () => {
    const e = await run(program('', 'f.cwnd = f.startNs < 0 ? 30000 : 0; f.rate = p.lineRate;'));
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/flow 1 starved: it delivered 0\.0 % of its fair share of the line rate/);
  });

  it('rejects a controller that sends nothing at all (an empty queue is not free)', async () => {
    const e = await run(program('', 'f.cwnd = 0; f.rate = 0;'));
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/flow 0 starved: it delivered 0\.0 %/);
  });

  it('accepts θ-PowerTCP, whose worst flow share is far above the floor', async () => {
    const e = await run(task.programs['human-sota']!.source, [incast10, rtt16]);
    expect(e.valid).toBe(true);
    expect(e.metrics.min_flow_share).toBeGreaterThan(0.5);
  });
});

describe('congestion-control: the host trusts only the decisions', () => {
  const out = harness(thetaPowerTcp, INCAST10()) as { decisions: number[] };
  const honest = evaluator.score(incast10, JSON.parse(JSON.stringify(out)), { elapsedMs: 0 });

  it('replays the decisions on its own copy of the scenario, whatever instance data it is handed', () => {
    const tampered = { ...incast10, data: { ...(incast10.data as object), flows: [] } };
    expect(evaluator.score(tampered, JSON.parse(JSON.stringify(out)), { elapsedMs: 0 })).toEqual(honest);
    expect(honest.score).toBe(0); // θ-PowerTCP against itself
  });

  it.each([
    ['too few decisions', { decisions: out.decisions.slice(0, -2) }, /do not match the simulation/],
    ['too many decisions', { decisions: [...out.decisions, 2500, 3] }, /do not match the simulation/],
    ['an odd count', { decisions: out.decisions.slice(0, -1) }, /\(cwnd, rate\) pairs/],
    ['a non-finite value', { decisions: [{ __nonFinite: 'NaN' }, ...out.decisions.slice(1)] }, /decision 0 sets cwnd/],
    [
      'a negative value',
      { decisions: [...out.decisions.slice(0, 3), -5, ...out.decisions.slice(4)] },
      /decision 1 sets rate to -5/,
    ],
    ['no decisions at all', { score: 100 }, /not \{ decisions: number\[\] \}/],
  ])('rejects %s', (_what, output, message) => {
    const r = evaluator.score(incast10, output, { elapsedMs: 0 });
    expect(r.failure?.kind).toBe('invalid');
    expect(r.failure?.message).toMatch(message);
  });

  it('a changed decision changes the result (the host recomputes, it does not take numbers on trust)', () => {
    const decisions = [...out.decisions];
    decisions[2 * 3] = 1000; // flow 3's initial window
    const r = evaluator.score(incast10, { decisions }, { elapsedMs: 0 });
    // Either the replay no longer fits (different ACK pattern), or it scores differently.
    expect(r.failure !== undefined || r.metrics.avg_queue_bytes !== honest.metrics.avg_queue_bytes).toBe(true);
  });

  it('an exception on one scenario costs that scenario, with the reason in the feedback', async () => {
    const e = await run(program('if (p.baseRttNs === 16000) throw new Error("long rtt");'), [incast10, rtt16]);
    expect(e.valid).toBe(true);
    expect(e.metrics.failed_instances).toBe(1);
    expect(e.instances[1]!.failure?.kind).toBe('exception');
    expect(e.feedback).toMatch(/long rtt/);
  });
});

/**
 * Everything reachable from the objects a controller gets (own properties,
 * getters, prototypes) and from the global object: anything that looks like
 * simulator state (typed arrays, or keys naming its internals). Kept as source
 * text so the same code runs inside the sandbox.
 */
const FIND_INTERNALS = `function findInternals(roots, skip) {
  const seen = new Set();
  const stack = roots.map((r, i) => [r, 'root' + i, 0]);
  while (stack.length) {
    const [v, path, depth] = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 6) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v) && v.length > 0) return path;
    let keys = [];
    try { keys = Reflect.ownKeys(v); } catch (e) { continue; }
    for (const k of keys) {
      if (v === globalThis && skip.includes(String(k))) continue; // the sandbox's reporting stubs
      if (/^(inflight|wheel|chunks|acks|nextAckMark|windowBytes|decisions|calls|__adrsHarnessModule)$/.test(String(k))) return path + '.' + String(k);
      let child;
      try { child = v[k]; } catch (e) { continue; }
      stack.push([child, path + '.' + String(k), depth + 1]);
    }
    try { stack.push([Object.getPrototypeOf(v), path + '.__proto__', depth + 1]); } catch (e) {}
  }
  return undefined;
}`;

describe('congestion-control: a controller cannot reach the simulator', () => {
  it('nothing reachable from f, a, p or globalThis holds simulator state', async () => {
    const probe = program(
      'if (!f.probed) { f.probed = true; const leak = findInternals([f, a, p, globalThis], FORBIDDEN); if (leak) throw new Error("leak at " + leak); }',
      'f.cwnd = 2500; f.rate = p.lineRate; const leak = findInternals([f, p, globalThis], FORBIDDEN); if (leak) throw new Error("leak at " + leak);',
      `${FIND_INTERNALS}\nconst FORBIDDEN = ${JSON.stringify(FORBIDDEN_GLOBALS)};`,
    );
    const e = await run(probe);
    expect(e.failure).toBeUndefined();
    expect(e.valid).toBe(true);
  });

  it('the probe has teeth: it finds the state of a simulator object', () => {
    type Find = (roots: unknown[], skip: string[]) => string | undefined;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const find = (new Function(`${FIND_INTERNALS}; return findInternals;`) as () => Find)();
    expect(find([{ sim: new IncastSim(INCAST10()) }], [])).toMatch(/^root0\.sim\./);
  });
});
