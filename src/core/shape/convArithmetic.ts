import type { Padding, Pair } from '../graph/types';
import { MAX_TENSOR_ELEMENTS } from '../layers/limits';
import type { ConvGeometry } from './types';

/**
 * The one home of the convolution / pooling output-size arithmetic:
 *
 *   h' = floor((h + padTop + padBottom - effK) / s) + 1,   effK = d(k - 1) + 1
 *
 * Padding forms: 'valid' (0), a number p (p on every side), [[top, bottom], [left, right]], and
 * TensorFlow's 'same': out = ceil(h / s), total = max((out - 1)s + effK - h, 0),
 * top = floor(total / 2), bottom = total - top (the odd extra pixel goes bottom/right).
 *
 * Pooling's ceilMode (PyTorch's ceil_mode) rounds up instead, h' = ceil((h + pads - effK) / s) + 1,
 * and drops a last window that would start in the trailing padding: (h' - 1)s >= h + padTop.
 */

/** Both values of a Pair: a number n means [n, n]. */
export function toPairValues(pair: Pair): [number, number] {
  return typeof pair === 'number' ? [pair, pair] : [pair[0], pair[1]];
}

/** Effective (dilated) window size d(k - 1) + 1. */
export function computeEffectiveKernel(k: number, dilation: number): number {
  return dilation * (k - 1) + 1;
}

/** Padding of one axis as [before, after] for input size h, effective window effK, stride s. */
export function resolveAxisPadding(padding: Padding, axis: 0 | 1, h: number, effK: number, s: number): [number, number] {
  if (padding === 'valid') return [0, 0];
  if (padding === 'same') {
    const out = Math.ceil(h / s);
    const total = Math.max((out - 1) * s + effK - h, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
  }
  if (typeof padding === 'number') return [padding, padding];
  const pads = padding[axis];
  return [pads[0], pads[1]];
}

/**
 * floor((h + before + after - effK)/s) + 1, or with `ceilMode` ceil(...) + 1 less a last window
 * that would start past the input and its leading padding; zero or negative when the window does
 * not fit.
 */
export function computeConvOutputSize(h: number, before: number, after: number, effK: number, s: number, ceilMode = false): number {
  const span = h + before + after - effK;
  if (!ceilMode) return Math.floor(span / s) + 1;
  const out = Math.ceil(span / s) + 1;
  return isLastWindowDropped(h, before, s, out) ? out - 1 : out;
}

/** PyTorch's ceil_mode rule: a window starting at or past h + before reads only trailing padding. */
function isLastWindowDropped(h: number, before: number, s: number, ceilOut: number): boolean {
  return ceilOut > 1 && (ceilOut - 1) * s >= h + before;
}

/** What a Conv2D or pooling node needs to resolve its geometry. */
export interface WindowSpec {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  /** Defaults to 1 (pooling has no dilation). */
  dilation?: Pair;
  /** Pooling only: round the output size up (PyTorch's ceil_mode). */
  ceilMode?: boolean;
}

/**
 * Resolves sizes, padding and output size of a window op on an [inH, inW, inC] input producing
 * outC channels. outH/outW are <= 0 when the window is larger than the padded input; the caller
 * reports that (see `formatAxisArithmetic`).
 */
export function resolveConvGeometry(inH: number, inW: number, inC: number, spec: WindowSpec, outC: number): ConvGeometry {
  const [kH, kW] = toPairValues(spec.kernelSize);
  const [strideH, strideW] = toPairValues(spec.strides);
  const [dilationH, dilationW] = toPairValues(spec.dilation ?? 1);
  const effKH = computeEffectiveKernel(kH, dilationH);
  const effKW = computeEffectiveKernel(kW, dilationW);
  const [padTop, padBottom] = resolveAxisPadding(spec.padding, 0, inH, effKH, strideH);
  const [padLeft, padRight] = resolveAxisPadding(spec.padding, 1, inW, effKW, strideW);
  return {
    inH, inW, inC, kH, kW, effKH, effKW, strideH, strideW, dilationH, dilationW,
    padTop, padBottom, padLeft, padRight,
    outH: computeConvOutputSize(inH, padTop, padBottom, effKH, strideH, spec.ceilMode),
    outW: computeConvOutputSize(inW, padLeft, padRight, effKW, strideW, spec.ceilMode),
    outC,
    ...(spec.ceilMode ? { ceilMode: true as const } : {}),
  };
}

/** One axis of a geometry, for messages and fixes. */
export interface AxisGeometry {
  size: number;
  before: number;
  after: number;
  k: number;
  effK: number;
  stride: number;
  dilation: number;
  out: number;
  /** The output size was rounded up (pooling's ceilMode). */
  ceilMode: boolean;
}

/** The rows (0) or columns (1) axis of a geometry. */
export function selectAxis(g: ConvGeometry, axis: 0 | 1): AxisGeometry {
  return axis === 0
    ? { size: g.inH, before: g.padTop, after: g.padBottom, k: g.kH, effK: g.effKH, stride: g.strideH, dilation: g.dilationH, out: g.outH, ceilMode: g.ceilMode === true }
    : { size: g.inW, before: g.padLeft, after: g.padRight, k: g.kW, effK: g.effKW, stride: g.strideW, dilation: g.dilationW, out: g.outW, ceilMode: g.ceilMode === true };
}

/**
 * Rows/cols of the padded input past the last window: (h + pads - effK) mod s when rounding down,
 * 0 when the stride divides the span; with ceilMode the last window reaches the end (0 unless the
 * window is narrower than the stride).
 */
export function countSkippedPixels(a: AxisGeometry): number {
  const padded = a.size + a.before + a.after;
  if (a.effK > padded || a.out <= 0) return 0;
  return Math.max(0, padded - ((a.out - 1) * a.stride + a.effK));
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100);
}

/**
 * The arithmetic of one axis as a string, e.g. `(32 + 2*0 - 5)/1 + 1 = 28`, asymmetric
 * `(5 + 0 + 1 - 2)/2 + 1 = 3`, non-integer `(28 + 2*0 - 5)/2 + 1 = 12.5 -> 12`.
 * Uses the effective (dilated) kernel size.
 */
export function formatAxisArithmetic(a: AxisGeometry): string {
  const pads = a.before === a.after ? `2*${a.before}` : `${a.before} + ${a.after}`;
  const sum = `(${a.size} + ${pads} - ${a.effK})/${a.stride}`;
  const quotient = (a.size + a.before + a.after - a.effK) / a.stride;
  if (a.ceilMode) return `ceil(${sum}) + 1 = ${formatCeil(a, quotient)}`;
  const exact = quotient + 1;
  const floored = Math.floor(exact);
  const result = exact === floored ? formatNumber(exact) : `${formatNumber(exact)} -> ${floored}`;
  return `${sum} + 1 = ${result}`;
}

/**
 * The right-hand side of a ceilMode axis: `55`, `ceil(54.5) + 1 = 56`, and the dropped last window
 * `ceil(2.5) + 1 = 4 -> 3 (the last window would start in the padding)`.
 */
function formatCeil(a: AxisGeometry, quotient: number): string {
  const rounded = Math.ceil(quotient) + 1;
  const steps = Number.isInteger(quotient) ? String(rounded) : `ceil(${formatNumber(quotient)}) + 1 = ${rounded}`;
  return rounded === a.out ? steps : `${steps} -> ${a.out} (the last window would start in the padding)`;
}

/**
 * Where a dilated window's size comes from, e.g. `2*(5 - 1) + 1 = 9`; null without dilation, where
 * the k in the arithmetic is the kernel size itself.
 */
export function formatEffectiveKernel(a: AxisGeometry): string | null {
  return a.dilation > 1 ? `${a.dilation}*(${a.k} - 1) + 1 = ${a.effK}` : null;
}

/** Number of elements of a shape (product of dims; 1 for []). */
export function countElements(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checked size: ok when the per-sample element count is at most MAX_TENSOR_ELEMENTS (2^26). */
export function checkTensorSize(shape: readonly number[]): { ok: true; elements: number } | { ok: false; elements: number } {
  const elements = countElements(shape);
  return { ok: elements <= MAX_TENSOR_ELEMENTS, elements };
}
