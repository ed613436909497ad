import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { FORBIDDEN_GLOBALS } from '../../src/evaluate/prelude.js';
import { VIEW_KEYS, type CblInstanceData, type CblPolicy, type CblView } from './contract.js';
import { simulate } from './harness.js';
import * as greedy from './programs/greedy-safety.js';
import { decodeTrace, simConfig } from './simulator.js';
import { createCantBeLateTask } from './task.js';

const task = createCantBeLateTask({});
const instance = task.instances('train')[0]!;
const data = instance.data as CblInstanceData;
const cfg = simConfig(data.taskHours, data.deadlineHours, data.overheadHours, data.gapSeconds);

/**
 * Searches everything reachable from `roots` (own properties, getters,
 * prototypes) for something that looks like availability beyond the present:
 * a list or string of 0/1 longer than `maxLen`, or an object under a key naming a trace.
 * Kept as source text so the very same code runs inside the sandbox.
 */
const FIND_LEAK = `function findLeak(roots, maxLen) {
  const seen = new Set();
  const bits = (x) => x === 0 || x === 1 || x === '0' || x === '1';
  const looksLikeTrace = (v) => {
    if (typeof v === 'string') return v.length > maxLen && /^[01]+$/.test(v);
    if (v && typeof v === 'object' && typeof v.length === 'number' && v.length > maxLen) {
      for (let i = 0; i < v.length; i++) if (!bits(v[i])) return false;
      return true;
    }
    return false;
  };
  const stack = roots.map((r) => [r, 'root' + roots.indexOf(r), 0]);
  while (stack.length) {
    const [v, path, depth] = stack.pop();
    let trace = false;
    try { trace = looksLikeTrace(v); } catch (e) {} // getters of intrinsic prototypes throw
    if (trace) return path;
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 8) continue;
    if (v === globalThis) continue; // its values are passed as a root, minus the reporting stubs
    seen.add(v);
    if (typeof v === 'object' && /trace|avail|future/i.test(path.split('.').pop())) return path;
    let keys = [];
    try { keys = Reflect.ownKeys(v); } catch (e) { continue; }
    for (const k of keys) {
      let child;
      try { child = v[k]; } catch (e) { continue; }
      stack.push([child, path + '.' + String(k), depth + 1]);
    }
    try { stack.push([Object.getPrototypeOf(v), path + '.__proto__', depth + 1]); } catch (e) {}
  }
  return undefined;
}`;
type FindLeak = (roots: unknown[], maxLen: number) => string | undefined;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const findLeak = (new Function(`${FIND_LEAK}; return findLeak;`) as () => FindLeak)();

describe('cant-be-late: a policy cannot see future availability', () => {
  it('observations up to tick K are identical on traces that differ only after K', () => {
    const base = decodeTrace(data.runs[0]!.availability);
    const K = 150;
    const flipped = base.map((b, k) => (k > K ? 1 - b : b));
    const observe = (trace: number[]): string[] => {
      const seen: string[] = [];
      const factory = (): CblPolicy => {
        const inner = greedy.createPolicy();
        return {
          decide(view: CblView, last, hasSpot) {
            seen.push(JSON.stringify({ view, taskDoneTime: view.taskDoneTime, last, hasSpot }));
            return inner.decide(view, last, hasSpot);
          },
        };
      };
      simulate(factory, cfg, trace, 'probe');
      return seen;
    };
    const a = observe(base);
    const b = observe(flipped);
    expect(a.length).toBeGreaterThan(K + 1);
    expect(b.slice(0, K + 1)).toEqual(a.slice(0, K + 1));
    // The probe has teeth: the traces do differ at tick K + 1, and the policy sees that then.
    expect(b[K + 1]).not.toEqual(a[K + 1]);
  });

  it('the view holds exactly the documented fields and nothing reachable from it is a trace', () => {
    const views: CblView[] = [];
    const factory = (): CblPolicy => ({
      decide(view: CblView, _last, hasSpot) {
        views.push(view);
        return hasSpot ? 'SPOT' : 'NONE';
      },
    });
    simulate(factory, cfg, decodeTrace(data.runs[0]!.availability), 'probe');
    const v = views[40]!;
    expect(Object.keys(JSON.parse(JSON.stringify(v)) as object)).toEqual([...VIEW_KEYS]);
    expect(Reflect.ownKeys(v)).toEqual([]);
    expect(v.taskDoneTime.length).toBe(41);
    expect(findLeak([v, views, factory], 41)).toBeUndefined();
    // ...and the search does find a trace when one is reachable.
    expect(findLeak([{ env: { data: data.runs[0]!.availability } }], 41)).toBe('root0.env.data');
    expect(findLeak([{ env: { futureSpot: {} } }], 41)).toBe('root0.env.futureSpot');
    expect(findLeak([{ env: { x: [...decodeTrace(data.runs[0]!.availability)] } }], 41)).toBe('root0.env.x');
  });

  it('inside the sandbox, nothing reachable from the policy, its arguments or the globals holds a trace', async () => {
    const source = `${FIND_LEAK}
      const EXPECTED = ${JSON.stringify([...VIEW_KEYS].sort())};
      const FORBIDDEN = ${JSON.stringify(FORBIDDEN_GLOBALS)};
      export function createPolicy() {
        return {
          decide(view, lastCluster, hasSpot) {
            if (view.tick % 97 === 0) {
              const names = Object.getOwnPropertyNames(Object.getPrototypeOf(view)).filter((k) => k !== 'constructor' && k !== 'toJSON').sort();
              if (JSON.stringify(names) !== JSON.stringify(EXPECTED)) throw new Error('view fields: ' + names.join(','));
              if (Reflect.ownKeys(view).length !== 0) throw new Error('view has own keys');
              // Every global but the stubs that report a forbidden access when touched.
              const globals = {};
              for (const k of Reflect.ownKeys(globalThis)) if (!FORBIDDEN.includes(k)) globals[String(k)] = globalThis[k];
              const leak = findLeak([view, this, [view, lastCluster, hasSpot], globals, createPolicy], view.tick + 1);
              if (leak) throw new Error('LEAK at ' + leak);
            }
            return hasSpot ? 'SPOT' : 'NONE';
          },
        };
      }`;
    const e = await evaluateProgram(task, source, task.instances('train').slice(0, 2));
    expect(e.failure).toBeUndefined();
    expect(e.metrics.failed_instances).toBe(0);
    expect(e.valid).toBe(true);
    // Positive control: the same search in the sandbox finds a planted trace.
    const planted = await evaluateProgram(
      task,
      `${source}
createPolicy.hidden = { bits: '01'.repeat(400) };`,
      task.instances('train').slice(0, 2),
    );
    expect(planted.feedback).toMatch(/LEAK at root4\.hidden\.bits/);
  });
});
