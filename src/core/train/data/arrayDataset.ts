import type { LossKind, Targets } from '../losses';
import type { Dataset } from './dataset';

/** A numeric array as read from an `.npy` (values as float32, with the dtype it was stored in). */
export interface NumericArray { shape: number[]; values: Float32Array; dtype: string }

/** `notes`: how the arrays were read; `warnings`: what will train but probably not as meant. */
export type ArrayDatasetResult = { ok: true; data: Dataset; notes: string[]; warnings: string[] } | { ok: false; message: string };

const same = (s: readonly number[], t: readonly number[]) => s.length === t.length && s.every((v, i) => v === t[i]);
const isImage = (shape: readonly number[]) => shape.length === 3;

/**
 * Samples for an Input of `inputShape` from `x`: [N, ...inputShape] as is; for an image [H, W, C]
 * also [N, H, W] when C is 1 and [N, C, H, W] (PyTorch's order, moved to ours). Integer pixels
 * (uint8, as images are saved) are scaled to 0..1, the range the app's pictures and MNIST use.
 */
export function samplesFromArray(x: NumericArray, inputShape: readonly number[], label: string):
  { ok: true; x: Float32Array; count: number; notes: string[] } | { ok: false; message: string } {
  const notes: string[] = [];
  const count = x.shape[0] ?? 0;
  const rest = x.shape.slice(1);
  let data = x.values;
  const [h, w, c] = inputShape;
  if (same(rest, inputShape)) {
    // As given.
  } else if (isImage(inputShape) && c === 1 && same(rest, [h, w])) {
    notes.push(`${label}: [N, ${h}, ${w}] read as one channel`);
  } else if (isImage(inputShape) && c > 1 && same(rest, [c, h, w])) {
    data = nchwToNhwc(data, count, c, h, w);
    notes.push(`${label}: [N, ${c}, ${h}, ${w}] (channels first) moved to [N, ${h}, ${w}, ${c}]`);
  } else {
    const alternatives = isImage(inputShape) ? ` (or [N, ${c}, ${h}, ${w}]${c === 1 ? `, [N, ${h}, ${w}]` : ''})` : '';
    return { ok: false, message: `${label}: shape [${x.shape.join(', ')}] does not fit the Input [${inputShape.join(', ')}]: expected [N, ${inputShape.join(', ')}]${alternatives}` };
  }
  if (count === 0) return { ok: false, message: `${label}: holds 0 samples` };
  const perSample = inputShape.reduce((p, d) => p * d, 1);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) return { ok: false, message: `${label}: value ${data[i]} at index ${i} (sample ${Math.floor(i / perSample)}) is not finite` };
  }
  if (x.dtype === '|u1') {
    const scaled = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) scaled[i] = data[i] / 255;
    data = scaled;
    notes.push(`${label}: uint8 pixels scaled to 0..1`);
  }
  return { ok: true, x: data, count, notes };
}

/**
 * Targets for `count` samples from `y`: class indices 0..classes-1 for cross-entropy (any numeric
 * dtype holding whole numbers), or values shaped like the output for mse. `warnings` names a
 * single-class set, which trains but can only learn that class.
 */
export function targetsFromArray(y: NumericArray, count: number, outShape: readonly number[], loss: LossKind, label: string, samplesLabel: string):
  { ok: true; targets: Targets; warnings: string[] } | { ok: false; message: string } {
  if (y.shape[0] !== count) return { ok: false, message: `${label}: ${y.shape[0] ?? 0} labels for ${count} samples in ${samplesLabel}` };
  const outSize = outShape.reduce((p, d) => p * d, 1);
  if (loss === 'cross-entropy') {
    if (y.shape.length !== 1) return { ok: false, message: `${label}: cross-entropy takes one class index per sample, shape [${count}]; got [${y.shape.join(', ')}]` };
    const classes = new Int32Array(count);
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const k = y.values[i];
      if (!Number.isInteger(k) || k < 0 || k >= outSize) return { ok: false, message: `${label}: label ${k} of sample ${i} is not a class index 0..${outSize - 1} (the output has ${outSize} classes)` };
      classes[i] = k;
      seen.add(k);
    }
    const warnings = seen.size < 2 && count > 1 ? [`every label in ${label} is class ${classes[0]}: the model can only learn that one class`] : [];
    return { ok: true, targets: { kind: 'classes', classes }, warnings };
  }
  if (y.values.length !== count * outSize) {
    return { ok: false, message: `${label}: mse targets must be shaped like the output, [${count}, ${outShape.join(', ')}]; got [${y.shape.join(', ')}]` };
  }
  for (let i = 0; i < y.values.length; i++) if (!Number.isFinite(y.values[i])) return { ok: false, message: `${label}: target ${y.values[i]} at index ${i} is not finite` };
  return { ok: true, targets: { kind: 'values', values: y.values }, warnings: [] };
}

/** A dataset from a samples array and a labels array, checked against the graph's Input and output. */
export function datasetFromArrays(x: NumericArray, y: NumericArray, inputShape: readonly number[], outShape: readonly number[], loss: LossKind,
  labels: { x: string; y: string }): ArrayDatasetResult {
  const samples = samplesFromArray(x, inputShape, labels.x);
  if (!samples.ok) return samples;
  const targets = targetsFromArray(y, samples.count, outShape, loss, labels.y, labels.x);
  if (!targets.ok) return targets;
  const perSample = inputShape.reduce((p, d) => p * d, 1);
  return { ok: true, data: { x: samples.x, targets: targets.targets, count: samples.count, perSample }, notes: samples.notes, warnings: targets.warnings };
}

function nchwToNhwc(data: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(data.length);
  const plane = h * w;
  for (let s = 0; s < n; s++) {
    const base = s * c * plane;
    for (let ch = 0; ch < c; ch++) for (let p = 0; p < plane; p++) out[base + p * c + ch] = data[base + ch * plane + p];
  }
  return out;
}
