import { fmtScore, ramp } from './format.js';
import type { StrategyView } from './types.js';

/** The strategy's own picture: a MAP-Elites heatmap or a GEPA-style Pareto front (none for islands). */
export function StrategyPanel({ view, onSelect }: { view: StrategyView; onSelect: (id: string) => void }) {
  if (!view) return null;
  return view.kind === 'map-elites' ? (
    <Heatmap view={view} onSelect={onSelect} />
  ) : (
    <Pareto view={view} onSelect={onSelect} />
  );
}

function Heatmap({
  view,
  onSelect,
}: {
  view: Extract<StrategyView, { kind: 'map-elites' }>;
  onSelect: (id: string) => void;
}) {
  const n = view.bins;
  const twoD = view.axes.length > 1;
  const rows = twoD ? n : 1;
  const at = new Map(view.cells.map((c) => [`${c.x},${c.y}`, c]));
  const scores = view.cells.map((c) => c.score);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  return (
    <section class="card" data-testid="heatmap">
      <h3>
        MAP-Elites grid <small>{view.cells.length} cells filled · best elite per cell over all islands</small>
      </h3>
      <div class="heat" style={{ gridTemplateColumns: `repeat(${n}, 1fr)` }}>
        {Array.from({ length: rows }, (_, r) => rows - 1 - r).flatMap((y) =>
          Array.from({ length: n }, (_, x) => {
            const c = at.get(`${x},${y}`);
            return c ? (
              <button
                key={`${x},${y}`}
                class="cell"
                style={{ background: ramp(hi > lo ? (c.score - lo) / (hi - lo) : 1) }}
                title={`${view.axes[0]} bin ${x}${twoD ? `, ${view.axes[1]} bin ${y}` : ''}: ${c.programId} ${fmtScore(c.score)} (island ${c.island})`}
                onClick={() => onSelect(c.programId)}
              />
            ) : (
              <div key={`${x},${y}`} class="cell empty" />
            );
          }),
        )}
      </div>
      <p class="muted">
        → {view.axes[0]}
        {twoD ? ` · ↑ ${view.axes[1]}` : ''} · colour: score {fmtScore(lo)} … {fmtScore(hi)}
      </p>
    </section>
  );
}

function Pareto({
  view,
  onSelect,
}: {
  view: Extract<StrategyView, { kind: 'pareto' }>;
  onSelect: (id: string) => void;
}) {
  const W = 340;
  const H = 200;
  const pad = 30;
  const xs = view.candidates.map((c) => c.score);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const maxWins = Math.max(1, ...view.candidates.map((c) => c.wins));
  const X = (v: number) => pad + (x1 > x0 ? (v - x0) / (x1 - x0) : 0.5) * (W - 2 * pad);
  const Y = (v: number) => H - pad - (v / maxWins) * (H - 2 * pad);
  const front = view.candidates.filter((c) => c.wins > 0).length;
  return (
    <section class="card" data-testid="pareto">
      <h3>
        Pareto front{' '}
        <small>
          {front} of {view.candidates.length} candidates best on some of {view.instances} instances
        </small>
      </h3>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%">
        <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="#9aa1ad" />
        <line x1={pad} y1={pad} x2={pad} y2={H - pad} stroke="#9aa1ad" />
        <text x={W / 2} y={H - 6} text-anchor="middle" font-size="11" fill="#6b7280">
          score ({fmtScore(x0)} … {fmtScore(x1)})
        </text>
        <text x={10} y={H / 2} font-size="11" fill="#6b7280" transform={`rotate(-90 10 ${H / 2})`} text-anchor="middle">
          instances won
        </text>
        {view.candidates.map((c) => (
          <circle
            key={c.programId}
            cx={X(c.score)}
            cy={Y(c.wins)}
            r={c.wins > 0 ? 5 : 3}
            fill={c.wins > 0 ? '#f08c00' : '#adb5bd'}
            style={{ cursor: 'pointer' }}
            onClick={() => onSelect(c.programId)}
          >
            <title>
              {c.programId}: score {fmtScore(c.score)}, best on {c.wins} instances
            </title>
          </circle>
        ))}
      </svg>
    </section>
  );
}
