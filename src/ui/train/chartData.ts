import type uPlot from 'uplot';
import type { BatchPoint, EpochPoint } from './trainStore';

/**
 * Exponential moving average with TensorBoard's debiasing (divide by 1 - w^n), so the first
 * points are not pulled toward zero; nulls are carried over as null and skipped.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  let avg = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    avg = weight * avg + (1 - weight) * v;
    n++;
    return avg / (1 - weight ** n);
  });
}

/** Batch-size aware smoothing: heavier for long runs, light for a handful of steps. */
export function smoothingFor(points: number): number {
  return points < 20 ? 0.5 : points < 200 ? 0.8 : 0.9;
}

/**
 * uPlot's aligned columns for one metric: x = optimizer step, then the smoothed training value
 * per batch and the validation value at each epoch's last step (null between epochs).
 */
export function chartColumns(batches: readonly BatchPoint[], epochs: readonly EpochPoint[], metric: 'loss' | 'accuracy'): uPlot.AlignedData {
  const xs = batches.map((b) => b.step);
  const raw = batches.map((b) => (metric === 'loss' ? b.loss : b.accuracy));
  const train = smooth(raw, smoothingFor(raw.length));
  const byStep = new Map(epochs.map((e) => [e.step, metric === 'loss' ? e.valLoss : e.valAccuracy]));
  const val = xs.map((x) => byStep.get(x) ?? null);
  return [xs, train, val] as uPlot.AlignedData;
}
