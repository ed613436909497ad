import { useState } from 'preact/hooks';
import { postJson, runPath } from './api.js';
import type { RunDetails } from './types.js';

interface Props {
  run: string;
  details: RunDetails;
  onChange: () => void;
  onSelect: (id: string) => void;
}

/** Steering a run through its store: hints for later prompts, pause/resume, stop, favourites. */
export function Steer({ run, details, onChange, onSelect }: Props) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const o = details.overview;
  const live = o.status === 'running';
  const act = (path: string, body: unknown, done: string) =>
    postJson(`${runPath(run)}/${path}`, body)
      .then(() => {
        setMessage(done);
        onChange();
      })
      .catch((e: Error) => setMessage(e.message));
  const addHint = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    void act('hints', { text }, 'Hint stored: later proposals see it.').then(() => setText(''));
  };
  return (
    <section class="card steer" data-testid="steer">
      <h3>Steer</h3>
      <div class="row">
        {o.control.paused ? (
          <button onClick={() => void act('control', { action: 'resume' }, 'Resume requested.')}>▶ Resume</button>
        ) : (
          <button disabled={!live} onClick={() => void act('control', { action: 'pause' }, 'Pause requested.')}>
            ❚❚ Pause
          </button>
        )}
        <button
          class="danger"
          disabled={!live}
          onClick={() =>
            confirm('Stop this run? Work in flight finishes; `adrs resume` continues it later.') &&
            void act('control', { action: 'stop' }, 'Stop requested.')
          }
        >
          ■ Stop
        </button>
        {!live && <span class="muted">the run is {o.status}; hints apply when it is resumed</span>}
      </div>
      <form onSubmit={addHint}>
        <textarea
          data-testid="hint-text"
          placeholder="A hint for the next prompts, e.g. “try sorting by request rate / SLO”"
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" data-testid="hint-add">
          Add hint
        </button>
      </form>
      {message && (
        <p class="muted" data-testid="steer-message">
          {message}
        </p>
      )}
      {details.hints.length > 0 && (
        <ul class="hints" data-testid="hints">
          {details.hints.map((h) => (
            <li key={h.id}>
              <small>{new Date(h.ts).toLocaleTimeString()}</small> {h.text}
            </li>
          ))}
        </ul>
      )}
      {details.favourites.length > 0 && (
        <p>
          Favourites:{' '}
          {details.favourites.map((f) => (
            <button key={f} class="link" onClick={() => onSelect(f)}>
              ★ {f}
            </button>
          ))}
          <br />
          <small class="muted">
            Seed a new run from one: download it, then <code>adrs run {o.task} --seed-program FILE</code>
          </small>
        </p>
      )}
    </section>
  );
}
