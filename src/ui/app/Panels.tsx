import { useEffect, useState } from 'preact/hooks';
import { getJson, runPath } from './api.js';
import { fmtBudget, fmtScore, fmtUsd } from './format.js';
import type { FailurePage, RunDetails } from './types.js';

export function Budget({ details }: { details: RunDetails }) {
  const o = details.overview;
  return (
    <section class="card" data-testid="budget">
      <h3>Budget</h3>
      {o.budget.map((b) => {
        const pct = Math.min(100, (b.used / Math.max(b.limit, 1e-12)) * 100);
        return (
          <div class="budget" key={b.kind}>
            <span>{b.kind}</span>
            <div class="bar">
              <div style={{ width: `${pct}%` }} />
            </div>
            <span>
              {fmtBudget(b.kind, b.used)} / {fmtBudget(b.kind, b.limit)} ·{' '}
              {fmtBudget(b.kind, Math.max(0, b.limit - b.used))} left
            </span>
          </div>
        );
      })}
      <p class="muted">
        spent {fmtUsd(o.costUsd)} · {o.counts.evaluations} evaluations · {o.counts.rejected} rejected ·{' '}
        {o.counts.invalid} invalid{o.stopReason ? ` · stopped: ${o.stopReason}` : ''}
      </p>
    </section>
  );
}

export function Islands({ details, onSelect }: { details: RunDetails; onSelect: (id: string) => void }) {
  if (details.islands.length === 0) return null;
  return (
    <section class="card" data-testid="islands">
      <h3>Islands</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>island</th>
            <th>programs</th>
            <th>valid</th>
            <th>kept</th>
            <th>best</th>
          </tr>
        </thead>
        <tbody>
          {details.islands.map((i) => (
            <tr key={i.island}>
              <td>{i.island}</td>
              <td>{i.programs}</td>
              <td>{i.valid}</td>
              <td>{i.members ?? '–'}</td>
              <td>
                {i.bestProgram ? (
                  <button class="link" onClick={() => onSelect(i.bestProgram!)}>
                    {fmtScore(i.best)} ({i.bestProgram})
                  </button>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Proposers({ details }: { details: RunDetails }) {
  if (details.proposers.length === 0) return null;
  return (
    <section class="card">
      <h3>Proposers and models</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>proposer</th>
            <th>model</th>
            <th>calls</th>
            <th>errors</th>
            <th>valid</th>
            <th>beat parent</th>
            <th>tokens in/out</th>
            <th>cost</th>
            <th>mean time</th>
          </tr>
        </thead>
        <tbody>
          {details.proposers.map((p) => (
            <tr key={`${p.proposer}/${p.model}`}>
              <td>{p.proposer}</td>
              <td>{p.model ?? '–'}</td>
              <td>{p.calls}</td>
              <td>{p.errors}</td>
              <td>{p.valid}</td>
              <td>{p.improved}</td>
              <td>
                {p.tokensIn}/{p.tokensOut}
              </td>
              <td>{fmtUsd(p.costUsd)}</td>
              <td>{Math.round(p.meanMs)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const PAGE = 20;

/** Failed attempts, newest first, paged on the server. */
export function Failures({ run, version, onSelect }: { run: string; version: number; onSelect: (id: string) => void }) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<FailurePage | null>(null);
  useEffect(() => {
    void getJson<FailurePage>(`${runPath(run)}/failures?offset=${offset}&limit=${PAGE}`).then(setPage);
  }, [run, offset, version]);
  if (!page || page.total === 0) return null;
  return (
    <section class="card" data-testid="failures">
      <h3>
        Failed attempts <small>{page.total}</small>
      </h3>
      <p class="kinds">
        {Object.entries(page.byKind).map(([k, n]) => (
          <span key={k} class="pill">
            {k} {n}
          </span>
        ))}
      </p>
      <table class="grid">
        <tbody>
          {page.rows.map((r, i) => (
            <tr key={`${r.iteration}-${i}`}>
              <td>#{r.iteration}</td>
              <td>
                {r.programId ? (
                  <button class="link" onClick={() => onSelect(r.programId!)}>
                    {r.programId}
                  </button>
                ) : (
                  '–'
                )}
              </td>
              <td>{r.kind}</td>
              <td class="msg">{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          newer
        </button>
        <span class="muted">
          {offset + 1}–{Math.min(page.total, offset + PAGE)} of {page.total}
        </span>
        <button disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
          older
        </button>
      </div>
    </section>
  );
}
