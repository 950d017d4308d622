import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useThemeStore } from '../theme/themeStore';
import { chartColumns } from './chartData';
import type { BatchPoint, EpochPoint } from './trainStore';

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** One metric (loss or accuracy) against the optimizer step: training smoothed, validation per epoch as dots. */
export function TrainChart({ metric, batches, epochs }: { metric: 'loss' | 'accuracy'; batches: readonly BatchPoint[]; epochs: readonly EpochPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const theme = useThemeStore((s) => s.theme);

  // The chart is built again when the theme changes: uPlot draws its axes in the colours it was given.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const text = css('--muted') || '#5a6572';
    const grid = css('--border') || '#dde1e7';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 48, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 150,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: metric === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [{ ...axis, size: 28 }, { ...axis, values: (_u, ticks) => ticks.map((t) => (metric === 'accuracy' ? `${Math.round(t * 100)}%` : t.toPrecision(2))) }],
      series: [
        { label: 'step' },
        { label: `train ${metric}`, stroke: css('--accent') || '#2f6fde', width: 1.5, value: (_u, v) => fmt(v, metric) },
        { label: `val ${metric}`, stroke: css('--cat-core') || '#d9822b', width: 1.5, spanGaps: true, points: { show: true, size: 6, fill: css('--cat-core') || '#d9822b' }, value: (_u, v) => fmt(v, metric) },
      ],
    };
    chart.current = new uPlot(opts, chartColumns([], [], metric), el);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [metric, theme]);

  useEffect(() => {
    chart.current?.setData(chartColumns(batches, epochs, metric));
  }, [batches, epochs, metric, theme]);

  return (
    <figure className="train-chart-figure">
      <figcaption className="run-subtitle">{metric === 'loss' ? 'Loss' : 'Accuracy'} by step</figcaption>
      <div ref={box} className="train-chart" data-testid={`train-chart-${metric}`} data-points={batches.length} data-epochs={epochs.length} />
    </figure>
  );
}

function fmt(v: number | null | undefined, metric: 'loss' | 'accuracy'): string {
  if (v === null || v === undefined) return '-';
  return metric === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(3);
}
