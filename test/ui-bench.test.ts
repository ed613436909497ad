import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiServer } from '../src/ui/server.js';
import { tempDir } from './helpers.js';
import { launchChromium, syntheticRun } from './ui-fixture.js';

// A benchmark, not a timed test: it records how long a 10,000-program run takes
// to load (API and browser) in test-results/ui-bench.json and only checks that it loads.
const N = 10_000;

describe('dashboard with a 10,000-program run', () => {
  let ui: UiServer;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const runsDir = tempDir('adrs-ui-big-');
    const t = performance.now();
    syntheticRun(runsDir, 'big', N);
    timings.fixtureMs = performance.now() - t;
    ui = await startUi({ runsDir, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', 'ui-bench.json'), `${JSON.stringify(timings, null, 2)}\n`);
    console.log('dashboard benchmark (ms):', timings);
  });

  it('serves the API from SQL aggregates', async () => {
    const median = async (path: string) => {
      const times: number[] = [];
      let bytes = 0;
      for (let k = 0; k < 7; k++) {
        const t = performance.now();
        const res = await fetch(`${ui.url}api/${path}`);
        bytes = (await res.arrayBuffer()).byteLength;
        expect(res.status).toBe(200);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { ms: times[3]!, bytes };
    };
    const programs = await median('runs/big/programs');
    timings.apiProgramsMs = programs.ms;
    timings.apiProgramsBytes = programs.bytes;
    // fetch() unzips, so ask node:http for the bytes that actually cross the wire.
    timings.apiProgramsGzipBytes = await new Promise<number>((resolve, reject) => {
      get(`${ui.url}api/runs/big/programs`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
      }).on('error', reject);
    });
    timings.apiRunMs = (await median('runs/big')).ms;
    timings.apiRunsMs = (await median('runs')).ms;
    timings.apiProgramDetailMs = (await median('runs/big/programs/p9999')).ms;
    timings.apiFailuresMs = (await median('runs/big/failures?offset=5000&limit=20')).ms;
  });

  it('loads in the browser with the lineage of every program drawn', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(ui.url); // warm the static assets
      const t = performance.now();
      await page.goto(`${ui.url}#/run/big`);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid=lineage]')?.getAttribute('data-count') === String(n),
        N,
        { timeout: 60_000 },
      );
      await page.locator('[data-testid=plot-dollars] canvas').first().waitFor();
      timings.browserLoadMs = performance.now() - t;
      const t2 = performance.now();
      await page.goto(`${ui.url}#/run/big/p9999`);
      await page.locator('[data-testid=diff]').waitFor();
      timings.browserOpenProgramMs = performance.now() - t2;
      await page.screenshot({ path: join('test-results', 'ui-10k.png') });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
