import { useEffect, useState } from 'preact/hooks';
import { getJson, postJson, runPath } from './api.js';
import type { Overview } from './types.js';

interface Pending {
  queue: number;
  id: string;
  ts: number;
  prompt: string;
}

export const hasManualModels = (o: Overview): boolean => {
  const p = o.config.proposer as { kind?: string; models?: { provider?: string }[] } | undefined;
  return p?.kind === 'llm' && (p.models ?? []).some((m) => m.provider === 'manual');
};

/** Prompts the `manual` provider is waiting on; the answer is written into its queue folder. */
export function ManualPrompts({ run, version }: { run: string; version: number }) {
  const [pending, setPending] = useState<Pending[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    void getJson<Pending[]>(`${runPath(run)}/manual`).then(setPending, (e: Error) => setError(e.message));
  useEffect(() => {
    load();
    // Prompts appear without a store commit, so poll as well as following the run's updates.
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [run, version]);
  const send = (p: Pending) =>
    void postJson(`${runPath(run)}/manual`, { queue: p.queue, id: p.id, text: answers[p.id] ?? '' }).then(
      load,
      (e: Error) => setError(e.message),
    );
  return (
    <section class="card" data-testid="manual">
      <h3>
        Manual prompts <small>{pending.length} waiting</small>
      </h3>
      {error && <p class="error">{error}</p>}
      {pending.length === 0 && <p class="muted">No prompt is waiting for an answer.</p>}
      {pending.map((p) => (
        <div key={p.id} class="manual">
          <button class="link" onClick={() => setOpen(open === p.id ? null : p.id)}>
            {open === p.id ? '▾' : '▸'} {p.id}
          </button>
          {open === p.id && <pre class="code">{p.prompt}</pre>}
          <textarea
            placeholder="The model's answer: SEARCH/REPLACE blocks or a full program"
            value={answers[p.id] ?? ''}
            onInput={(e) => setAnswers({ ...answers, [p.id]: (e.target as HTMLTextAreaElement).value })}
          />
          <button disabled={!(answers[p.id] ?? '').trim()} onClick={() => send(p)}>
            Send answer
          </button>
        </div>
      ))}
    </section>
  );
}
