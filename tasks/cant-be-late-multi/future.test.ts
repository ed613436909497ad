import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxEvaluator } from '../../src/core/task.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { CandidateSandbox } from '../../src/evaluate/sandbox.js';
import { transpileCandidate } from '../../src/evaluate/transpile.js';
import type { HarnessInput, HarnessOutput } from './harness.js';
import { generateTrace, TRACE_LENGTH } from './synthetic.js';
import { createCantBeLateMultiTask } from './task.js';

const task = createCantBeLateMultiTask({ dataSeed: 3 });
const evaluator = task.evaluator as SandboxEvaluator;

/**
 * A policy that decides from a hash of everything it can observe at a tick:
 * the view's fields, the progress list, and spot availability in every region
 * through all four region operations (including switch-and-probe).
 */
const OBSERVER = `
const mix = (h, x) => Math.imul(h ^ x, 16777619) >>> 0;
export function createPolicy() {
  return {
    decide(v, ops, last, has) {
      let h = 2166136261;
      for (const k of Object.keys(v).sort()) h = mix(h, typeof v[k] === 'number' ? v[k] : String(v[k]).length);
      h = mix(h, v.currentRegion);
      for (const x of v.taskDoneTime) h = mix(h, x);
      h = mix(h, last.length + (has ? 100 : 0));
      ops.allRegionsSpotAvailable().forEach((a, r) => { h = mix(h, a ? r + 1 : 0); });
      for (let r = 0; r < v.numRegions; r++) h = mix(h, ops.spotAvailableInRegion(r) ? 7 : 3);
      const home = v.currentRegion;
      for (let r = 0; r < v.numRegions; r++) { ops.switchRegion(r); h = mix(h, ops.spotAvailable() ? 11 : 5); }
      ops.switchRegion((home + h) % v.numRegions);
      return ['NONE', 'SPOT', 'ON_DEMAND'][(h >>> 8) % 3];
    },
  };
}`;

/** Three aligned synthetic regions; from tick `from` on, every region's availability is inverted. */
function input(from: number): HarnessInput {
  const regions = ['us-east-1c_v100_1', 'us-east-2b_v100_1', 'us-west-2a_v100_1'] as const;
  const availability = regions.map((r) => {
    const a = generateTrace(9, r, 4).availability;
    return Array.from(a, (x, t) => (t >= from ? 1 - x : x)).join('');
  });
  return { runs: [{ file: 4, availability }] };
}

describe('cant-be-late-multi: the policy cannot see the future', () => {
  const sandboxes: CandidateSandbox[] = [];
  afterAll(() => sandboxes.forEach((s) => s.dispose()));

  async function decisions(source: string, data: HarnessInput): Promise<number[]> {
    const compiled = transpileCandidate(source);
    if ('failure' in compiled) throw new Error(compiled.failure.message);
    const loaded = await CandidateSandbox.load(compiled.js, evaluator.harness, task.limits);
    if (!('sandbox' in loaded)) throw new Error(loaded.failure.message);
    sandboxes.push(loaded.sandbox);
    const out = await loaded.sandbox.run(data);
    if (!out.ok) throw new Error(out.failure.message);
    return (out.output as HarnessOutput).runs[0]!;
  }

  it('decisions up to tick K are the same on traces that differ only after K', async () => {
    const K = 400;
    const base = await decisions(OBSERVER, input(TRACE_LENGTH));
    const changed = await decisions(OBSERVER, input(K + 1));
    expect(base.slice(0, K + 1)).toEqual(changed.slice(0, K + 1));
    // The observer does react to what it sees: once the traces differ, so do its decisions.
    expect(base.slice(K + 1, K + 40)).not.toEqual(changed.slice(K + 1, K + 40));
  });

  it('nothing reachable from the arguments holds a trace, and the view has exactly the documented fields', async () => {
    // Walks every own property, getter, prototype and function reachable from
    // decide's arguments; throws if it finds anything longer than the past
    // (tick + 1 entries; short lists such as the per-region booleans excepted). As a control,
    // it must find the progress list (length tick + 1).
    const spy = `
const BUILTIN = new Set([Object.prototype, Function.prototype, Array.prototype, String.prototype, Boolean.prototype, Number.prototype]);
function walk(root, tick) {
  const seen = new Set(BUILTIN);
  const stack = [root];
  let progressFound = false;
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string' && x.length > 64) throw new Error('LEAK string of length ' + x.length);
    if (x === null || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x)) continue;
    seen.add(x);
    if (ArrayBuffer.isView(x)) throw new Error('LEAK typed array');
    if (Array.isArray(x)) {
      if (x.length > Math.max(tick + 1, 16)) throw new Error('LEAK array of length ' + x.length);
      if (x.length === tick + 1 && x.every((e) => typeof e === 'number')) progressFound = true;
    }
    for (const key of Reflect.ownKeys(x)) {
      try { stack.push(Reflect.get(x, key, x)); } catch (e) { /* strict-mode caller/arguments */ }
    }
    stack.push(Object.getPrototypeOf(x));
  }
  if (tick > 0 && !progressFound) throw new Error('walker broken: the progress list was not found');
}
export function createPolicy() {
  return {
    decide(v, ops, last, has) {
      if (v.tick === 0) {
        const fields = Object.keys(v).join(',');
        const proto = Object.getOwnPropertyNames(Object.getPrototypeOf(v)).join(',');
        if (fields !== 'tick,gapSeconds,elapsedSeconds,deadlineSeconds,taskDurationSeconds,restartOverheadSeconds,remainingRestartOverheadSeconds,workDoneSeconds,currentCluster,numRegions')
          throw new Error('FIELDS ' + fields);
        if (proto !== 'constructor,currentRegion,taskDoneTime') throw new Error('PROTO ' + proto);
        if (Object.keys(ops).join(',') !== 'switchRegion,spotAvailable,spotAvailableInRegion,allRegionsSpotAvailable')
          throw new Error('OPS ' + Object.keys(ops).join(','));
      }
      if (v.tick % 97 === 0) walk([v, ops, last, has, ops.allRegionsSpotAvailable(), v.taskDoneTime, createPolicy], v.tick);
      return has ? 'SPOT' : 'NONE';
    },
  };
}`;
    const e = await evaluateProgram(task, spy, task.instances('train').slice(0, 2));
    expect(e.failure).toBeUndefined();
    expect(e.valid).toBe(true);
    // The walker is not blind: handed a trace-sized array it reports it.
    const control = spy.replace('createPolicy], v.tick)', 'createPolicy, new Array(1107).fill(0)], v.tick)');
    const leaked = await evaluateProgram(task, control, task.instances('train').slice(0, 1));
    expect(leaked.failure?.message).toMatch(/LEAK array of length 1107/);
  });
});
