import { describe, expect, it } from 'vitest';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import type { CblInstanceData } from './contract.js';
import { harness } from './harness.js';
import { createCantBeLateTask } from './task.js';

// Synthetic data (no shared folder needed): the rules do not depend on the traces.
const task = createCantBeLateTask({});
const some = task.instances('train').slice(0, 2);
const run = (source: string, instances = some) => evaluateProgram(task, source, instances);
const policy = (decide: string, top = ''): string =>
  `${top}\nexport function createPolicy() { return { decide(view, lastCluster, hasSpot) { ${decide} } }; }`;
const SPOT_OR_WAIT = policy(`return hasSpot ? 'SPOT' : 'NONE';`);
const score = (output: unknown, i = 0) =>
  task.evaluator.kind === 'sandbox' && task.evaluator.score(some[i]!, output, { elapsedMs: 0 });

describe('cant-be-late: what a policy must return', () => {
  it('rejects a decision that is not one of the three strings', async () => {
    const lower = await run(policy(`return 'spot';`));
    expect(lower.valid).toBe(false);
    expect(lower.failure?.kind).toBe('invalid');
    expect(lower.failure?.message).toMatch(/decide\(\) returned "spot" at tick 0 of run \d+\.json/);
    const num = await run(policy(`return 1;`));
    expect(num.failure?.message).toMatch(/decide\(\) returned number/);
  });

  it('rejects a program without createPolicy or whose policy has no decide', async () => {
    const none = await run(`export function decide() { return 'NONE'; }`);
    expect(none.failure?.kind).toBe('invalid');
    expect(none.failure?.message).toMatch(/export a function createPolicy/);
    const bad = await run(`export function createPolicy() { return {}; }`);
    expect(bad.failure?.message).toMatch(/decide\(view, lastCluster, hasSpot\) method/);
  });

  it('an exception in any run, even in the call after completion, scores the evaluation 0', async () => {
    // The first 6 train instances have a 72 s overhead, the 7th 180 s: only it survives.
    const seven = task.instances('train').slice(0, 7);
    const mid = await run(
      policy(
        `if (view.restartOverheadSeconds === 72 && view.tick === 100) throw new Error('boom'); return hasSpot ? 'SPOT' : 'NONE';`,
      ),
      seven,
    );
    expect(mid.valid).toBe(true);
    expect(mid.score).toBe(0);
    expect(mid.metrics.leaderboard_score).toBe(0);
    expect(mid.metrics.failed_instances).toBe(6);
    expect(mid.feedback).toMatch(/exception: boom/);
    const after = await run(
      policy(
        `if (view.restartOverheadSeconds === 72 && view.workDoneSeconds >= view.taskDurationSeconds) throw new Error('done'); return 'ON_DEMAND';`,
      ),
      seven,
    );
    expect(after.score).toBe(0);
    expect(after.metrics.failed_instances).toBe(6);
    expect(after.feedback).toMatch(/exception: done/);
    const honest = await run(policy(`return 'ON_DEMAND';`), seven);
    expect(honest.metrics.failed_instances).toBe(0);
  });

  it('a decide() that never returns is stopped by the time limit', async () => {
    const e = await evaluateProgram(task, policy(`for (;;) {}`), some, { timeMsPerInstance: 200, memoryMb: 64 });
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('timeout');
  });
});

describe('cant-be-late: the policy cannot change the simulation', () => {
  it('the view is read-only: writing a field or the progress list is forbidden', async () => {
    const field = await run(policy(`view.workDoneSeconds = view.taskDurationSeconds; return 'NONE';`));
    expect(field.valid).toBe(false);
    expect(field.failure?.kind).toBe('forbidden');
    expect(field.failure?.message).toMatch(/view is read-only/);
    // The reference's 100-point hack: credit the whole job on the first tick.
    const fake = await run(policy(`view.taskDoneTime.push(view.taskDurationSeconds); return 'NONE';`));
    expect(fake.valid).toBe(false);
    expect(fake.failure?.kind).toBe('forbidden');
  });

  it('a cheat whose error is swallowed changes nothing: same cost as without it', async () => {
    const honest = await run(SPOT_OR_WAIT);
    const sneaky = await run(
      policy(
        `try { view.taskDoneTime.push(1e9); } catch {} try { Object.defineProperty(view, 'workDoneSeconds', { value: 1e9 }); } catch {}
         return hasSpot ? 'SPOT' : 'NONE';`,
      ),
    );
    expect(sneaky.valid).toBe(true);
    expect(sneaky.metrics.avg_cost).toBe(honest.metrics.avg_cost);
    expect(sneaky.metrics.avg_cost).toBeGreaterThan(60);
  });

  it('state kept between runs (module variables) or randomness is detected', async () => {
    const counter = await run(
      `let runs = 0;
       export function createPolicy() { runs++; const mine = runs;
         return { decide(view, last, hasSpot) { return mine === 1 ? 'ON_DEMAND' : hasSpot ? 'SPOT' : 'NONE'; } }; }`,
    );
    expect(counter.valid).toBe(false);
    expect(counter.failure?.kind).toBe('invalid');
    expect(counter.failure?.message).toMatch(/keeps state outside the object createPolicy\(\) returns/);
    const random = await run(policy(`return Math.random() < 0.5 ? 'SPOT' : 'NONE';`));
    expect(random.valid).toBe(false);
    expect(random.failure?.message).toMatch(/not deterministic/);
    // Per-run state inside the policy object is fine.
    const own = await run(
      `export function createPolicy() { let idle = 0;
         return { decide(view, last, hasSpot) { if (!hasSpot) idle++; return idle > 3 ? 'ON_DEMAND' : hasSpot ? 'SPOT' : 'NONE'; } }; }`,
    );
    expect(own.valid).toBe(true);
  });
});

describe('cant-be-late: the host replays and recomputes everything', () => {
  it('ignores numbers in the output: the cost is recomputed from the decisions', () => {
    const data = some[0]!.data as CblInstanceData;
    const out = harness({ createPolicy: () => ({ decide: () => 'ON_DEMAND' }) }, data) as Record<string, unknown>;
    const r = score({ ...out, cost: 0, avg_cost: 0, score: 100 });
    expect(r && r.metrics.avg_cost).toBeCloseTo(147.39, 9);
  });

  it('rejects malformed or inconsistent outputs, naming the problem', () => {
    const data = some[0]!.data as CblInstanceData;
    const out = harness({ createPolicy: () => ({ decide: () => 'ON_DEMAND' }) }, data) as {
      runs: string[];
      repeat: string;
    };
    const msg = (o: unknown): string | undefined => (score(o) || undefined)?.failure?.message;
    expect(msg(null)).toMatch(/not \{ runs: string\[\], repeat: string \}/);
    expect(msg({ runs: out.runs.slice(1), repeat: out.repeat })).toMatch(/expected decisions for 20 runs, got 19/);
    expect(msg({ runs: out.runs, repeat: out.repeat + 'O' })).toMatch(/decided differently/);
    const short = [...out.runs];
    short[3] = short[3]!.slice(0, 100);
    expect(msg({ runs: short, repeat: out.repeat })).toMatch(
      /run \d+\.json: the recorded decisions do not match the simulation \(too-few at tick 100\)/,
    );
    const junk = [...out.runs];
    junk[2] = junk[2]!.replace('O', 'Z');
    expect(msg({ runs: junk, repeat: out.repeat })).toMatch(/bad-char at tick 0/);
  });
});

describe('cant-be-late: the deadline guarantee cannot be bypassed', () => {
  it('a policy that never starts anything still finishes, at most one tick late', async () => {
    for (const decide of [`return 'NONE';`, `return 'SPOT';`]) {
      const e = await run(policy(decide), task.instances('train'));
      expect(e.valid).toBe(true);
      expect(e.metrics.failed_instances).toBe(0);
      expect(e.metrics.max_late_seconds).toBeLessThanOrEqual(600);
      expect(e.metrics.safety_overrides_per_run).toBeGreaterThan(100);
    }
  });

  it('forged all-idle decisions are replayed through the guarantee on the host', () => {
    const data = some[0]!.data as CblInstanceData;
    const out = harness({ createPolicy: () => ({ decide: () => 'NONE' }) }, data) as { runs: string[]; repeat: string };
    expect(out.runs.every((s) => /^N+$/.test(s))).toBe(true);
    const r = score(out);
    expect(r && r.failure).toBeUndefined();
    expect(r && r.metrics.on_demand_ticks).toBeGreaterThan(0);
    expect(r && r.metrics.max_late_seconds).toBeLessThanOrEqual(600);
  });

  it('late runs are reported and not scored by default; strict mode fails them', async () => {
    const instances = task.instances('train');
    const lax = await run(SPOT_OR_WAIT, instances);
    expect(lax.valid).toBe(true);
    expect(lax.metrics.deadline_misses).toBeGreaterThan(0);
    expect(lax.metrics.max_late_seconds).toBe(600);
    const strictTask = createCantBeLateTask({ strictDeadline: true });
    const strict = await evaluateProgram(strictTask, SPOT_OR_WAIT, strictTask.instances('train'));
    expect(strict.valid).toBe(false);
    expect(strict.failure?.kind).toBe('invalid');
    expect(strict.failure?.message).toMatch(/600 s after its \d+ h deadline \(strict deadline mode/);
    const seed = await evaluateProgram(
      strictTask,
      strictTask.programs['greedy-safety']!.source,
      strictTask.instances('train'),
    );
    expect(seed.valid).toBe(true);
  });
});
