/**
 * The window attributes Conv and the pools share (kernel_shape, strides, dilations, pads, auto_pad),
 * turned into the document's pair and padding params.
 */
import type { Padding } from '../../graph/types';
import { computeEffectiveKernel } from '../../shape/convArithmetic';
import { readInts, readString } from '../attributes';
import type { MapContext } from './mapContext';

/** ONNX 2-D pads in our order: [top, left, bottom, right] (ONNX's x1_begin, x2_begin, x1_end, x2_end). */
export type Pads = [number, number, number, number];

export interface WindowAttributes {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  pads: Pads;
}

/** A pair param: n when both axes agree, [rows, cols] otherwise. */
export function toPair([a, b]: readonly [number, number]): number | [number, number] {
  return a === b ? a : [a, b];
}

/** Pads as a padding param: 'valid', a symmetric p, or [[top, bottom], [left, right]]. */
export function toPadding([top, left, bottom, right]: Pads): Padding {
  if (top === 0 && left === 0 && bottom === 0 && right === 0) return 'valid';
  if (top === left && left === bottom && bottom === right) return top;
  return [[top, bottom], [left, right]];
}

/**
 * Reads the window attributes of a 2-D Conv/pool. auto_pad SAME_UPPER/SAME_LOWER are resolved to
 * explicit pads from the input size (`inHW`), as ONNX defines them: output ceil(in / s), the odd
 * extra pixel after (UPPER) or before (LOWER).
 */
export function readWindow(ctx: MapContext, kernelFallback: readonly number[] | null, inHW: readonly [number, number]):
  { ok: true; window: WindowAttributes } | { ok: false; reason: string } {
  const kernel = readInts(ctx.attrs, 'kernel_shape', kernelFallback ?? []);
  if (kernel.length !== 2) return { ok: false, reason: `kernel_shape [${kernel.join(', ')}] is not 2-D (only 2-D windows are layers)` };
  const strides = readInts(ctx.attrs, 'strides', [1, 1]);
  const dilations = readInts(ctx.attrs, 'dilations', [1, 1]);
  if (strides.length !== 2 || dilations.length !== 2) return { ok: false, reason: `strides [${strides.join(', ')}] / dilations [${dilations.join(', ')}] are not 2-D` };
  const autoPad = readString(ctx.attrs, 'auto_pad', 'NOTSET');
  let pads: number[];
  if (autoPad === 'NOTSET') {
    pads = readInts(ctx.attrs, 'pads', [0, 0, 0, 0]);
    if (pads.length !== 4) return { ok: false, reason: `pads [${pads.join(', ')}] are not 2-D (4 values)` };
    if (pads.some((p) => p < 0)) return { ok: false, reason: `negative pads [${pads.join(', ')}] (cropping) are not supported` };
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0];
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = [0, 0, 0, 0];
    for (const axis of [0, 1]) {
      const out = Math.ceil(inHW[axis] / strides[axis]);
      const total = Math.max((out - 1) * strides[axis] + computeEffectiveKernel(kernel[axis], dilations[axis]) - inHW[axis], 0);
      const small = Math.floor(total / 2);
      pads[axis] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[axis + 2] = total - pads[axis];
    }
  } else {
    return { ok: false, reason: `auto_pad '${autoPad}' is not one ONNX defines` };
  }
  return {
    ok: true,
    window: {
      kernel: [kernel[0], kernel[1]],
      strides: [strides[0], strides[1]],
      dilations: [dilations[0], dilations[1]],
      pads: [pads[0], pads[1], pads[2], pads[3]],
    },
  };
}
