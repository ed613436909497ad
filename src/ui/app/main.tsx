import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Compare } from './Compare.js';
import { RunsList } from './RunsList.js';
import { RunView } from './RunView.js';
import './style.css';

// Hash routes: #/ (runs), #/run/<name>[/<program>], #/compare/<a>,<b>,...
function parse(hash: string): { view: 'runs' | 'run' | 'compare'; args: string[] } {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'run' && parts[1]) return { view: 'run', args: parts.slice(1) };
  if (parts[0] === 'compare' && parts[1]) return { view: 'compare', args: parts[1].split(',') };
  return { view: 'runs', args: [] };
}

function App() {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', on);
    // The hash may have changed between the first render and this effect (effects run after paint).
    on();
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const select = (run: string) => (id: string) => {
    location.hash = `#/run/${encodeURIComponent(run)}/${encodeURIComponent(id)}`;
  };
  return (
    <>
      <nav class="top">
        <a href="#/">adrs</a>
        <span class="muted">dashboard</span>
      </nav>
      <main>
        {route.view === 'runs' && <RunsList />}
        {route.view === 'run' && (
          <RunView run={route.args[0]!} selected={route.args[1] ?? null} onSelect={select(route.args[0]!)} />
        )}
        {route.view === 'compare' && <Compare runs={route.args} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
