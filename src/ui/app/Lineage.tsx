import { useEffect, useMemo, useRef } from 'preact/hooks';
import { ramp } from './format.js';
import { layoutLineage, type TreeLayout } from './lineage-layout.js';
import type { ProgramColumns } from './types.js';

interface Props {
  columns: ProgramColumns;
  selected: string | null;
  bestId: string | null;
  favourites: string[];
  onSelect: (id: string) => void;
}

/** Screen = world * scale + offset, with separate x and y scales so a broad tree still fills the box. */
interface View {
  sx: number;
  sy: number;
  dx: number;
  dy: number;
}

const HEIGHT = 360;

/** The lineage tree on a canvas: wheel zooms, drag pans, click opens a program. */
export function Lineage({ columns, selected, bestId, favourites, onSelect }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useMemo(() => layoutLineage(columns), [columns]);
  const view = useRef<View | null>(null);
  const fitted = useRef(0);
  const props = useRef({ columns, selected, bestId, favourites, layout });
  props.current = { columns, selected, bestId, favourites, layout };

  const draw = () => {
    const el = canvas.current;
    if (!el) return;
    const p = props.current;
    const dpr = window.devicePixelRatio || 1;
    const w = el.clientWidth;
    if (el.width !== Math.round(w * dpr)) {
      el.width = Math.round(w * dpr);
      el.height = Math.round(HEIGHT * dpr);
    }
    const ctx = el.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, HEIGHT);
    // Fit the whole tree when it first appears (and again while it is still small and growing).
    if (!view.current || (fitted.current < 200 && p.layout.row.length !== fitted.current)) {
      view.current = fit(p.layout, w);
      fitted.current = p.layout.row.length;
    }
    paint(ctx, p.layout, p.columns, view.current, p.selected, p.bestId, new Set(p.favourites));
  };

  useEffect(draw);

  // For tests and scripts: where a program's node is on screen, and how many nodes are drawn.
  useEffect(() => {
    const el: (HTMLCanvasElement & { nodePosition?: (id: string) => unknown }) | null = canvas.current;
    if (!el) return;
    el.dataset.count = String(layout.row.length);
    el.nodePosition = (id: string) => {
      const i = props.current.layout.indexOf.get(id);
      const v = view.current;
      if (i === undefined || !v) return null;
      const r = el.getBoundingClientRect();
      return {
        x: r.left + props.current.layout.x[i]! * v.sx + v.dx,
        y: r.top + props.current.layout.y[i]! * v.sy + v.dy,
      };
    };
  }, [layout]);

  useEffect(() => {
    const el = canvas.current!;
    let drag: { x: number; y: number; moved: boolean } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const v = view.current!;
      const f = Math.exp(-e.deltaY * 0.0015);
      const r = el.getBoundingClientRect();
      const mx = e.clientX - r.left;
      const my = e.clientY - r.top;
      v.dx = mx - (mx - v.dx) * f;
      v.dy = my - (my - v.dy) * f;
      v.sx *= f;
      v.sy *= f;
      draw();
    };
    const onDown = (e: MouseEvent) => (drag = { x: e.clientX, y: e.clientY, moved: false });
    const onMove = (e: MouseEvent) => {
      if (!drag) return;
      const v = view.current!;
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 2) drag.moved = true;
      v.dx += e.clientX - drag.x;
      v.dy += e.clientY - drag.y;
      drag.x = e.clientX;
      drag.y = e.clientY;
      draw();
    };
    const onUp = (e: MouseEvent) => {
      const wasDrag = drag?.moved;
      drag = null;
      if (wasDrag) return;
      const r = el.getBoundingClientRect();
      const hit = nearest(props.current.layout, view.current!, e.clientX - r.left, e.clientY - r.top);
      if (hit >= 0) onSelect(props.current.columns.id[props.current.layout.row[hit]!]!);
    };
    const resize = new ResizeObserver(draw);
    resize.observe(el);
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('mousedown', onDown);
    window.addEventListener('mousemove', onMove);
    el.addEventListener('mouseup', onUp);
    return () => {
      resize.disconnect();
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('mousedown', onDown);
      window.removeEventListener('mousemove', onMove);
      el.removeEventListener('mouseup', onUp);
    };
  }, []);

  return (
    <div class="lineage">
      <canvas ref={canvas} style={{ height: `${HEIGHT}px` }} data-testid="lineage" />
      <div class="hint-line">
        {layout.row.length} programs · wheel to zoom, drag to pan, click a node · <span class="swatch best" /> lineage
        of the best · <span class="swatch invalid" /> invalid
        <button class="link" onClick={() => ((view.current = fit(layout, canvas.current!.clientWidth)), draw())}>
          fit
        </button>
      </div>
    </div>
  );
}

function fit(l: TreeLayout, w: number): View {
  const pad = 16;
  const sx = Math.min((w - 2 * pad) / Math.max(1, l.width), 2.5);
  const sy = Math.min((HEIGHT - 2 * pad) / Math.max(1, l.height), 2.5);
  return { sx, sy, dx: pad, dy: pad + (HEIGHT - 2 * pad - l.height * sy) / 2 };
}

function nearest(l: TreeLayout, v: View, mx: number, my: number): number {
  // Distances in screen pixels: the scales differ per axis.
  let best = -1;
  let bestD = 8 * 8;
  for (let i = 0; i < l.row.length; i++) {
    const d = (l.x[i]! * v.sx + v.dx - mx) ** 2 + (l.y[i]! * v.sy + v.dy - my) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

function paint(
  ctx: CanvasRenderingContext2D,
  l: TreeLayout,
  c: ProgramColumns,
  v: View,
  selected: string | null,
  bestId: string | null,
  favourites: Set<string>,
): void {
  const n = l.row.length;
  if (n === 0) return;
  const X = (i: number) => l.x[i]! * v.sx + v.dx;
  const Y = (i: number) => l.y[i]! * v.sy + v.dy;
  // Edges in one path: a single stroke is what keeps 10,000 nodes fast.
  ctx.strokeStyle = 'rgba(120,130,150,0.45)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const p = l.parent[i]!;
    if (p < 0) continue;
    ctx.moveTo(X(p), Y(p));
    ctx.lineTo(X(i), Y(i));
  }
  ctx.stroke();
  const chain = (id: string | null, color: string, width: number) => {
    let i = id ? (l.indexOf.get(id) ?? -1) : -1;
    if (i < 0) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(X(i), Y(i));
    while (l.parent[i]! >= 0) {
      i = l.parent[i]!;
      ctx.lineTo(X(i), Y(i));
    }
    ctx.stroke();
  };
  chain(bestId, '#f08c00', 3);
  chain(selected, '#d6336c', 2);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of c.score) {
    if (s === null) continue;
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  const r = Math.max(1.5, Math.min(5, 4 * Math.min(v.sx, v.sy)));
  for (let i = 0; i < n; i++) {
    const s = c.score[l.row[i]!]!;
    ctx.fillStyle = s === null ? '#c92a2a' : ramp(hi > lo ? (s - lo) / (hi - lo) : 1);
    ctx.beginPath();
    ctx.arc(X(i), Y(i), r, 0, Math.PI * 2);
    ctx.fill();
  }
  const ring = (id: string, color: string, radius: number) => {
    const i = l.indexOf.get(id);
    if (i === undefined) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(X(i), Y(i), radius, 0, Math.PI * 2);
    ctx.stroke();
  };
  for (const f of favourites) ring(f, '#1c7ed6', r + 3);
  if (bestId) ring(bestId, '#f08c00', r + 4);
  if (selected) ring(selected, '#d6336c', r + 6);
}
