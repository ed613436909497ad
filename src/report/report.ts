import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RunStore } from '../store/store.js';
import { reportData } from './data.js';
import { charts, html, markdown } from './render.js';

/** Writes report.html (self-contained), report.md and its SVG plots into `outDir` (default `<run>/report`). */
export function writeReport(runDir: string, outDir?: string): { html: string; markdown: string; files: string[] } {
  const dir = resolve(runDir);
  const out = resolve(outDir ?? join(dir, 'report'));
  const store = RunStore.open(dir, { readonly: true });
  try {
    const data = reportData(basename(dir), store);
    const list = charts(data);
    mkdirSync(out, { recursive: true });
    const files: string[] = [];
    for (const c of list) {
      writeFileSync(join(out, c.file), c.svg);
      files.push(join(out, c.file));
    }
    const htmlFile = join(out, 'report.html');
    const mdFile = join(out, 'report.md');
    writeFileSync(htmlFile, html(data, list));
    writeFileSync(mdFile, markdown(data, list));
    return { html: htmlFile, markdown: mdFile, files: [htmlFile, mdFile, ...files] };
  } finally {
    store.close();
  }
}
