import { curveAt } from './curve.js';
import type { CompareResult } from './run.js';
import { quantile } from './stats.js';

const fmt = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);

/** The markdown table of a comparison, with how each number was computed. */
export function markdownReport(r: CompareResult): string {
  const lines = [
    `# adrs compare: ${r.task}`,
    '',
    `\`${r.command}\``,
    '',
    `Budget: ${r.evaluations} evaluations per run (a minibatch evaluation counts as its share of the train split). ` +
      `Seed program: train ${fmt(r.seedTrain)}, test ${fmt(r.seedTest)}` +
      (r.humanSota ? `; human SOTA: train ${fmt(r.humanSota.train)}, test ${fmt(r.humanSota.test)}.` : '.'),
    '',
    '| strategy | runs | best test, mean [95% bootstrap CI] | median | per seed | evaluations to human-SOTA train score | wall time (s, median) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of r.strategies) {
    const reached = s.toSota.filter((x): x is number => x !== null);
    const sota =
      r.humanSota?.train === null || r.humanSota === null
        ? 'no human SOTA'
        : reached.length === 0
          ? 'not reached'
          : `median ${fmt(quantile(reached, 0.5), 0)} (reached in ${reached.length}/${s.toSota.length})`;
    lines.push(
      `| ${s.strategy} | ${s.seeds.length} | ${fmt(s.ci.mean)} [${fmt(s.ci.lo)}, ${fmt(s.ci.hi)}] | ${fmt(s.median)} | ` +
        `${s.bestTest.map((x) => fmt(x)).join(', ')} | ${sota} | ${fmt(quantile(s.wallTimeMs, 0.5) / 1000, 1)} |`,
    );
  }
  if (r.pairs.length) {
    lines.push(
      '',
      '| A vs B | mean test difference A − B | p (paired sign-flip permutation test, two-sided) |',
      '|---|---|---|',
    );
    for (const p of r.pairs)
      lines.push(
        `| ${p.a} vs ${p.b} | ${fmt(p.meanDiff)} | ${fmt(p.p, 3)}${p.exact ? '' : ' (sampled)'} (n = ${p.n}) |`,
      );
  }
  lines.push(
    '',
    'Best test = the held-out test score of the program with the best train score. The interval is a percentile ' +
      'bootstrap of the mean over seeds (10 000 resamples, seeded). The paired test flips the signs of the per-seed ' +
      'differences (exact over all 2^n assignments); with n seeds the smallest possible p is 2/2^n. ' +
      'Evaluations to human SOTA: when the best train score first reached the human-SOTA program’s train score.',
    '',
  );
  return lines.join('\n');
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Best train score against evaluations: per strategy the median over seeds (line) and min–max (band). */
export function svgPlot(r: CompareResult): string {
  const W = 720;
  const H = 420;
  const m = { l: 60, r: 150, t: 30, b: 45 };
  const xs = Array.from({ length: 101 }, (_, k) => (r.evaluations * k) / 100);
  const series = r.strategies.map((s) =>
    xs.map((x) => {
      const v = s.curves.map((c) => curveAt(c, x)).filter((y): y is number => y !== null);
      return v.length ? { x, mid: quantile(v, 0.5), lo: Math.min(...v), hi: Math.max(...v) } : undefined;
    }),
  );
  const ys = series.flat().flatMap((p) => (p ? [p.lo, p.hi] : []));
  if (r.humanSota?.train != null) ys.push(r.humanSota.train);
  let y0 = Math.min(...ys, 0);
  let y1 = Math.max(...ys, 1);
  if (y1 - y0 < 1e-9) y1 = y0 + 1;
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number): number => m.l + (x / Math.max(1, r.evaluations)) * (W - m.l - m.r);
  const py = (y: number): number => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const n = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="14">${escape(r.task)}: best train score vs evaluations (median, min–max over ${r.strategies[0]?.seeds.length ?? 0} seeds)</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
  ];
  for (let k = 0; k <= 5; k++) {
    const x = (r.evaluations * k) / 5;
    const y = y0 + ((y1 - y0) * k) / 5;
    parts.push(
      `<text x="${n(px(x))}" y="${H - m.b + 16}" text-anchor="middle">${Math.round(x)}</text>`,
      `<text x="${m.l - 6}" y="${n(py(y) + 4)}" text-anchor="end">${y.toFixed(1)}</text>`,
      `<line x1="${m.l}" y1="${n(py(y))}" x2="${W - m.r}" y2="${n(py(y))}" stroke="#eee"/>`,
    );
  }
  parts.push(`<text x="${n((m.l + W - m.r) / 2)}" y="${H - 8}" text-anchor="middle">evaluations</text>`);
  if (r.humanSota?.train != null) {
    const y = n(py(r.humanSota.train));
    parts.push(
      `<line x1="${m.l}" y1="${y}" x2="${W - m.r}" y2="${y}" stroke="#555" stroke-dasharray="5,4"/>`,
      `<text x="${W - m.r + 6}" y="${y}" fill="#555">human SOTA</text>`,
    );
  }
  series.forEach((pts, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const defined = pts.filter((p): p is NonNullable<typeof p> => p !== undefined);
    if (defined.length === 0) return;
    const band = [
      ...defined.map((p) => `${n(px(p.x))},${n(py(p.hi))}`),
      ...[...defined].reverse().map((p) => `${n(px(p.x))},${n(py(p.lo))}`),
    ];
    parts.push(
      `<polygon points="${band.join(' ')}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`,
      `<polyline points="${defined.map((p) => `${n(px(p.x))},${n(py(p.mid))}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      `<rect x="${W - m.r + 6}" y="${m.t + 20 * k}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${W - m.r + 24}" y="${m.t + 20 * k + 11}">${escape(r.strategies[k]!.strategy)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
