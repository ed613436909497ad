import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { eventSource, getJson, runPath } from './api.js';
import { fmtDuration, fmtScore, fmtUsd } from './format.js';
import { Lineage } from './Lineage.js';
import { hasManualModels, ManualPrompts } from './Manual.js';
import { Budget, Failures, Islands, Proposers } from './Panels.js';
import { Plot } from './Plot.js';
import { ProgramPanel } from './ProgramPanel.js';
import { emptyColumns, mergeColumns, series } from '../series.js';
import { Steer } from './Steer.js';
import { StrategyPanel } from './StrategyPanel.js';
import type { Overview, ProgramColumns, RunDetails } from './types.js';

/** One run: plots, lineage, the selected program, steering and the run's tables; live over SSE. */
export function RunView({
  run,
  selected,
  onSelect,
}: {
  run: string;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const [details, setDetails] = useState<RunDetails | null>(null);
  const [columns, setColumns] = useState<ProgramColumns>(emptyColumns);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef(-1);
  const fetching = useRef(false);

  const refreshDetails = useCallback(
    () => getJson<RunDetails>(runPath(run)).then(setDetails, (e: Error) => setError(e.message)),
    [run],
  );
  // New rows only: the server pages by evaluation id, so a live 10k run sends each program once.
  const fetchPrograms = useCallback(async () => {
    if (fetching.current) return;
    fetching.current = true;
    try {
      const after = Math.max(0, cursor.current);
      const page = await getJson<ProgramColumns>(`${runPath(run)}/programs?after=${after}`);
      if (cursor.current < 0) setColumns(page);
      else if (page.id.length > 0 || page.cost.length > 0) setColumns((c) => mergeColumns(c, page));
      cursor.current = page.cursor;
    } finally {
      fetching.current = false;
    }
  }, [run]);

  useEffect(() => {
    cursor.current = -1;
    setColumns(emptyColumns());
    setDetails(null);
    void refreshDetails();
    void fetchPrograms().catch((e: Error) => setError(e.message));
    const es = eventSource(`${runPath(run)}/events`);
    let last: string | null = null;
    es.addEventListener('update', (e: MessageEvent<string>) => {
      const o = JSON.parse(e.data) as Overview;
      const key = `${o.counts.evaluations}/${o.counts.iterations}/${o.status}/${o.control.paused}`;
      setDetails((d) => (d ? { ...d, overview: o } : d));
      // The first message describes what the initial fetches are already loading; a live run's next commit
      // brings the next message, and the program fetch is incremental, so nothing is missed.
      const first = last === null;
      const same = key === last;
      last = key;
      if (first || same) return;
      setVersion((v) => v + 1);
      void fetchPrograms();
      void refreshDetails();
    });
    return () => es.close();
  }, [run]);

  const s = useMemo(() => series(columns), [columns]);
  const plotSeries = useMemo(
    () => [
      { label: 'program', values: s.score, color: 'rgba(59,82,139,0.55)', points: true },
      { label: 'best so far', values: s.best, color: '#f08c00' },
    ],
    [s],
  );
  const paid = s.dollars.length > 0 && s.dollars[s.dollars.length - 1]! > 0;

  if (error) return <p class="error">{error}</p>;
  if (!details) return <p>Loading {run}…</p>;
  const o = details.overview;
  return (
    <div class="run" data-testid="run-view">
      <header class="run-head">
        <h2>
          <a href="#/">runs</a> / {o.name}{' '}
          <span
            class={`status ${o.control.paused && o.status === 'running' ? 'paused' : o.status}`}
            data-testid="status"
          >
            {o.control.paused && o.status === 'running' ? 'paused' : o.status}
          </span>
        </h2>
        <div class="facts">
          <span>
            task <b>{o.task}</b>
          </span>
          <span>
            strategy <b>{o.strategy}</b>
          </span>
          <span>
            proposer <b>{o.proposer}</b>
          </span>
          <span>
            best <b data-testid="best-score">{fmtScore(o.best?.score)}</b>
            {o.best && (
              <button class="link" onClick={() => onSelect(o.best!.programId)}>
                {o.best.programId}
              </button>
            )}
          </span>
          <span>
            seed <b>{fmtScore(o.seedScore)}</b>
          </span>
          <span>{o.counts.evaluations} evaluations</span>
          <span>{fmtUsd(o.costUsd)}</span>
          <span>{fmtDuration(o.elapsedMs)}</span>
        </div>
      </header>
      <div class="columns">
        <div class="main">
          <section class="card">
            <h3>Score against evaluations</h3>
            <Plot
              testId="plot-evals"
              x={s.evalNo}
              series={plotSeries}
              xLabel="evaluation"
              onPick={(i) => s.ids[i] && onSelect(s.ids[i])}
            />
          </section>
          <section class="card">
            <h3>Score against dollars</h3>
            {paid ? (
              <Plot
                testId="plot-dollars"
                x={s.dollars}
                series={plotSeries}
                xLabel="dollars spent"
                onPick={(i) => s.ids[i] && onSelect(s.ids[i])}
              />
            ) : (
              <p class="muted">No proposal cost recorded in this run (the offline proposer is free).</p>
            )}
          </section>
          <section class="card">
            <h3>Lineage</h3>
            <Lineage
              columns={columns}
              selected={selected}
              bestId={o.best?.programId ?? null}
              favourites={details.favourites}
              onSelect={onSelect}
            />
          </section>
          {selected ? (
            <ProgramPanel run={run} id={selected} onSelect={onSelect} onFavourite={() => void refreshDetails()} />
          ) : (
            <section class="card muted">Click a node of the lineage or a point of a plot to open a program.</section>
          )}
        </div>
        <aside class="side">
          <Steer run={run} details={details} onChange={() => void refreshDetails()} onSelect={onSelect} />
          {hasManualModels(o) && <ManualPrompts run={run} version={version} />}
          <Budget details={details} />
          <StrategyPanel view={details.strategyView} onSelect={onSelect} />
          <Islands details={details} onSelect={onSelect} />
          <Proposers details={details} />
          <Failures run={run} version={version} onSelect={onSelect} />
        </aside>
      </div>
    </div>
  );
}
