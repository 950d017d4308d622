import { createRandom } from '../../compile/random';
import type { Dataset } from './dataset';

/** The project's generated datasets for quick lessons, drawn at any Input size. */
export type GeneratedKind = 'shapes' | 'stripes';

export const GENERATED_CLASSES: Record<GeneratedKind, string[]> = {
  shapes: ['circle', 'square', 'triangle'],
  stripes: ['horizontal', 'vertical', 'diagonal'],
};

export type GeneratedResult = { ok: true; data: Dataset } | { ok: false; message: string };

/**
 * `count` images of [h, w, c] (values 0..1, every channel the same), classes interleaved so any
 * prefix is balanced. Shapes: a filled circle, square or upward triangle of random size and place;
 * stripes: bands of a random period and phase, horizontal, vertical or at 45 degrees. A little
 * noise on each, seeded, so the same seed gives the same set.
 */
export function generateDataset(kind: GeneratedKind, shape: readonly number[], count: number, seed: number): GeneratedResult {
  if (shape.length !== 3) return { ok: false, message: `the ${kind} dataset draws images, [h, w, c]; the Input is [${shape.join(', ')}]` };
  const [h, w, c] = shape;
  if (h < 8 || w < 8) return { ok: false, message: `the ${kind} dataset needs an Input of at least 8x8 pixels; it is ${h}x${w}` };
  const classes = GENERATED_CLASSES[kind].length;
  const perSample = h * w * c;
  const x = new Float32Array(count * perSample);
  const labels = new Int32Array(count);
  const random = createRandom(seed ^ 0x6a7e);
  const plane = new Float32Array(h * w);
  for (let s = 0; s < count; s++) {
    const label = s % classes;
    labels[s] = label;
    if (kind === 'shapes') drawShape(plane, h, w, label, random);
    else drawStripes(plane, h, w, label, random);
    const img = x.subarray(s * perSample, (s + 1) * perSample);
    for (let p = 0; p < h * w; p++) {
      const v = Math.min(1, Math.max(0, plane[p] + (random() - 0.5) * 0.1));
      for (let ch = 0; ch < c; ch++) img[p * c + ch] = v;
    }
  }
  return { ok: true, data: { x, targets: { kind: 'classes', classes: labels }, count, perSample, classNames: GENERATED_CLASSES[kind] } };
}

function drawShape(plane: Float32Array, h: number, w: number, label: number, random: () => number): void {
  const side = Math.min(h, w);
  const r = side * (0.18 + 0.14 * random());
  const cy = r + random() * (h - 2 * r);
  const cx = r + random() * (w - 2 * r);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dy = y + 0.5 - cy;
      const dx = x + 0.5 - cx;
      let inside: boolean;
      if (label === 0) inside = dx * dx + dy * dy <= r * r;
      else if (label === 1) inside = Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
      // Apex at the top (dy = -r), base at dy = +r: the half width grows from 0 to r going down.
      else inside = dy >= -r && dy <= r && Math.abs(dx) <= ((dy + r) / 2);
      plane[y * w + x] = inside ? 1 : 0;
    }
  }
}

function drawStripes(plane: Float32Array, h: number, w: number, label: number, random: () => number): void {
  const period = 3 + Math.floor(random() * Math.max(2, Math.min(h, w) / 4));
  const phase = random() * period;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = label === 0 ? y : label === 1 ? x : x + y;
      plane[y * w + x] = ((t + phase) % period) < period / 2 ? 1 : 0;
    }
  }
}
