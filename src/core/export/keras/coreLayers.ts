import { resolveMargins } from '../../layers/margins';
import { toPairValues } from '../../shape/convArithmetic';
import { activationLayer, fusedActivation } from './activations';
import type { KerasLayer, KerasMapping } from './kerasLayer';

/** Keras' BatchNormalization momentum: the moving averages keep 0.99 of the old value (the app's training uses the same). */
export const KERAS_BATCH_NORM_MOMENTUM = 0.99;

const single = (className: string, name: string, inputs: string[], args: KerasLayer['args'] = {}): KerasLayer[] => [{ className, name, args, inputs, weights: [] }];

export const dense: KerasMapping<'Dense'> = ({ step, name, inputs, weight, helperName }) => {
  const p = step.params;
  const n = step.inputShapes[0][0];
  const act = fusedActivation(p.activation);
  const layers: KerasLayer[] = [{
    className: 'Dense', name, inputs,
    args: { units: p.units, activation: act.activation, use_bias: p.useBias },
    // Our kernel is [in, out] with `in` in NHWC order, as Keras' Flatten makes it.
    weights: [{ name: 'kernel', shape: [n, p.units], values: () => weight('kernel') }, ...(p.useBias ? [{ name: 'bias', shape: [p.units], values: () => weight('bias') }] : [])],
  }];
  if (act.after) {
    const after = act.after(helperName('act'), name);
    if ('unsupported' in after) return after;
    layers.push(after);
  }
  return layers;
};

/** Keras' Flatten takes maps only; a vector's Flatten (the identity) is a Reshape to itself. */
export const flatten: KerasMapping<'Flatten'> = ({ step, name, inputs }) => {
  const shape = step.inputShapes[0];
  if (shape.length === 3) return single('Flatten', name, inputs);
  return [{ className: 'Reshape', name, args: { target_shape: [...step.outputShape] }, inputs, weights: [], note: 'already a vector: Keras flattens maps only' }];
};

export const activation: KerasMapping<'Activation'> = ({ step, name, inputs }) => {
  const layer = activationLayer(step.params.fn, step.params.alpha, name, inputs[0]);
  return 'unsupported' in layer ? layer : [layer];
};

export const dropout: KerasMapping<'Dropout'> = ({ step, name, inputs }) => single('Dropout', name, inputs, { rate: step.params.rate });

export const batchNorm: KerasMapping<'BatchNorm'> = ({ step, name, inputs, weight }) => {
  const c = step.outputShape[step.outputShape.length - 1];
  const vector = (keras: string, ours: string) => ({ name: keras, shape: [c], values: () => weight(ours) });
  return [{
    className: 'BatchNormalization', name, inputs,
    args: { axis: -1, momentum: KERAS_BATCH_NORM_MOMENTUM, epsilon: step.params.epsilon, center: true, scale: true },
    weights: [vector('gamma', 'gamma'), vector('beta', 'beta'), vector('moving_mean', 'movingMean'), vector('moving_variance', 'movingVariance')],
  }];
};

export const add: KerasMapping<'Add'> = ({ name, inputs }) => single('Add', name, inputs);

export const concatenate: KerasMapping<'Concatenate'> = ({ name, inputs }) => single('Concatenate', name, inputs, { axis: -1 });

/** A [c] gate on an [h, w, c] map is reshaped to [1, 1, c] first (what Keras' own SE blocks do). */
export const multiply: KerasMapping<'Multiply'> = ({ step, name, inputs, helperName }) => {
  const out = step.outputShape;
  const layers: KerasLayer[] = [];
  const operands = inputs.map((input, k) => {
    const shape = step.inputShapes[k];
    if (out.length !== 3 || shape.length !== 1) return input;
    const reshape: KerasLayer = { className: 'Reshape', name: helperName(`gate${k}`), args: { target_shape: [1, 1, shape[0]] }, inputs: [input], weights: [], note: 'the gate as [1, 1, c], broadcast over the map' };
    layers.push(reshape);
    return reshape.name;
  });
  layers.push({ className: 'Multiply', name, args: {}, inputs: operands, weights: [] });
  return layers;
};

export const upSampling2d: KerasMapping<'UpSampling2D'> = ({ step, name, inputs }) => {
  if (step.params.interpolation === 'bilinear') {
    return { unsupported: "bilinear: tfjs-layers' UpSampling2D resizes without half-pixel centres, unlike Keras and the app: use nearest, or a Conv2DTranspose" };
  }
  return single('UpSampling2D', name, inputs, { size: toPairValues(step.params.size), interpolation: 'nearest' });
};

const margins = (m: ReturnType<typeof resolveMargins>) => [[m.top, m.bottom], [m.left, m.right]];

export const zeroPadding2d: KerasMapping<'ZeroPadding2D'> = ({ step, name, inputs }) => single('ZeroPadding2D', name, inputs, { padding: margins(resolveMargins(step.params.padding)) });

export const cropping2d: KerasMapping<'Cropping2D'> = ({ step, name, inputs }) => single('Cropping2D', name, inputs, { cropping: margins(resolveMargins(step.params.cropping)) });

/** Keras reshapes the row-major NHWC sample, as the app does; the target is written resolved (no -1). */
export const reshape: KerasMapping<'Reshape'> = ({ step, name, inputs }) => single('Reshape', name, inputs, { target_shape: [...step.outputShape] });

export const rescaling: KerasMapping<'Rescaling'> = ({ step, name, inputs }) => single('Rescaling', name, inputs, { scale: step.params.scale, offset: step.params.offset });
