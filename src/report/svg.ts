// Small static SVG charts for reports (no browser, no dependencies): a scatter of
// per-program scores and stepped best-so-far lines, with nice axis ticks.

export interface SvgSeries {
  label: string;
  x: number[];
  y: (number | null)[];
  color: string;
  kind: 'points' | 'step';
}

export interface SvgChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SvgSeries[];
  width?: number;
  height?: number;
}

/** Beyond this many points a scatter is thinned by stride (the running best is drawn in full). */
const MAX_POINTS = 2500;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const fmt = (v: number): string => {
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(1) : Number(v.toPrecision(4)).toString();
};

export function lineChartSvg(chart: SvgChart): string {
  const W = chart.width ?? 720;
  const H = chart.height ?? 300;
  const m = { l: 64, r: 16, t: 30, b: 42 };
  const xs = chart.series.flatMap((s) => s.x);
  const ys = chart.series.flatMap((s) => s.y.filter((v): v is number => v !== null && Number.isFinite(v)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${m.l}" y="18" font-size="13" font-weight="600" fill="#1f2430">${escapeXml(chart.title)}</text>`,
  ];
  if (xs.length === 0 || ys.length === 0) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#6b7280">no data</text></svg>`);
    return out.join('');
  }
  // Loops, not Math.min(...xs): spreading 100k+ values overflows the stack.
  const x0 = xs.reduce((a, b) => Math.min(a, b), Infinity);
  let x1 = xs.reduce((a, b) => Math.max(a, b), -Infinity);
  let y0 = ys.reduce((a, b) => Math.min(a, b), Infinity);
  let y1 = ys.reduce((a, b) => Math.max(a, b), -Infinity);
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5 * Math.abs(y0 || 1), y1 + 0.5 * Math.abs(y1 || 1)];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const X = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const Y = (v: number) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
  const r = (v: number) => v.toFixed(1);
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${r(Y(t))}" y2="${r(Y(t))}" stroke="#eceef2"/>`);
    out.push(`<text x="${m.l - 6}" y="${r(Y(t) + 4)}" text-anchor="end" fill="#6b7280">${fmt(t)}</text>`);
  }
  for (const t of ticks(x0, x1, 6)) {
    out.push(`<line x1="${r(X(t))}" x2="${r(X(t))}" y1="${H - m.b}" y2="${H - m.b + 4}" stroke="#9aa1ad"/>`);
    out.push(`<text x="${r(X(t))}" y="${H - m.b + 16}" text-anchor="middle" fill="#6b7280">${fmt(t)}</text>`);
  }
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#9aa1ad"/>`);
  out.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle" fill="#444b5a">${escapeXml(chart.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(14 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle" fill="#444b5a">${escapeXml(chart.yLabel)}</text>`,
  );
  for (const s of chart.series) {
    if (s.kind === 'points') {
      const stride = Math.max(1, Math.ceil(s.x.length / MAX_POINTS));
      const dots: string[] = [];
      for (let i = 0; i < s.x.length; i += stride) {
        const y = s.y[i];
        if (y !== null && y !== undefined) dots.push(`M${r(X(s.x[i]!))} ${r(Y(y))}h0`);
      }
      out.push(`<path d="${dots.join('')}" stroke="${s.color}" stroke-width="4" stroke-linecap="round" fill="none"/>`);
    } else {
      const d: string[] = [];
      let prev: number | null = null;
      for (let i = 0; i < s.x.length; i++) {
        const y = s.y[i] ?? null;
        if (y === null) continue;
        if (prev === null) d.push(`M${r(X(s.x[i]!))} ${r(Y(y))}`);
        else if (y !== prev) d.push(`H${r(X(s.x[i]!))}V${r(Y(y))}`);
        prev = y;
      }
      if (prev !== null) d.push(`H${r(X(s.x.at(-1)!))}`);
      out.push(`<path d="${d.join('')}" stroke="${s.color}" stroke-width="2" fill="none"/>`);
    }
  }
  chart.series.forEach((s, i) => {
    const lx = W - m.r - 150 * (chart.series.length - i);
    out.push(`<rect x="${lx}" y="9" width="10" height="10" rx="2" fill="${s.color}"/>`);
    out.push(`<text x="${lx + 14}" y="18" fill="#444b5a">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
