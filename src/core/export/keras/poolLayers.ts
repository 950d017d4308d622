import { assert } from '../../assert';
import type { ConvGeometry } from '../../shape/types';
import type { KerasLayer, KerasMapping } from './kerasLayer';
import { describePads, kerasWindow, zeroPaddingLayer, type EdgePads } from './windowPadding';

function geometryOf(step: { name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.name} has no window geometry`);
  return step.geometry;
}

function pool(className: string, name: string, input: string, g: ConvGeometry, padding: 'valid' | 'same'): KerasLayer {
  return { className, name, args: { pool_size: [g.kH, g.kW], strides: [g.strideH, g.strideW], padding }, inputs: [input], weights: [] };
}

function padded(className: string, name: string, padName: string, input: string, g: ConvGeometry, pads: EdgePads, note: string): KerasLayer[] {
  const pad = zeroPaddingLayer(padName, input, pads);
  pad.note = note;
  return [pad, pool(className, name, pad.name, g, 'valid')];
}

const ceilNote = (g: ConvGeometry) => (g.ceilMode ? ' (with ceilMode)' : '');

/**
 * MaxPool2D: Keras' 'valid' or 'same' (which pads with -inf, as we do). Other pads, and a ceilMode
 * overhang, are a ZeroPadding2D only where the input is never negative (after a ReLU): there a
 * zero never beats the real pixels every window holds. Elsewhere Keras has no -inf padding.
 */
export const maxPool2d: KerasMapping<'MaxPool2D'> = ({ step, name, inputs, helperName, nonNegative }) => {
  const g = geometryOf(step);
  const windowPlan = kerasWindow(g, step.params.padding);
  if (!windowPlan.pads) return [pool('MaxPooling2D', name, inputs[0], g, windowPlan.padding)];
  if (nonNegative(0)) return padded('MaxPooling2D', name, helperName('pad'), inputs[0], g, windowPlan.pads, `zero padding (${describePads(windowPlan.pads)}) as -inf: the input is never negative`);
  const what = g.ceilMode ? 'ceilMode (PyTorch\'s ceil_mode)' : `padding (${describePads(windowPlan.pads)})`;
  return { unsupported: `${what} pads a max pool with -inf, which Keras does only as 'same' (the odd pixel bottom/right): use padding 'same' or 'valid'${g.ceilMode ? ' without ceilMode' : ''}, or put a ReLU before it (then zero padding is exact)` };
};

/**
 * AvgPool2D: the mean of the real pixels is Keras' 'valid' or 'same'; countIncludePad (PyTorch's
 * count_include_pad) divides by the whole window, which is a ZeroPadding2D before a 'valid' pool
 * as long as no ceilMode window hangs past the padding.
 */
export const avgPool2d: KerasMapping<'AvgPool2D'> = ({ step, name, inputs, helperName }) => {
  const g = geometryOf(step);
  const windowPlan = kerasWindow(g, step.params.padding);
  const e = windowPlan.explicit;
  if (step.params.countIncludePad) {
    if (e.top === 0 && e.bottom === 0 && e.left === 0 && e.right === 0) return [pool('AveragePooling2D', name, inputs[0], g, 'valid')];
    if (e.bottom <= g.padBottom && e.right <= g.padRight) return padded('AveragePooling2D', name, helperName('pad'), inputs[0], g, e, `countIncludePad: the zeros of the padding (${describePads(e)}) count in the mean`);
    return { unsupported: `countIncludePad with ceilMode: windows past the padding divide by a clipped count that Keras has no form for: use ceilMode false, or padding 'same' without countIncludePad` };
  }
  if (!windowPlan.pads) return [pool('AveragePooling2D', name, inputs[0], g, windowPlan.padding)];
  return { unsupported: `padding (${describePads(windowPlan.pads)})${ceilNote(g)}: Keras averages the real pixels only with 'same' (the odd pixel bottom/right): use padding 'same' or 'valid'${g.ceilMode ? ' without ceilMode' : ''}, or countIncludePad (a ZeroPadding2D then 'valid')` };
};

export const globalAvgPool2d: KerasMapping<'GlobalAvgPool2D'> = ({ name, inputs }) => [{ className: 'GlobalAveragePooling2D', name, args: {}, inputs, weights: [] }];

export const globalMaxPool2d: KerasMapping<'GlobalMaxPool2D'> = ({ name, inputs }) => [{ className: 'GlobalMaxPooling2D', name, args: {}, inputs, weights: [] }];
