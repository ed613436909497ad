import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, runPath } from './api.js';
import { fmtScore, fmtUsd } from './format.js';
import { Plot, type PlotSeries } from './Plot.js';
import { series, type Series } from '../series.js';
import type { Overview, ProgramColumns, RunDetails } from './types.js';

const COLORS = ['#1c7ed6', '#f08c00', '#2f9e44', '#d6336c', '#7048e8', '#0c8599', '#e8590c', '#5c940d'];

/** Best-so-far curves of several runs of one task on one plot. */
export function Compare({ runs }: { runs: string[] }) {
  const [data, setData] = useState<{ name: string; s: Series; o: Overview }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(
      runs.map(async (name) => {
        const [cols, details] = await Promise.all([
          getJson<ProgramColumns>(`${runPath(name)}/programs`),
          getJson<RunDetails>(runPath(name)),
        ]);
        return { name, s: series(cols), o: details.overview };
      }),
    ).then(setData, (e: Error) => setError(e.message));
  }, [runs.join(',')]);
  const plot = useMemo(() => {
    if (!data) return null;
    const n = Math.max(0, ...data.map((d) => d.s.best.length));
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const lines: PlotSeries[] = data.map((d, k) => ({
      label: d.name,
      values: x.map((_, i) => d.s.best[i] ?? null),
      color: COLORS[k % COLORS.length]!,
    }));
    return { x, lines };
  }, [data]);
  if (error) return <p class="error">{error}</p>;
  if (!data || !plot) return <p>Loading…</p>;
  const tasks = new Set(data.map((d) => d.o.task));
  return (
    <div data-testid="compare">
      <h2>
        <a href="#/">runs</a> / compare
      </h2>
      {tasks.size > 1 && (
        <p class="error">These runs are of different tasks ({[...tasks].join(', ')}); scores may not be comparable.</p>
      )}
      <section class="card">
        <h3>Best score against evaluations</h3>
        <Plot x={plot.x} series={plot.lines} xLabel="evaluation" yLabel="best score" height={320} />
      </section>
      <section class="card">
        <table class="grid">
          <thead>
            <tr>
              <th>run</th>
              <th>status</th>
              <th>seed</th>
              <th>best</th>
              <th>evaluations</th>
              <th>cost</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d, k) => (
              <tr key={d.name}>
                <td>
                  <span class="swatch" style={{ background: COLORS[k % COLORS.length] }} />{' '}
                  <a href={`#/run/${encodeURIComponent(d.name)}`}>{d.name}</a>
                </td>
                <td>{d.o.status}</td>
                <td>{fmtScore(d.o.seedScore)}</td>
                <td>{fmtScore(d.o.best?.score)}</td>
                <td>{d.o.counts.evaluations}</td>
                <td>{fmtUsd(d.o.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
