import * as tf from '@tensorflow/tfjs-core';
import type { Padding, Pair } from '../../src/core/graph/types';

/**
 * MaxPool2D and AvgPool2D from their document params with tfjs ops. tfjs has no ceil_mode nor
 * count_include_pad, so those are built from padding: the input is padded out to where the last
 * rounded-up window ends (-inf for the max, which never wins), pooled 'valid', and cut to the
 * output size; a mean is the pooled padded input over the pooled mask of the cells that count
 * (the real ones, or with countIncludePad the padded input, never the overhang).
 */
export function poolWithTfjs(kind: 'MaxPool2D' | 'AvgPool2D', x: tf.Tensor4D, p: Record<string, unknown>): tf.Tensor {
  const k = pairOf(p.poolSize as Pair | undefined, 2);
  const s = p.strides === undefined ? k : pairOf(p.strides as Pair, 1);
  const padding = (p.padding ?? 'valid') as Padding;
  const counted = p.countIncludePad === true;
  if (p.ceilMode !== true && !counted) {
    const pad = typeof padding === 'string' ? padding : explicitPads(x.shape, k, s, padding);
    return kind === 'MaxPool2D' ? tf.maxPool(x, k, s, pad as 'valid') : tf.avgPool(x, k, s, pad as 'valid');
  }
  const [, h, w] = x.shape;
  const pads = resolvePads(x.shape, k, s, padding);
  const ceil = p.ceilMode === true;
  const outH = outputSize(h, pads[0][0], pads[0][1], k[0], s[0], ceil);
  const outW = outputSize(w, pads[1][0], pads[1][1], k[1], s[1], ceil);
  // Rows to reach the last window's end; at least the padding itself, which a counted mean needs.
  const extraH = Math.max((outH - 1) * s[0] + k[0] - (h + pads[0][0] + pads[0][1]), 0);
  const extraW = Math.max((outW - 1) * s[1] + k[1] - (w + pads[1][0] + pads[1][1]), 0);
  const all: [number, number][] = [[0, 0], [pads[0][0], pads[0][1] + extraH], [pads[1][0], pads[1][1] + extraW], [0, 0]];
  const cut = (t: tf.Tensor4D) => tf.slice(t, [0, 0, 0, 0], [-1, outH, outW, -1]);
  if (kind === 'MaxPool2D') return cut(tf.maxPool(tf.pad(x, all, -Infinity), k, s, 'valid'));
  const ones = tf.ones([1, h, w, 1]) as tf.Tensor4D;
  const mask = counted
    ? tf.pad(tf.pad(ones, [[0, 0], pads[0], pads[1], [0, 0]], 1), [[0, 0], [0, extraH], [0, extraW], [0, 0]])
    : tf.pad(ones, all);
  return cut(tf.div(tf.avgPool(tf.pad(x, all), k, s, 'valid'), tf.avgPool(mask as tf.Tensor4D, k, s, 'valid')) as tf.Tensor4D);
}

function pairOf(p: Pair | undefined, fallback: number): [number, number] {
  return p === undefined ? [fallback, fallback] : typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** PyTorch's pooling output size: floor, or ceil less a last window starting in the trailing pad. */
function outputSize(h: number, before: number, after: number, k: number, s: number, ceil: boolean): number {
  const span = h + before + after - k;
  if (!ceil) return Math.floor(span / s) + 1;
  const out = Math.ceil(span / s) + 1;
  return (out - 1) * s >= h + before ? out - 1 : out;
}

function explicitPads(shape: number[], k: [number, number], s: [number, number], padding: Padding) {
  const [[t, b], [l, r]] = resolvePads(shape, k, s, padding);
  return [[0, 0], [t, b], [l, r], [0, 0]];
}

/** [[top, bottom], [left, right]]; 'same' as tfjs resolves it. */
function resolvePads(shape: number[], k: [number, number], s: [number, number], padding: Padding): [[number, number], [number, number]] {
  if (padding === 'valid') return [[0, 0], [0, 0]];
  if (typeof padding === 'number') return [[padding, padding], [padding, padding]];
  if (padding === 'same') {
    const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], k, s, 1, 'same');
    return [[info.padInfo.top, info.padInfo.bottom], [info.padInfo.left, info.padInfo.right]];
  }
  return [[padding[0][0], padding[0][1]], [padding[1][0], padding[1][1]]];
}
