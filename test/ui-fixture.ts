import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { RunStore } from '../src/store/store.js';
import { tempDir } from './helpers.js';

/** Debian's chromium, never a downloaded browser; a fresh profile per launch. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = tempDir('adrs-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // chromium may still be flushing its profile; a leftover temp folder is harmless
    }
  });
  return context;
}

/**
 * A synthetic run of `n` evaluated programs (random tree, random scores, some
 * invalid, a cost per proposal): for load benchmarks without evaluating anything.
 */
export function syntheticRun(runsDir: string, name: string, n: number): string {
  const dir = join(runsDir, name);
  const store = RunStore.create(dir);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const source = (i: number) => `export function policy(x: number): number {\n  return x * ${i % 97} + ${i};\n}\n`;
  store.transaction(() => {
    store.setMeta('config_input', { task: 'prism', budget: { iterations: n, dollars: 50 } });
    store.setMeta('task', 'prism');
    store.setMeta('status', 'finished');
    store.setMeta('created_at', Date.now() - 3_600_000);
    const valid: { id: string; score: number }[] = [];
    for (let i = 0; i < n; i++) {
      const parent = i === 0 ? undefined : valid[Math.floor(valid.length * Math.sqrt(rand()))]!;
      const ok = i === 0 || rand() > 0.15;
      const score = ok ? (parent?.score ?? 0) + (rand() - 0.6) * 2 : null;
      const id = `p${i}`;
      store.insertProgram({
        id,
        iteration: i,
        source: source(i),
        hash: `h${i}`,
        parentIds: parent ? [parent.id] : [],
        island: i === 0 ? -1 : i % 3,
        generation: 0,
        mutation: i === 0 ? 'seed' : 'diff',
        proposer: 'synthetic',
        changes: [`synthetic change ${i}`],
        createdAt: Date.now(),
      });
      store.insertEvaluation(id, 'train', 'search', {
        valid: ok,
        score,
        metrics: ok ? { score: score! } : {},
        privateMetrics: {},
        ...(ok ? {} : { failure: { kind: 'exception' as const, message: `synthetic failure ${i}` } }),
        feedback: '',
        instances: [0, 1, 2].map((k) => ({ instanceId: `i${k}`, score: score ?? 0, metrics: {} })),
        durationMs: 1,
      });
      if (i > 0) store.insertProposerCall(i, { proposer: 'synthetic', model: 'm', costUsd: 0.004, durationMs: 1 });
      if (ok) valid.push({ id, score: score! });
    }
    store.setState('controller', {
      observedThrough: n - 1,
      nextIter: n,
      evaluationsObserved: n - 1,
      evaluationsSinceBest: 0,
      best: null,
      elapsedMs: 3_000_000,
      stopReason: `iteration budget reached (${n})`,
    });
  });
  store.close();
  return dir;
}
