import type { Padding, Pair } from '../graph/types';
import { computeEffectiveKernel, toPairValues } from './convArithmetic';

/**
 * Output sizes of a transposed convolution (Conv2DTranspose), as Keras' `deconv_output_length`
 * and TensorFlow's conv2d_transpose compute them, effK = d(k - 1) + 1:
 *
 *   without outputPadding:  valid  h' = h*s + max(effK - s, 0)   (= (h - 1)s + effK when effK >= s)
 *                           same   h' = h*s
 *   with outputPadding op:  h' = (h - 1)s + effK - 2*pad + op,  pad = 0 (valid), floor(effK / 2) (same)
 *   explicit padding:       h' = (h - 1)s + effK - before - after + op   (PyTorch's ConvTranspose2d form)
 *
 * Input pixel i writes output rows i*s - before + ky*d, ky < k; rows that fall outside 0..h'-1 are
 * cropped. `before` is 0 for valid, TensorFlow's forward-'same' rule on h' for same
 * (floor(max((h - 1)s + effK - h', 0) / 2)), and the given number otherwise.
 */
export interface TransposedGeometry {
  inH: number; inW: number; inC: number;
  kH: number; kW: number;
  effKH: number; effKW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  /** Output padding per axis; null when not given (Keras' None). */
  outputPaddingH: number | null; outputPaddingW: number | null;
  /** Rows/cols cropped before the first output row/col, and after the last. */
  padTop: number; padBottom: number; padLeft: number; padRight: number;
  outH: number; outW: number; outC: number;
}

export interface TransposedSpec {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  outputPadding: Pair | null;
}

/** One axis: output size and the crops before/after, from the input size h. */
export function resolveTransposedAxis(
  padding: Padding, axis: 0 | 1, h: number, effK: number, s: number, op: number | null,
): { out: number; before: number; after: number } {
  const full = (h - 1) * s + effK; // every tap of every input pixel, nothing cropped
  let out: number;
  let before: number;
  if (padding === 'valid') {
    out = op === null ? h * s + Math.max(effK - s, 0) : full + op;
    before = 0;
  } else if (padding === 'same') {
    out = op === null ? h * s : full - 2 * Math.floor(effK / 2) + op;
    before = Math.floor(Math.max(full - out, 0) / 2);
  } else {
    const [b, a] = typeof padding === 'number' ? [padding, padding] : padding[axis];
    out = full - b - a + (op ?? 0);
    before = b;
  }
  return { out, before, after: full - before - out };
}

/** Resolves a Conv2DTranspose on an [inH, inW, inC] input with `filters` output channels. */
export function resolveTransposedGeometry(inH: number, inW: number, inC: number, spec: TransposedSpec, filters: number): TransposedGeometry {
  const [kH, kW] = toPairValues(spec.kernelSize);
  const [strideH, strideW] = toPairValues(spec.strides);
  const [dilationH, dilationW] = toPairValues(spec.dilation);
  const [opH, opW] = spec.outputPadding === null ? [null, null] : toPairValues(spec.outputPadding);
  const effKH = computeEffectiveKernel(kH, dilationH);
  const effKW = computeEffectiveKernel(kW, dilationW);
  const rows = resolveTransposedAxis(spec.padding, 0, inH, effKH, strideH, opH);
  const cols = resolveTransposedAxis(spec.padding, 1, inW, effKW, strideW, opW);
  return {
    inH, inW, inC, kH, kW, effKH, effKW, strideH, strideW, dilationH, dilationW,
    outputPaddingH: opH, outputPaddingW: opW,
    padTop: rows.before, padBottom: rows.after, padLeft: cols.before, padRight: cols.after,
    outH: rows.out, outW: cols.out, outC: filters,
  };
}

/**
 * The arithmetic of one axis as the inspector and messages show it, e.g. `16*2 = 32` (same),
 * `16*2 + max(3 - 2, 0) = 33` (valid), `(16 - 1)*2 + 3 - 2*1 + 1 = 32` (outputPadding 1, same).
 */
export function formatTransposedArithmetic(g: TransposedGeometry, padding: Padding, axis: 0 | 1): string {
  const h = axis === 0 ? g.inH : g.inW;
  const s = axis === 0 ? g.strideH : g.strideW;
  const effK = axis === 0 ? g.effKH : g.effKW;
  const op = axis === 0 ? g.outputPaddingH : g.outputPaddingW;
  const out = axis === 0 ? g.outH : g.outW;
  if (op === null && padding === 'same') return `${h}*${s} = ${out}`;
  if (op === null && padding === 'valid') return `${h}*${s} + max(${effK} - ${s}, 0) = ${out}`;
  let pads: string;
  if (padding === 'valid') pads = '';
  else if (padding === 'same') pads = ` - 2*${Math.floor(effK / 2)}`;
  else {
    const [b, a] = typeof padding === 'number' ? [padding, padding] : padding[axis];
    pads = b === a ? ` - 2*${b}` : ` - ${b} - ${a}`;
  }
  return `(${h} - 1)*${s} + ${effK}${pads}${op ? ` + ${op}` : ''} = ${out}`;
}
