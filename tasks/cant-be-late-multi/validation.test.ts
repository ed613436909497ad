import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Instance, SandboxEvaluator } from '../../src/core/task.js';
import { evaluateProgram } from '../../src/evaluate/evaluate-program.js';
import { loadTrace } from './data.js';
import type { HarnessInput } from './harness.js';
import { simulateRun, SPOT } from './simulator.js';
import { createCantBeLateMultiTask } from './task.js';

const task = createCantBeLateMultiTask({ dataSeed: 11 });
const train = task.instances('train');
const evaluator = task.evaluator as SandboxEvaluator;
const run = (source: string, instances = train) => evaluateProgram(task, source, instances);

/** A policy whose decide body is `body` (view v, ops, last, has in scope). */
const policy = (body: string, prelude = ''): string =>
  `${prelude}\nexport function createPolicy() { return { decide(v, ops, last, has) { ${body} } }; }`;

const decodeRuns = (instance: Instance): Uint8Array[][] =>
  (instance.data as HarnessInput).runs.map((r) =>
    r.availability.map((s) => Uint8Array.from(s, (ch) => (ch === '1' ? 1 : 0))),
  );

/** What an honest "always SPOT in region 0" policy records on an instance. */
function alwaysSpotOutput(instance: Instance): { runs: number[][]; repeat: number[] } {
  const runs = decodeRuns(instance).map((avail) => {
    const r = simulateRun(avail, () => SPOT);
    if (!r.ok) throw new Error(r.error);
    return Array.from({ length: r.outcome.decisions }, () => SPOT);
  });
  return { runs, repeat: runs[0]! };
}

describe('cant-be-late-multi rejects what the reference let through', () => {
  it('the fake-progress hack: the view and its progress list are frozen', async () => {
    for (const body of [
      `v.taskDoneTime.push(172800); return 'SPOT';`,
      `v.workDoneSeconds = 172800; return 'SPOT';`,
      `Object.defineProperty(v, 'remainingRestartOverheadSeconds', { value: 0 }); return 'SPOT';`,
    ]) {
      const e = await run(policy(body));
      expect(e.valid, body).toBe(false);
      expect(e.failure?.kind, body).toBe('forbidden');
    }
  });

  it('a decision outside NONE / SPOT / ON_DEMAND invalidates the evaluation', async () => {
    const e = await run(policy(`return v.tick < 5 ? 'SPOT' : 'GPU';`));
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/decide\(\) returned "GPU" at tick 5/);
    const none = await run(policy(`return undefined;`));
    expect(none.failure?.message).toMatch(/returned undefined at tick 0/);
  });

  it('a region index out of range invalidates the evaluation', async () => {
    const e = await run(policy(`ops.switchRegion(v.numRegions); return 'SPOT';`));
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/switchRegion\(2\) needs a region index in 0\.\.1/);
    const frac = await run(policy(`return ops.spotAvailableInRegion(0.5) ? 'SPOT' : 'NONE';`));
    expect(frac.failure?.message).toMatch(/spotAvailableInRegion\(0\.5\)/);
  });

  it('crashing on hard scenarios no longer drops them: the whole evaluation is invalid', async () => {
    const seed = task.programs['greedy-multi']!.source;
    const crashy = seed.replace(
      'const gap = view.gapSeconds;',
      "if (view.numRegions === 3) throw new Error('skip me'); const gap = view.gapSeconds;",
    );
    expect(crashy).not.toBe(seed);
    const e = await run(crashy);
    expect(e.valid).toBe(false);
    expect(e.score).toBeNull();
    expect(e.failure?.kind).toBe('exception');
    expect(e.failure?.message).toMatch(/instance 3_regions_diverse\/0-2: .*skip me/);
  });

  it('state shared between runs through module variables is detected', async () => {
    const leaky = policy(
      `if (v.tick === 0) runsSeen++; return has ? 'SPOT' : runsSeen > 1 ? 'ON_DEMAND' : 'NONE';`,
      'let runsSeen = 0;',
    );
    const e = await run(leaky);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/state leaked between runs/);
    const random = await run(policy(`return Math.random() < 0.5 ? 'NONE' : 'ON_DEMAND';`));
    expect(random.failure?.message).toMatch(/state leaked between runs/);
  });

  it('an endless decide() is stopped by the time limit', async () => {
    const e = await evaluateProgram(task, policy(`for (;;) {}`), train.slice(0, 1), {
      timeMsPerInstance: 300,
      memoryMb: 128,
    });
    expect(e.valid).toBe(false);
    expect(e.failure?.kind).toBe('timeout');
  });

  it('a program without createPolicy is invalid', async () => {
    const e = await run(`export function decide() { return 'NONE'; }`);
    expect(e.failure?.kind).toBe('invalid');
    expect(e.failure?.message).toMatch(/must export a function createPolicy/);
  });
});

describe('cant-be-late-multi host replay trusts only its own traces and rules', () => {
  const instance = train[0]!;
  const score = (output: unknown) => evaluator.score(instance, output, { elapsedMs: 1 });

  it('the deadline guarantee holds for a policy that never works', async () => {
    const e = await run(policy(`return 'NONE';`));
    expect(e.valid).toBe(true);
    expect(e.metrics.deadline_misses).toBe(0);
    expect(e.metrics.avg_cost).toBe(147.51750000000177); // 890 on-demand ticks in every run
  });

  it('forged decisions are re-simulated with the safety rules: always-SPOT scores as the honest always-SPOT policy', async () => {
    const forged = score(alwaysSpotOutput(instance));
    const honest = await run(policy(`return 'SPOT';`), [instance]);
    expect(forged.failure).toBeUndefined();
    expect(forged.metrics).toEqual(honest.instances[0]!.metrics);
    // Spot is only billed where it existed, and the guarantee added on-demand time.
    expect(forged.metrics.deadline_misses).toBe(0);
    expect(Object.entries(forged.metrics).some(([k, v]) => k.endsWith('on_demand_ticks') && v > 0)).toBe(true);
  });

  it('rejects malformed, truncated, padded and inconsistent decision records', () => {
    const good = alwaysSpotOutput(instance);
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ runs: good.runs.slice(1), repeat: good.repeat }, /expected decisions for 4 runs/],
      [
        { runs: [[...good.runs[0]!.slice(0, -1), 6], ...good.runs.slice(1)], repeat: good.repeat },
        /not a \(region, cluster\) code for 2 regions/,
      ],
      [
        { runs: [good.runs[0]!.slice(0, 100), ...good.runs.slice(1)], repeat: good.repeat },
        /replaying them needs more/,
      ],
      [{ runs: [[...good.runs[0]!, 1], ...good.runs.slice(1)], repeat: good.repeat }, /replaying them needs \d+/],
      [
        { runs: good.runs, repeat: [...good.repeat.slice(0, 50), 2, ...good.repeat.slice(51)] },
        /state leaked.*tick 50/,
      ],
    ];
    for (const [output, message] of cases) {
      const r = score(output);
      expect(r.failure?.kind, String(message)).toBe('invalid');
      expect(r.failure?.message).toMatch(message);
    }
  });
});

describe('cant-be-late-multi data loading', () => {
  it('names the file and the field that is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cblm-'));
    mkdirSync(join(dir, 'us-east-1a_v100_1'));
    const write = (n: number, value: unknown) =>
      writeFileSync(join(dir, 'us-east-1a_v100_1', `${n}.json`), JSON.stringify(value));
    write(0, { metadata: { gap_seconds: 600 }, data: [0], prices: [1] });
    write(1, { metadata: { gap_seconds: 195 }, data: [0, 2], prices: [1, 1] });
    write(2, { metadata: { gap_seconds: 195 }, data: [0, 1], prices: [1] });
    write(3, { metadata: { gap_seconds: 195 }, data: [0, 1], prices: [1, -1] });
    expect(() => loadTrace(dir, 'us-east-1a_v100_1', 0)).toThrow(/0\.json: metadata\.gap_seconds must be 195/);
    expect(() => loadTrace(dir, 'us-east-1a_v100_1', 1)).toThrow(/1\.json: data\[1\] must be 0 or 1/);
    expect(() => loadTrace(dir, 'us-east-1a_v100_1', 2)).toThrow(/2\.json: prices has 1 entries but data has 2/);
    expect(() => loadTrace(dir, 'us-east-1a_v100_1', 3)).toThrow(/3\.json: prices\[1\] must be a positive number/);
    expect(() => loadTrace(dir, 'us-east-1a_v100_1', 4)).toThrow(/4\.json: cannot read it as JSON/);
  });
});
