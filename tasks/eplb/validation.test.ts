import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { createEplbTask } from './task.js';

const strict = createEplbTask({});
const reference = createEplbTask({ checks: 'reference' });
const some = strict.instances('train').slice(0, 3);
const sota = strict.programs['human-sota']!.source;

/**
 * The human SOTA with its answer edited by `body`, which sees `out` (the
 * honest answer), `inp`, and L, E, R, X, and must leave the result in `out`.
 */
function cheat(body: string): string {
  return (
    sota.replace('export function rebalanceExperts', 'function honestRebalance') +
    `
export function rebalanceExperts(inp: EplbInput): any {
  const out: any = honestRebalance(inp);
  const L = inp.numLayers, E = inp.numLogical, R = inp.numReplicas, X = out.maxReplicasX;
  ${body}
  return out;
}
`
  );
}

/** In every layer, the hottest expert of the input window (certain to get tokens next window too). */
const HOT = `const hot = (l: number) => { let b = 0; for (let e = 1; e < E; e++) if (inp.load[l * E + e] > inp.load[l * E + b]) b = e; return b; };`;

describe('eplb validity rules (each closes a loophole)', () => {
  it('the honest human SOTA passes both modes with the same balancedness', async () => {
    const a = await evaluateProgram(strict, sota, some);
    const b = await evaluateProgram(reference, sota, some);
    expect(a.valid && b.valid).toBe(true);
    expect(a.metrics.bal_gpu).toBe(b.metrics.bal_gpu);
  });

  it('replica counts must sum to exactly 288 per layer', async () => {
    const e = await evaluateProgram(strict, cheat('out.logcnt[0] += 1;'), some);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/layer 0: replica counts sum to 289, must be exactly 288/);
  });

  it('replica counts may not be negative or fractional', async () => {
    const neg = await evaluateProgram(
      reference,
      cheat('out.logcnt[1] += out.logcnt[0] + 1; out.logcnt[0] = -1;'),
      some,
    );
    expect(neg.failure?.message).toMatch(/expert 0 has a negative replica count -1/);
    const frac = await evaluateProgram(
      strict,
      cheat('const lc = Array.from(out.logcnt) as number[]; lc[0] += 0.5; lc[1] -= 0.5; out.logcnt = lc;'),
      some,
    );
    expect(frac.failure?.message).toMatch(/logcnt\[0\] is not an integer/);
  });

  it('an expert that receives tokens must keep a replica (its load would silently vanish)', async () => {
    const e = await evaluateProgram(
      reference,
      cheat(`${HOT} const h = hot(0), o = h === 0 ? 1 : 0; out.logcnt[o] += out.logcnt[h]; out.logcnt[h] = 0;`),
      some,
    );
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/layer 0: expert \d+ has no replica but receives load/);
  });

  it('slot ids beyond the cluster fail in both modes', async () => {
    for (const task of [strict, reference]) {
      const e = await evaluateProgram(task, cheat('out.log2phy[0] = 288;'), some);
      expect(e.failure?.message).toMatch(/log2phy holds slot id 288, outside -288\.\.287/);
    }
  });

  it('listing one slot many times (the repeats are lost) passes the reference checks but is rejected by default', async () => {
    // Keep the honest replica counts, but every expert names one slot c times: it deposits only
    // load/c there and the rest of its load vanishes from the simulated cluster.
    const repeat = cheat(`
      for (let l = 0; l < L; l++) {
        for (let e = 0; e < E; e++) {
          const slot = (e % 32) * 9 + Math.floor(e / 32);
          for (let r = 0; r < out.logcnt[l * E + e]; r++) out.log2phy[(l * E + e) * X + r] = slot;
        }
      }`);
    const loose = await evaluateProgram(reference, repeat, some);
    expect(loose.valid).toBe(true);
    const honest = await evaluateProgram(reference, sota, some);
    expect(loose.metrics.bal_gpu).not.toBe(honest.metrics.bal_gpu);
    const e = await evaluateProgram(strict, repeat, some);
    expect(e.valid).toBe(false);
    expect(e.failure?.message).toMatch(/layer 0: slot 0 is listed by expert 0 and again by expert 0/);
  });

  it('experts may not share slots ("imaginary capacity": more than 9 replicas on a GPU) under the default checks', async () => {
    // Every replica to the least-loaded GPU, ignoring that a GPU has only 9 slots.
    const share = cheat(`
      for (let l = 0; l < L; l++) {
        const gpu = new Float64Array(32);
        const used = new Int32Array(32);
        const reps: number[][] = [];
        for (let e = 0; e < E; e++) {
          const c = out.logcnt[l * E + e];
          for (let r = 0; r < c; r++) reps.push([e, r, inp.load[l * E + e] / c]);
        }
        reps.sort((a, b) => b[2] - a[2]);
        for (const [e, r, w] of reps) {
          let g = 0;
          for (let k = 1; k < 32; k++) if (gpu[k] < gpu[g]) g = k;
          gpu[g] += w;
          const slot = g * 9 + (used[g]++ % 9);
          out.log2phy[(l * E + e) * X + r] = slot;
          out.phy2log[l * R + slot] = e;
        }
      }`);
    expect((await evaluateProgram(reference, share, some)).valid).toBe(true);
    const e = await evaluateProgram(strict, share, some);
    expect(e.failure?.message).toMatch(/layer \d+: slot \d+ is listed by expert \d+ and again by expert \d+/);
  });

  it('a replica count larger than the listed slots (padding -1 wraps to slot 287) is rejected by default', async () => {
    // The hottest expert claims one more replica than it lists; a cold expert gives one up.
    const pad = cheat(`${HOT}
      for (let l = 0; l < L; l++) {
        const h = hot(l);
        let donor = -1;
        for (let e = 0; e < E; e++) if (e !== h && out.logcnt[l * E + e] > 1) { donor = e; break; }
        const c = --out.logcnt[l * E + donor];
        const slot = out.log2phy[(l * E + donor) * X + c];
        out.log2phy[(l * E + donor) * X + c] = -1;
        out.phy2log[l * R + slot] = h;
        out.logcnt[l * E + h] += 1;
      }`);
    const loose = await evaluateProgram(reference, pad, some);
    expect(loose.valid).toBe(true);
    const e = await evaluateProgram(strict, pad, some);
    expect(e.failure?.message).toMatch(/expert \d+ lists slot -1; replicas must name real slots/);
  });

  it('phy2log must agree with log2phy under the default checks', async () => {
    const swap = cheat(`
      let s = 1; while (out.phy2log[s] === out.phy2log[0]) s++;
      const t = out.phy2log[0]; out.phy2log[0] = out.phy2log[s]; out.phy2log[s] = t;`);
    expect((await evaluateProgram(reference, swap, some)).valid).toBe(true);
    const e = await evaluateProgram(strict, swap, some);
    expect(e.failure?.message).toMatch(/layer 0: log2phy puts expert \d+ on slot 0 but phy2log says \d+/);
  });

  it('malformed answers are invalid and say why', async () => {
    const cases: [string, RegExp][] = [
      ['out.phy2log = out.phy2log.subarray(1);', /phy2log has 7487 entries, expected 7488/],
      ['out.maxReplicasX = 0;', /maxReplicasX .* must be an integer in 1\.\.288/],
      ['out.logcnt = "4,4,4";', /logcnt must be an array or a typed array/],
      ['out.log2phy = out.log2phy.subarray(0, 10);', /log2phy has 10 entries/],
      ['out.phy2log = Array.from(out.phy2log, (x: number) => String(x));', /phy2log\[0\] is not an integer/],
    ];
    for (const [body, message] of cases) {
      const e = await evaluateProgram(strict, cheat(body), some.slice(0, 1));
      expect(e.valid, body).toBe(false);
      expect(e.failure?.kind).toBe('invalid');
      expect(e.failure?.message).toMatch(message);
    }
    const nothing = await evaluateProgram(
      strict,
      'export function rebalanceExperts() { return null; }',
      some.slice(0, 1),
    );
    expect(nothing.failure?.message).toMatch(/must return \{ phy2log, logcnt, log2phy, maxReplicasX \}/);
    const missing = await evaluateProgram(strict, 'export function rebalance() { return null; }', some.slice(0, 1));
    expect(missing.failure?.message).toMatch(/must export a function rebalanceExperts/);
  });

  it('the input description is read-only, the load array is the program’s own copy', async () => {
    const e = await evaluateProgram(strict, cheat('(inp as any).numReplicas = 1;'), some);
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('forbidden');
    const scribble = await evaluateProgram(strict, cheat('inp.load.fill(0);'), some);
    const honest = await evaluateProgram(strict, sota, some);
    expect(scribble.metrics.bal_gpu).toBe(honest.metrics.bal_gpu);
  });
});
