import { toPairValues } from '../shape/convArithmetic';
import type { Padding, Pair } from '../graph/types';
import type { FieldError } from './layerTypes';
import { MAX_DILATION, MAX_PADDING, MAX_STRIDE, MAX_WINDOW } from './limits';
import { formatPair, readPadding, readPair } from './paramReaders';

/** The window params the convolution kinds share. */
export interface WindowParams { kernelSize: Pair; strides: Pair; padding: Padding; dilation: Pair }

/**
 * Reads kernelSize, strides, padding and dilation, and refuses dilation > 1 together with
 * strides > 1 as Keras does for every convolution kind (TensorFlow's kernels have no such mode).
 */
export function readWindowParams(raw: Record<string, unknown>, defaults: WindowParams, errors: FieldError[]): WindowParams {
  const params: WindowParams = {
    kernelSize: readPair(raw, 'kernelSize', MAX_WINDOW, defaults.kernelSize, errors),
    strides: readPair(raw, 'strides', MAX_STRIDE, defaults.strides, errors),
    padding: readPadding(raw, 'padding', MAX_PADDING, defaults.padding, errors),
    dilation: readPair(raw, 'dilation', MAX_DILATION, defaults.dilation, errors),
  };
  if (Math.max(...toPairValues(params.dilation)) > 1 && Math.max(...toPairValues(params.strides)) > 1) {
    errors.push({ field: 'dilation', message: `dilation ${formatPair(params.dilation)} cannot be combined with strides ${formatPair(params.strides)} (Keras allows only one of them above 1)` });
  }
  return params;
}

/** The card's dilation part, `d2` or `d2x3`; empty without dilation. */
export function formatDilation(dilation: Pair): string {
  const [dh, dw] = toPairValues(dilation);
  return dh > 1 || dw > 1 ? `d${dh === dw ? dh : `${dh}x${dw}`}` : '';
}
