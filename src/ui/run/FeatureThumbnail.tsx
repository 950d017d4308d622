import { useEffect, useRef } from 'react';
import type { Shape } from '../../core/graph/types';
import { paintGray } from '../../core/imaging/colourScale';

export interface FeatureThumbnailProps {
  /** Values in the layout of `shape` ([h, w, c] NHWC per sample, or [n]). */
  data: Float32Array;
  shape: Shape;
  /** The shared colour scale: black at `min`, white at `max` (defaults: the data's own range). */
  min?: number;
  max?: number;
  /** Paint each channel of an [h, w, c] map between its own min and max (ignoring `min` / `max`). */
  perChannel?: boolean;
  /** CSS width of the whole thumbnail. */
  width?: number;
  /** CSS height a channel grid may take at most: a tall grid is drawn narrower than `width`. */
  maxHeight?: number;
  label?: string;
  onClick?: () => void;
}

/**
 * A feature map at a glance: an [h, w, c] map as a grid of its channels (on one colour scale, or
 * each on its own with `perChannel`), a vector as a strip of bars (up from the zero line for
 * positive values, down for negative).
 */
export function FeatureThumbnail({ data, shape, min, max, perChannel = false, width = 120, maxHeight, label, onClick }: FeatureThumbnailProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const lo = min ?? minOf(data);
    const hi = max ?? maxOf(data);
    if (shape.length === 3) drawGrid(canvas, data, shape[0], shape[1], shape[2], lo, hi, perChannel);
    else drawBars(canvas, data, lo, hi);
  }, [data, shape, min, max, perChannel]);
  const shown = shape.length === 3 && maxHeight !== undefined ? Math.min(width, Math.floor(maxHeight * gridAspect(shape[0], shape[1], shape[2]))) : width;
  const body = <canvas ref={ref} className="feature-thumb-canvas" style={{ width: shown }} aria-label={label ?? 'feature map'} />;
  return onClick ? (
    <button type="button" className="feature-thumb" onClick={onClick} title={label ? `${label}: open the feature maps` : 'open the feature maps'}>
      {body}
    </button>
  ) : (
    <div className="feature-thumb">{body}</div>
  );
}

/** Width over height of the channel grid drawGrid paints. */
function gridAspect(h: number, w: number, c: number): number {
  const cols = Math.ceil(Math.sqrt(c));
  const rows = Math.ceil(c / cols);
  return (cols * w + (cols - 1)) / (rows * h + (rows - 1));
}

function drawGrid(canvas: HTMLCanvasElement, data: Float32Array, h: number, w: number, c: number, min: number, max: number, perChannel: boolean) {
  const cols = Math.ceil(Math.sqrt(c));
  const rows = Math.ceil(c / cols);
  const gap = 1;
  canvas.width = cols * w + (cols - 1) * gap;
  canvas.height = rows * h + (rows - 1) * gap;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#334';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const image = ctx.createImageData(w, h);
  for (let ch = 0; ch < c; ch++) {
    let lo = min;
    let hi = max;
    if (perChannel) {
      lo = Infinity;
      hi = -Infinity;
      for (let i = ch; i < data.length; i += c) {
        if (data[i] < lo) lo = data[i];
        if (data[i] > hi) hi = data[i];
      }
    }
    paintGray(data, ch, c, h * w, lo, hi, image.data);
    ctx.putImageData(image, (ch % cols) * (w + gap), Math.floor(ch / cols) * (h + gap));
  }
}

function drawBars(canvas: HTMLCanvasElement, data: Float32Array, min: number, max: number) {
  const n = data.length;
  const barW = n <= 20 ? 6 : n <= 200 ? 2 : 1;
  canvas.width = Math.max(1, n * barW);
  canvas.height = 32;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#111';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const range = hi - lo || 1;
  const zeroY = canvas.height * (hi / range);
  for (let i = 0; i < n; i++) {
    const y = canvas.height * ((hi - data[i]) / range);
    ctx.fillStyle = data[i] >= 0 ? '#f0a030' : '#4a90e2';
    ctx.fillRect(i * barW, Math.min(y, zeroY), Math.max(1, barW - (barW > 2 ? 1 : 0)), Math.max(1, Math.abs(zeroY - y)));
  }
}

function minOf(a: Float32Array): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

function maxOf(a: Float32Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
