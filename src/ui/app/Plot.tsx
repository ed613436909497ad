import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface PlotSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Points only (one per program) instead of a stepped line. */
  points?: boolean;
}

interface Props {
  x: number[];
  series: PlotSeries[];
  xLabel: string;
  yLabel?: string;
  height?: number;
  /** Called with the data index under the cursor when the plot is clicked. */
  onPick?: (index: number) => void;
  testId?: string;
}

/** A uPlot chart that keeps its instance across data updates (a live run appends points). */
export function Plot({ x, series, xLabel, yLabel = 'score', height = 220, onPick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const shape = series.map((s) => `${s.label}:${s.points ? 1 : 0}`).join('|') + xLabel;

  useEffect(() => {
    const el = box.current!;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: false } },
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      axes: [
        { label: xLabel, size: 40 },
        { label: yLabel, size: 60 },
      ],
      series: [
        { label: xLabel },
        ...series.map((s): uPlot.Series =>
          s.points
            ? {
                label: s.label,
                stroke: s.color,
                paths: () => null,
                points: { show: true, size: 4, stroke: s.color, fill: s.color },
              }
            : {
                label: s.label,
                stroke: s.color,
                width: 2,
                paths: uPlot.paths.stepped!({ align: 1 }),
                points: { show: false },
              },
        ),
      ],
    };
    const u = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = u;
    u.over.addEventListener('click', () => {
      const idx = u.cursor.idx;
      if (idx !== null && idx !== undefined) pick.current?.(idx);
    });
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; data updates go through setData below.
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [x, series]);

  return <div class="plot" ref={box} data-testid={testId} />;
}
