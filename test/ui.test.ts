import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRun, type RunSummary } from '../src/core/run.js';
import type { Proposer } from '../src/propose/types.js';
import { writeReport } from '../src/report/report.js';
import { RunStore } from '../src/store/store.js';
import { startUi, type UiServer } from '../src/ui/server.js';
import { tempDir } from './helpers.js';
import { launchChromium } from './ui-fixture.js';

// Drives the dashboard in Debian's headless chromium. Screenshots go to test-results/.
const SHOTS = join(process.cwd(), 'test-results');

describe('dashboard in a real browser', () => {
  let runsDir: string;
  let ui: UiServer;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runsDir = tempDir('adrs-ui-');
    await startRun({
      task: 'prism',
      runsDir,
      name: 'finished',
      budget: { iterations: 30 },
      pipeline: { workers: 1, inFlight: 2 },
      finalTest: false,
    });
    ui = await startUi({ runsDir, port: 0, pollMs: 200 });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('lists the runs', async () => {
    await page.goto(ui.url);
    await page.getByRole('link', { name: 'finished' }).waitFor();
    const row = await page.locator('[data-testid=runs] tbody tr').first().innerText();
    expect(row).toContain('prism');
    expect(row).toContain('finished');
  });

  it('opens a finished run, clicks a lineage node and shows its diff', async () => {
    // The newest valid child (30 offline iterations may not beat the seed, so not necessarily the best).
    const store = RunStore.open(join(runsDir, 'finished'), { readonly: true });
    const { id } = store.db
      .prepare(
        `SELECT p.id FROM programs p JOIN evaluations e ON e.program_id = p.id
         WHERE e.purpose = 'search' AND e.valid = 1 AND p.iteration > 0 ORDER BY p.iteration DESC LIMIT 1`,
      )
      .get() as { id: string };
    const parent = store.getProgram(id)!.parentIds[0];
    store.close();
    const best = { programId: id };
    await page.goto(`${ui.url}#/run/finished`);
    const canvas = page.locator('[data-testid=lineage]');
    await expect.poll(() => canvas.getAttribute('data-count')).not.toBe('0');
    const at = (await canvas.evaluate(
      (el, id) => (el as unknown as { nodePosition(id: string): { x: number; y: number } | null }).nodePosition(id),
      best.programId,
    ))!;
    expect(at).not.toBeNull();
    await page.mouse.click(at.x, at.y);
    const panel = page.locator('[data-testid=program-panel]');
    await expect.poll(() => panel.locator('h3').first().innerText()).toContain(best.programId);
    const diff = await page.locator('[data-testid=diff]').innerText();
    expect(diff).toContain(`parent ${parent}`);
    expect(diff).toMatch(/^[+-][^+-]/m);
    await page.locator('[data-testid=plot-evals] canvas').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-run.png'), fullPage: true });
  });

  it('adds a hint, pauses, resumes and stops a live run from the page', async () => {
    const proposer: Proposer = {
      name: 'slow',
      propose: async (r) => {
        await new Promise((resolve) => setTimeout(resolve, 120));
        return {
          ok: true,
          source: `${r.parents[0]!.program.source}\n// step ${r.plan.iteration}\n`,
          changes: [`comment ${r.plan.iteration}`],
          call: { proposer: 'slow', model: 'test-model', costUsd: 0.002, durationMs: 120 },
        };
      },
    };
    const live: Promise<RunSummary> = startRun(
      {
        task: 'prism',
        runsDir,
        name: 'live',
        budget: { iterations: 2000 },
        pipeline: { workers: 1, inFlight: 2 },
        finalTest: false,
      },
      { proposer },
    );
    const dir = join(runsDir, 'live');
    await expect.poll(() => existsSync(join(dir, 'run.db')), { timeout: 20_000 }).toBe(true);
    await page.goto(`${ui.url}#/run/live`);
    await expect.poll(() => page.locator('[data-testid=status]').innerText(), { timeout: 20_000 }).toBe('running');
    // Live updates arrive over server-sent events: the evaluation count grows without a reload.
    const evals = () => page.locator('.run-head .facts').innerText();
    const before = await evals();
    await expect.poll(evals, { timeout: 20_000 }).not.toBe(before);

    const hint = 'try sorting models by request rate over SLO';
    await page.locator('[data-testid=hint-text]').fill(hint);
    await page.locator('[data-testid=hint-add]').click();
    const hints = () => {
      const s = RunStore.open(dir, { readonly: true });
      try {
        return s.hints().map((h) => h.text);
      } finally {
        s.close();
      }
    };
    await expect.poll(hints).toContain(hint);
    await expect.poll(() => page.locator('[data-testid=hints]').innerText()).toContain(hint);

    await page.getByRole('button', { name: /Pause/ }).click();
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('paused');
    await page.screenshot({ path: join(SHOTS, 'ui-live.png'), fullPage: true });
    await page.getByRole('button', { name: /Resume/ }).click();
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('running');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /Stop/ }).click();
    const summary = await live;
    expect(summary.stopReason).toContain('stopped from the dashboard');
    await expect.poll(() => page.locator('[data-testid=status]').innerText(), { timeout: 10_000 }).not.toBe('running');
  }, 90_000);

  it('compares two runs of the same task on one plot', async () => {
    await page.goto(`${ui.url}#/compare/finished,live`);
    await page.locator('[data-testid=compare] .plot canvas').first().waitFor();
    const table = await page.locator('[data-testid=compare] table').last().innerText();
    expect(table).toContain('finished');
    expect(table).toContain('live');
    await page.screenshot({ path: join(SHOTS, 'ui-compare.png'), fullPage: true });
  });

  it('writes a self-contained HTML report and a markdown report with SVG plots', async () => {
    const out = join(tempDir('adrs-report-'), 'r');
    const r = writeReport(join(runsDir, 'finished'), out);
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('Best program');
    expect(html).toContain('Diff against the human SOTA');
    const md = readFileSync(r.markdown, 'utf8');
    expect(md).toContain('![Score against evaluations](score-evaluations.svg)');
    expect(existsSync(join(out, 'score-evaluations.svg'))).toBe(true);
    await page.goto(`file://${r.html}`);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: false });
  });

  it('requires a token for the API when one is set', async () => {
    const guarded = await startUi({ runsDir, port: 0, token: 'secret-token' });
    try {
      expect((await fetch(`${guarded.url}api/runs`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}api/runs`, { headers: { Authorization: 'Bearer secret-token' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as unknown[]).length).toBe(2);
      // Writes must be JSON (a cross-site form post cannot be).
      const form = await fetch(`${guarded.url}api/runs/finished/hints?token=secret-token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'text=x',
      });
      expect(form.status).toBe(415);
    } finally {
      await guarded.close();
    }
  });
});
