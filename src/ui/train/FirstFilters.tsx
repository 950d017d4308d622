import { useEffect, useRef } from 'react';
import type { FilterSnapshot } from '../../worker/trainApi';

/** Screen pixels per kernel pixel, and the most filters drawn. */
const ZOOM = 6;
const MAX_FILTERS = 64;

/**
 * The first Conv2D's filters as training changes them, one small picture per output channel:
 * RGB for a 3-channel input, else the first input channel. One scale for all (the largest |w| is
 * white or full colour, 0 is mid-gray), so a filter that grows stronger shows it.
 */
export function FirstFilters({ filters }: { filters: FilterSnapshot }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [kh, kw, cin, cout] = filters.shape;
  const shown = Math.min(cout, MAX_FILTERS);
  const perRow = Math.min(shown, 8);
  const rows = Math.ceil(shown / perRow);
  const cell = Math.max(kh, kw) * ZOOM + 4;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    let max = 0;
    for (const v of filters.data) max = Math.max(max, Math.abs(v));
    const scale = max > 0 ? 127 / max : 0;
    ctx.clearRect(0, 0, perRow * cell, rows * cell);
    const image = ctx.createImageData(kw, kh);
    const small = new OffscreenCanvas(kw, kh);
    const smallCtx = small.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    for (let o = 0; o < shown; o++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          const at = ((y * kw + x) * cin) * cout + o;
          const value = (c: number) => Math.round(128 + filters.data[at + c * cout] * scale);
          const p = (y * kw + x) * 4;
          const rgb = cin === 3 ? [value(0), value(1), value(2)] : [value(0), value(0), value(0)];
          image.data.set([...rgb, 255], p);
        }
      }
      smallCtx.putImageData(image, 0, 0);
      ctx.drawImage(small, (o % perRow) * cell + 2, Math.floor(o / perRow) * cell + 2, kw * ZOOM, kh * ZOOM);
    }
  }, [filters, kh, kw, cin, cout, shown, perRow, rows, cell]);
  return (
    <figure className="train-filters" data-testid="train-filters" data-step={filters.step}>
      <figcaption>
        Filters of {filters.name} ({kh}x{kw}{cin === 3 ? ', RGB' : cin > 1 ? `, input channel 1 of ${cin}` : ''}{cout > shown ? `, first ${shown} of ${cout}` : ''}), after step {filters.step}: gray is 0
      </figcaption>
      <canvas ref={canvas} width={perRow * cell} height={rows * cell} aria-label={`the ${shown} filters of ${filters.name}`} />
    </figure>
  );
}
