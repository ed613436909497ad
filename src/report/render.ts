import type { ReportData, SplitResult } from './data.js';
import { escapeXml, lineChartSvg } from './svg.js';

export interface Chart {
  file: string;
  title: string;
  svg: string;
}

const fmt = (v: number | null | undefined): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : Number(v.toPrecision(5)).toString();
};
const usd = (v: number): string => (v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`);
const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${(s / 3600).toFixed(1)} h`;
};

function cell(r: SplitResult | null): string {
  if (!r) return 'not evaluated';
  if (!r.valid) return 'invalid';
  const ci =
    r.instances && r.instances.n > 1
      ? ` (instances ${fmt(r.instances.mean)} ± ${fmt(r.instances.half)}, n=${r.instances.n})`
      : '';
  return `${fmt(r.score)}${ci}`;
}

export function charts(d: ReportData): Chart[] {
  const s = d.series;
  const out: Chart[] = [
    {
      file: 'score-evaluations.svg',
      title: 'Score against evaluations',
      svg: lineChartSvg({
        title: 'Score against evaluations',
        xLabel: 'evaluation',
        yLabel: 'train score',
        series: [
          { label: 'program', x: s.evalNo, y: s.score, color: 'rgba(59,82,139,0.45)', kind: 'points' },
          { label: 'best so far', x: s.evalNo, y: s.best, color: '#f08c00', kind: 'step' },
        ],
      }),
    },
  ];
  if (s.dollars.length > 0 && s.dollars.at(-1)! > 0) {
    out.push({
      file: 'score-dollars.svg',
      title: 'Score against dollars',
      svg: lineChartSvg({
        title: 'Score against dollars',
        xLabel: 'dollars spent',
        yLabel: 'train score',
        series: [
          { label: 'program', x: s.dollars, y: s.score, color: 'rgba(59,82,139,0.45)', kind: 'points' },
          { label: 'best so far', x: s.dollars, y: s.best, color: '#f08c00', kind: 'step' },
        ],
      }),
    });
  }
  return out;
}

function facts(d: ReportData): [string, string][] {
  const o = d.overview;
  return [
    ['task', o.task ?? '–'],
    ['strategy / proposer', `${o.strategy} / ${o.proposer}`],
    ['status', `${o.status}${o.stopReason ? ` (${o.stopReason})` : ''}`],
    ['iterations', String(o.counts.iterations)],
    ['evaluations', `${o.counts.evaluations} (${o.counts.invalid} invalid, ${o.counts.rejected} proposals rejected)`],
    ['proposal cost', usd(o.costUsd)],
    ['search time', duration(o.elapsedMs)],
    ['started', o.createdAt ? new Date(o.createdAt).toISOString() : '–'],
  ];
}

const failureText = (d: ReportData): string =>
  Object.entries(d.failures)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function markdown(d: ReportData, chartList: Chart[]): string {
  const lines = [
    `# Run ${d.name}`,
    '',
    `Report generated ${new Date(d.generatedAt).toISOString()} by \`adrs report\`.`,
    '',
  ];
  lines.push('| | |', '| --- | --- |', ...facts(d).map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`), '');
  for (const c of chartList) lines.push(`![${c.title}](${c.file})`, '');
  lines.push('## Results', '', '| program | id | train | test |', '| --- | --- | --- | --- |');
  for (const r of d.rows) lines.push(`| ${r.label} | ${r.programId} | ${cell(r.train)} | ${cell(r.test)} |`);
  lines.push(
    '',
    'Test scores are on the held-out split, never seen by the search; the interval is a 95% t-interval over per-instance scores.',
    '',
  );
  lines.push(`Failed attempts: ${failureText(d)}.`, '');
  if (d.best) {
    lines.push(
      `## Best program ${d.best.id}`,
      '',
      `Iteration ${d.best.iteration}, generation ${d.best.generation}, ${d.best.lineage} steps from the seed.`,
      '',
    );
    if (d.diffSeed) lines.push('### Diff against the seed', '', '```diff', d.diffSeed.trimEnd(), '```', '');
    if (d.diffHuman) lines.push('### Diff against the human SOTA', '', '```diff', d.diffHuman.trimEnd(), '```', '');
    lines.push('### Source', '', '```ts', d.best.source.trimEnd(), '```', '');
  }
  if (d.proposers.length > 0) {
    lines.push(
      '## Proposers',
      '',
      '| proposer | model | calls | errors | tokens in/out | cost |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const p of d.proposers)
      lines.push(
        `| ${p.proposer} | ${p.model ?? '–'} | ${p.calls} | ${p.errors} | ${p.valid} | ${p.improved} | ${p.tokensIn}/${p.tokensOut} | ${usd(p.costUsd)} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

const CSS = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2430;max-width:980px;margin:24px auto;padding:0 16px;font-size:14px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:14px}table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #e3e6eb;padding:4px 10px;text-align:left;vertical-align:top}th{color:#6b7280;font-weight:500}
pre{background:#f8f9fb;border:1px solid #e3e6eb;border-radius:6px;padding:8px;overflow:auto;font-size:12px}
.add{background:#e6ffec;color:#1a7f37}.del{background:#ffebe9;color:#cf222e}.hunk{color:#8250df}.muted{color:#6b7280}
svg{max-width:100%;height:auto;border:1px solid #e3e6eb;border-radius:6px;margin:6px 0}`;

function diffHtml(text: string): string {
  const rows = text.split('\n').map((l) => {
    const cls =
      l.startsWith('+++') || l.startsWith('---')
        ? 'muted'
        : l[0] === '+'
          ? 'add'
          : l[0] === '-'
            ? 'del'
            : l[0] === '@'
              ? 'hunk'
              : '';
    return `<span class="${cls}">${escapeXml(l)}</span>`;
  });
  return `<pre>${rows.join('\n')}</pre>`;
}

/** One self-contained file: inline CSS and SVG, no scripts, no external links. */
export function html(d: ReportData, chartList: Chart[]): string {
  const e = escapeXml;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>adrs report: ${e(d.name)}</title><style>${CSS}</style></head><body>`,
    `<h1>Run ${e(d.name)}</h1><p class="muted">Report generated ${e(new Date(d.generatedAt).toISOString())} by <code>adrs report</code>.</p>`,
    `<table>${facts(d)
      .map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`)
      .join('')}</table>`,
    ...chartList.map((c) => c.svg),
    '<h2>Results</h2><table><tr><th>program</th><th>id</th><th>train</th><th>test</th></tr>',
    ...d.rows.map(
      (r) =>
        `<tr><td>${e(r.label)}</td><td>${e(r.programId)}</td><td>${e(cell(r.train))}</td><td>${e(cell(r.test))}</td></tr>`,
    ),
    '</table><p class="muted">Test scores are on the held-out split, never seen by the search; the interval is a 95% t-interval over per-instance scores.</p>',
    `<p>Failed attempts: ${e(failureText(d))}.</p>`,
  ];
  if (d.best) {
    parts.push(
      `<h2>Best program ${e(d.best.id)}</h2><p>Iteration ${d.best.iteration}, generation ${d.best.generation}, ${d.best.lineage} steps from the seed.</p>`,
    );
    if (d.diffSeed) parts.push('<h3>Diff against the seed</h3>', diffHtml(d.diffSeed));
    if (d.diffHuman) parts.push('<h3>Diff against the human SOTA</h3>', diffHtml(d.diffHuman));
    parts.push('<h3>Source</h3>', `<pre>${e(d.best.source)}</pre>`);
  }
  if (d.proposers.length > 0) {
    parts.push(
      '<h2>Proposers</h2><table><tr><th>proposer</th><th>model</th><th>calls</th><th>errors</th><th>valid</th><th>beat parent</th><th>tokens in/out</th><th>cost</th></tr>',
      ...d.proposers.map(
        (p) =>
          `<tr><td>${e(p.proposer)}</td><td>${e(p.model ?? '–')}</td><td>${p.calls}</td><td>${p.errors}</td><td>${p.valid}</td><td>${p.improved}</td><td>${p.tokensIn}/${p.tokensOut}</td><td>${usd(p.costUsd)}</td></tr>`,
      ),
      '</table>',
    );
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
