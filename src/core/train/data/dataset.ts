import type { MnistDigits } from '../../imaging/mnistDigits';
import type { Targets } from '../losses';

/** Samples for training: `count` inputs of `perSample` floats, with class indices or target values. */
export interface Dataset {
  x: Float32Array;
  targets: Targets;
  count: number;
  perSample: number;
  /** Class names for class targets (index = class). */
  classNames?: string[];
}

/** MNIST digits as a dataset of [28, 28, 1] images in 0..1 with their digit as the class. */
export function mnistDataset(digits: MnistDigits): Dataset {
  const perSample = digits.rows * digits.cols;
  const count = digits.labels.length;
  const x = new Float32Array(count * perSample);
  for (let i = 0; i < x.length; i++) x[i] = digits.pixels[i] / 255;
  return { x, targets: { kind: 'classes', classes: Int32Array.from(digits.labels) }, count, perSample, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
}

/** Samples `indices` of `data` gathered into `x` / a targets view (for one batch). */
export function gatherBatch(data: Dataset, indices: ArrayLike<number>, n: number, x: Float32Array, outSize: number): Targets {
  const p = data.perSample;
  for (let k = 0; k < n; k++) x.set(data.x.subarray(indices[k] * p, indices[k] * p + p), k * p);
  if (data.targets.kind === 'classes') {
    const classes = new Int32Array(n);
    for (let k = 0; k < n; k++) classes[k] = data.targets.classes[indices[k]];
    return { kind: 'classes', classes };
  }
  const values = new Float32Array(n * outSize);
  for (let k = 0; k < n; k++) values.set(data.targets.values.subarray(indices[k] * outSize, (indices[k] + 1) * outSize), k * outSize);
  return { kind: 'values', values };
}
