import { createRandom } from '../../compile/random';
import type { Dataset } from './dataset';

/**
 * A seeded train/validation split of `data`: `fraction` of each class (at least one sample of any
 * class with two or more) goes to validation, so a small or unbalanced set still validates every
 * class it can. Value targets (mse) are split over all samples.
 */
export function splitValidation(data: Dataset, fraction: number, seed: number): { train: Dataset; validation: Dataset } {
  const random = createRandom(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < data.count; i++) {
    const key = data.targets.kind === 'classes' ? data.targets.classes[i] : 0;
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(key)!;
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    const held = group.length < 2 ? 0 : Math.max(1, Math.round(fraction * group.length));
    validation.push(...group.slice(0, held));
    train.push(...group.slice(held));
  }
  return { train: subset(data, train.sort((a, b) => a - b)), validation: subset(data, validation.sort((a, b) => a - b)) };
}

/** The samples `indices` of `data`, in that order. */
export function subset(data: Dataset, indices: readonly number[]): Dataset {
  const p = data.perSample;
  const x = new Float32Array(indices.length * p);
  indices.forEach((i, k) => x.set(data.x.subarray(i * p, (i + 1) * p), k * p));
  const base = { x, count: indices.length, perSample: p, ...(data.classNames ? { classNames: data.classNames } : {}) };
  if (data.targets.kind === 'classes') {
    const classes = data.targets.classes;
    return { ...base, targets: { kind: 'classes', classes: Int32Array.from(indices, (i) => classes[i]) } };
  }
  const values = data.targets.values;
  const outSize = values.length / data.count;
  const out = new Float32Array(indices.length * outSize);
  indices.forEach((i, k) => out.set(values.subarray(i * outSize, (i + 1) * outSize), k * outSize));
  return { ...base, targets: { kind: 'values', values: out } };
}
