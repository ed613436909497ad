import { useEffect, useState } from 'preact/hooks';
import { apiUrl, getJson, postJson, runPath } from './api.js';
import { fmtScore, fmtUsd } from './format.js';
import type { ProgramDetail } from './types.js';

interface Props {
  run: string;
  id: string;
  onSelect: (id: string) => void;
  onFavourite: () => void;
}

type Tab = 'parent' | 'seed' | 'code' | 'instances' | 'prompt';

/** One program: scores, metrics, feedback, diffs, per-instance results, the proposer's prompt and answer. */
export function ProgramPanel({ run, id, onSelect, onFavourite }: Props) {
  const [detail, setDetail] = useState<ProgramDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('parent');

  useEffect(() => {
    let live = true;
    setError(null);
    getJson<ProgramDetail>(`${runPath(run)}/programs/${encodeURIComponent(id)}`)
      .then((d) => live && setDetail(d))
      .catch((e: Error) => live && setError(e.message));
    return () => void (live = false);
  }, [run, id]);

  if (error) return <section class="card error">{error}</section>;
  if (!detail || detail.program.id !== id) return <section class="card">Loading {id}…</section>;
  const { program: p, train } = detail;
  const toggleFavourite = () =>
    void postJson(`${runPath(run)}/favourites`, { programId: p.id, favourite: !detail.favourite }).then(() => {
      setDetail({ ...detail, favourite: !detail.favourite });
      onFavourite();
    });
  const tabs: [Tab, string, boolean][] = [
    ['parent', 'Diff vs parent', detail.diffParent !== null],
    ['seed', 'Diff vs seed', detail.diffSeed !== null],
    ['code', 'Code', true],
    ['instances', `Instances (${train?.instanceCount ?? 0})`, (train?.instanceCount ?? 0) > 0],
    ['prompt', 'Prompt & answer', detail.calls.some((c) => c.prompt || c.response)],
  ];
  const shown = tabs.find(([t, , ok]) => t === tab && ok) ? tab : 'code';
  return (
    <section class="card program" data-testid="program-panel">
      <header class="row">
        <h3>
          {p.id}{' '}
          <small>
            iteration {p.iteration} · generation {p.generation} · {p.mutation} · island {p.island}
          </small>
        </h3>
        <button class={detail.favourite ? 'fav on' : 'fav'} onClick={toggleFavourite} title="favourite">
          {detail.favourite ? '★ favourite' : '☆ mark favourite'}
        </button>
        <a
          class="button"
          href={apiUrl(`${runPath(run)}/programs/${encodeURIComponent(p.id)}/source`)}
          download={`${p.id}.ts`}
        >
          download
        </a>
      </header>
      <div class="facts">
        <span>
          train <b>{train ? (train.valid ? fmtScore(train.score) : 'invalid') : '–'}</b>
        </span>
        {detail.test && (
          <span>
            test <b>{detail.test.valid ? fmtScore(detail.test.score) : 'invalid'}</b>
          </span>
        )}
        <span>
          parents{' '}
          {p.parentIds.length === 0
            ? 'none'
            : p.parentIds.map((q) => (
                <button class="link" key={q} onClick={() => onSelect(q)}>
                  {q}
                </button>
              ))}
        </span>
        <span>children {detail.children}</span>
        {detail.calls.map((c, i) => (
          <span key={i}>
            {c.proposer}
            {c.model ? `/${c.model}` : ''} {fmtUsd(c.costUsd)}
            {c.tokensIn !== null ? ` · ${c.tokensIn}+${c.tokensOut ?? 0} tokens` : ''}
            {c.error ? ` · error: ${c.error}` : ''}
          </span>
        ))}
      </div>
      {train?.failure && (
        <p class="failure">
          {train.failure.kind}: {train.failure.message}
        </p>
      )}
      {p.changes.length > 0 && (
        <ul class="changes">
          {p.changes.slice(0, 12).map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      )}
      {train && Object.keys(train.metrics).length > 0 && (
        <table class="metrics">
          <tbody>
            {Object.entries(train.metrics).map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td>{fmtScore(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {train?.feedback && <pre class="feedback">{train.feedback}</pre>}
      <div class="lineage-path">
        lineage:{' '}
        {detail.lineage.slice(-12).map((q, i) => (
          <span key={q}>
            {i > 0 && ' → '}
            <button class="link" onClick={() => onSelect(q)}>
              {q}
            </button>
          </span>
        ))}
      </div>
      <nav class="tabs">
        {tabs
          .filter(([, , ok]) => ok)
          .map(([t, label]) => (
            <button key={t} class={t === shown ? 'tab on' : 'tab'} onClick={() => setTab(t)}>
              {label}
            </button>
          ))}
      </nav>
      {shown === 'parent' && <Diff text={detail.diffParent!} />}
      {shown === 'seed' && <Diff text={detail.diffSeed!} />}
      {shown === 'code' && <pre class="code">{p.source}</pre>}
      {shown === 'instances' && train && <Instances train={train} />}
      {shown === 'prompt' &&
        detail.calls.map((c, i) => (
          <div key={i} class="prompt">
            <h4>Prompt</h4>
            <pre class="code">{c.prompt ?? '(not recorded)'}</pre>
            <h4>Answer</h4>
            <pre class="code">{c.response ?? '(not recorded)'}</pre>
          </div>
        ))}
    </section>
  );
}

export function Diff({ text }: { text: string }) {
  const lines = text.split('\n');
  const changed = lines.some((l) => l.startsWith('@@'));
  if (!changed) return <p class="muted">No textual change.</p>;
  return (
    <pre class="diff" data-testid="diff">
      {lines.map((l, i) => (
        <div
          key={i}
          class={
            l.startsWith('+++') || l.startsWith('---')
              ? 'h'
              : l[0] === '+'
                ? 'add'
                : l[0] === '-'
                  ? 'del'
                  : l[0] === '@'
                    ? 'hunk'
                    : ''
          }
        >
          {l || ' '}
        </div>
      ))}
    </pre>
  );
}

function Instances({ train }: { train: NonNullable<ProgramDetail['train']> }) {
  const keys = [...new Set(train.instances.flatMap((r) => Object.keys(r.metrics)))].slice(0, 6);
  return (
    <div class="scroll">
      <table class="grid">
        <thead>
          <tr>
            <th>instance</th>
            <th>score</th>
            {keys.map((k) => (
              <th key={k}>{k}</th>
            ))}
            <th>failure / feedback</th>
          </tr>
        </thead>
        <tbody>
          {train.instances.map((r) => (
            <tr key={r.instanceId} class={r.failure ? 'bad' : ''}>
              <td>{r.instanceId}</td>
              <td>{fmtScore(r.score)}</td>
              {keys.map((k) => (
                <td key={k}>{fmtScore(r.metrics[k])}</td>
              ))}
              <td>{r.failure ? `${r.failure.kind}: ${r.failure.message}` : (r.feedback ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {train.instanceCount > train.instances.length && (
        <p class="muted">
          first {train.instances.length} of {train.instanceCount} instances
        </p>
      )}
    </div>
  );
}
