import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { fmtAge, fmtScore, fmtUsd } from './format.js';
import type { Overview } from './types.js';

interface Unreadable {
  name: string;
  status: 'unreadable';
  error: string;
}

/** All runs of the folder; tick two or more runs of one task to compare them. */
export function RunsList() {
  const [runs, setRuns] = useState<(Overview | Unreadable)[] | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => void getJson<(Overview | Unreadable)[]>('runs').then(setRuns, (e: Error) => setError(e.message));
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!runs) return <p>Loading runs…</p>;
  if (runs.length === 0)
    return (
      <p>
        No runs in this folder yet. Start one with <code>adrs run prism</code>.
      </p>
    );
  const readable = runs.filter((r): r is Overview => r.status !== 'unreadable');
  const broken = runs.filter((r): r is Unreadable => r.status === 'unreadable');
  const tasks = new Set(readable.filter((r) => picked.includes(r.name)).map((r) => r.task));
  const comparable = picked.length >= 2 && tasks.size === 1;
  const sorted = [...readable].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  return (
    <section class="card" data-testid="runs">
      <div class="row">
        <h2>Runs</h2>
        <a
          class={comparable ? 'button' : 'button disabled'}
          href={comparable ? `#/compare/${picked.map(encodeURIComponent).join(',')}` : undefined}
          title="tick two or more runs of the same task"
        >
          Compare {picked.length > 0 ? picked.length : ''}
        </a>
        {picked.length >= 2 && !comparable && <span class="muted">pick runs of one task</span>}
      </div>
      <table class="grid runs">
        <thead>
          <tr>
            <th />
            <th>run</th>
            <th>task</th>
            <th>strategy</th>
            <th>status</th>
            <th>best</th>
            <th>seed</th>
            <th>evaluations</th>
            <th>cost</th>
            <th>started</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.name}>
              <td>
                <input
                  type="checkbox"
                  checked={picked.includes(r.name)}
                  onChange={(e) =>
                    setPicked((p) =>
                      (e.target as HTMLInputElement).checked ? [...p, r.name] : p.filter((n) => n !== r.name),
                    )
                  }
                />
              </td>
              <td>
                <a href={`#/run/${encodeURIComponent(r.name)}`}>{r.name}</a>
              </td>
              <td>{r.task}</td>
              <td>{r.strategy}</td>
              <td>
                <span class={`status ${r.status}`}>
                  {r.control.paused && r.status === 'running' ? 'paused' : r.status}
                </span>
              </td>
              <td>{fmtScore(r.best?.score)}</td>
              <td>{fmtScore(r.seedScore)}</td>
              <td>{r.counts.evaluations}</td>
              <td>{fmtUsd(r.costUsd)}</td>
              <td>{fmtAge(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {broken.map((r) => (
        <p key={r.name} class="error">
          {r.name}: {r.error}
        </p>
      ))}
    </section>
  );
}
