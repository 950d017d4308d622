import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { PlanWeights } from '../../src/core/compile/types';
import type { ActivationFn, GraphDocument, GraphNode, Padding, Pair } from '../../src/core/graph/types';
import { activateWithTfjs } from '../oracles/tfjsActivation';
import { poolWithTfjs } from './tfjsPool';

/** tfjs on its plain-JS CPU backend: the oracle the whole pipeline is checked against. */
export async function useTfjsCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}

type TfPad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

const pair = (p: unknown, fallback: number): [number, number] =>
  p === undefined ? [fallback, fallback] : typeof p === 'number' ? [p, p] : [(p as Pair as [number, number])[0], (p as [number, number])[1]];

function tfPadding(p: unknown): TfPad {
  const padding = (p ?? 'valid') as Padding;
  if (padding === 'valid' || padding === 'same') return padding;
  if (typeof padding === 'number') return [[0, 0], [padding, padding], [padding, padding], [0, 0]];
  return [[0, 0], [padding[0][0], padding[0][1]], [padding[1][0], padding[1][1]], [0, 0]];
}

/** [top, bottom, left, right] from any Keras form of ZeroPadding2D / Cropping2D margins. */
function margins(m: unknown, fallback: number): [number, number, number, number] {
  const v = m ?? fallback;
  if (typeof v === 'number') return [v, v, v, v];
  const [rows, cols] = v as [unknown, unknown];
  if (typeof rows === 'number' && typeof cols === 'number') return [rows, rows, cols, cols];
  const [t, b] = rows as [number, number];
  const [l, r] = cols as [number, number];
  return [t, b, l, r];
}

/**
 * Evaluates a graph document directly with tfjs ops, read from the document itself (nodes, params,
 * edge order), not from the compiled plan, and returns every node's output (batch-major NHWC).
 * Only the weights are shared with the runtime under test.
 */
export function runWithTfjs(doc: GraphDocument, weights: PlanWeights, inputs: Record<string, Float32Array>, batch: number): Record<string, Float32Array> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const sources = (id: string) => doc.edges.filter((e) => e.target === id).map((e) => e.source);
  const memo = new Map<string, tf.Tensor>();
  const evaluate = (n: GraphNode): tf.Tensor => {
    const done = memo.get(n.id);
    if (done) return done;
    const xs = sources(n.id).map((s) => evaluate(byId.get(s)!));
    const p = n.params;
    const w = weights[n.id] ?? {};
    let y: tf.Tensor;
    switch (n.kind) {
      case 'Input': {
        const shape = p.shape as number[];
        y = tf.tensor(inputs[n.id], [batch, ...shape]);
        break;
      }
      case 'Conv2D': {
        const [kh, kw] = pair(p.kernelSize, 3);
        const x = xs[0] as tf.Tensor4D;
        const filters = p.filters as number;
        const kernel = tf.tensor4d(w.kernel, [kh, kw, x.shape[3], filters]);
        let conv: tf.Tensor = tf.conv2d(x, kernel, pair(p.strides, 1), tfPadding(p.padding), 'NHWC', pair(p.dilation, 1));
        if (p.useBias !== false) conv = tf.add(conv, tf.tensor1d(w.bias));
        y = activateWithTfjs(conv, (p.activation ?? 'linear') as ActivationFn);
        break;
      }
      case 'DepthwiseConv2D': {
        const [kh, kw] = pair(p.kernelSize, 3);
        const x = xs[0] as tf.Tensor4D;
        const dm = (p.depthMultiplier as number | undefined) ?? 1;
        const kernel = tf.tensor4d(w.depthwiseKernel, [kh, kw, x.shape[3], dm]);
        let conv: tf.Tensor = tf.depthwiseConv2d(x, kernel, pair(p.strides, 1), tfPadding(p.padding) as never, 'NHWC', pair(p.dilation, 1));
        if (p.useBias !== false) conv = tf.add(conv, tf.tensor1d(w.bias));
        y = activateWithTfjs(conv, (p.activation ?? 'linear') as ActivationFn);
        break;
      }
      case 'Conv2DTranspose': {
        // Keras' kernel order [kh, kw, filters, cin] is tfjs' conv2dTranspose filter layout.
        const [kh, kw] = pair(p.kernelSize, 2);
        const [sh, sw] = pair(p.strides, 2);
        const x = xs[0] as tf.Tensor4D;
        const filters = p.filters as number;
        const pad = (p.padding ?? 'valid') as Padding;
        if ((pad !== 'valid' && pad !== 'same') || (p.outputPadding ?? null) !== null || pair(p.dilation, 1).some((d) => d !== 1)) {
          throw new Error('reference: Conv2DTranspose only with valid or same padding, no outputPadding or dilation');
        }
        const [ih, iw] = [x.shape[1], x.shape[2]];
        const outShape: [number, number, number, number] = pad === 'same'
          ? [batch, ih * sh, iw * sw, filters]
          : [batch, ih * sh + Math.max(kh - sh, 0), iw * sw + Math.max(kw - sw, 0), filters];
        const kernel = tf.tensor4d(w.kernel, [kh, kw, filters, x.shape[3]]);
        let conv: tf.Tensor = tf.conv2dTranspose(x, kernel, outShape, [sh, sw], pad);
        if (p.useBias !== false) conv = tf.add(conv, tf.tensor1d(w.bias));
        y = activateWithTfjs(conv, (p.activation ?? 'linear') as ActivationFn);
        break;
      }
      case 'MaxPool2D':
      case 'AvgPool2D':
        y = poolWithTfjs(n.kind, xs[0] as tf.Tensor4D, p);
        break;
      case 'GlobalAvgPool2D':
        y = tf.mean(xs[0], [1, 2]);
        break;
      case 'GlobalMaxPool2D':
        y = tf.max(xs[0], [1, 2]);
        break;
      case 'Flatten':
        y = tf.reshape(xs[0], [batch, -1]);
        break;
      case 'Reshape': {
        const target = (p.targetShape as number[] | undefined) ?? [-1];
        y = tf.reshape(xs[0], [batch, ...target]);
        break;
      }
      case 'UpSampling2D': {
        const x = xs[0] as tf.Tensor4D;
        const [sh, sw] = pair(p.size, 2);
        const size: [number, number] = [x.shape[1] * sh, x.shape[2] * sw];
        // Keras: nearest repeats pixels (no half-pixel shift); bilinear uses half-pixel centres.
        y = p.interpolation === 'bilinear' ? tf.image.resizeBilinear(x, size, false, true) : tf.image.resizeNearestNeighbor(x, size, false, false);
        break;
      }
      case 'ZeroPadding2D': {
        const m = margins(p.padding, 1);
        y = tf.pad(xs[0], [[0, 0], [m[0], m[1]], [m[2], m[3]], [0, 0]]);
        break;
      }
      case 'Cropping2D': {
        const x = xs[0] as tf.Tensor4D;
        const [t, b, l, r] = margins(p.cropping, 1);
        y = tf.slice(x, [0, t, l, 0], [batch, x.shape[1] - t - b, x.shape[2] - l - r, x.shape[3]]);
        break;
      }
      case 'Dropout':
        y = xs[0];
        break;
      case 'Dense': {
        const x = tf.reshape(xs[0], [batch, -1]) as tf.Tensor2D;
        const units = p.units as number;
        let z: tf.Tensor = tf.matMul(x, tf.tensor2d(w.kernel, [x.shape[1], units]));
        if (p.useBias !== false) z = tf.add(z, tf.tensor1d(w.bias));
        y = activateWithTfjs(z, (p.activation ?? 'linear') as ActivationFn);
        break;
      }
      case 'Activation':
        y = activateWithTfjs(xs[0], (p.fn ?? 'relu') as ActivationFn, p.alpha as number | undefined);
        break;
      case 'BatchNorm':
        y = tf.batchNorm(xs[0], tf.tensor1d(w.movingMean), tf.tensor1d(w.movingVariance), tf.tensor1d(w.beta), tf.tensor1d(w.gamma), (p.epsilon as number | undefined) ?? 1e-3);
        break;
      case 'Add':
        y = tf.addN(xs);
        break;
      case 'Concatenate':
        y = tf.concat(xs, -1);
        break;
      case 'Multiply': {
        // Broadcasting as tf.mul does: a [c] gate is first given the map's rank.
        const rank = Math.max(...xs.map((t) => t.rank));
        y = xs.map((t) => (t.rank < rank ? tf.reshape(t, [batch, ...Array(rank - 2).fill(1), t.shape[1]]) : t)).reduce((a, b) => tf.mul(a, b));
        break;
      }
      case 'Rescaling':
        // Keras' Rescaling: a multiply, then an add, each rounded to float32.
        y = tf.add(tf.mul(xs[0], p.scale as number), p.offset as number);
        break;
      default:
        throw new Error(`reference: unsupported kind ${n.kind}`);
    }
    memo.set(n.id, y);
    return y;
  };
  const out: Record<string, Float32Array> = {};
  tf.tidy(() => {
    for (const n of doc.nodes) evaluate(n);
    for (const [id, t] of memo) out[id] = t.dataSync() as Float32Array;
  });
  return out;
}

/**
 * max |a - b| divided by max(|b|, scaleFloor): the error relative to the reference output's
 * magnitude (or to `scaleFloor` when that is larger).
 */
export function relativeMaxError(actual: Float32Array, expected: Float32Array, scaleFloor = 0): number {
  if (actual.length !== expected.length) return Infinity;
  let err = 0;
  let scale = scaleFloor;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return err / Math.max(scale, 1e-12);
}

function maxAbs(values: Float32Array | undefined): number {
  let m = 0;
  for (const v of values ?? []) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The error of one node's output relative to the larger of its own magnitude and its inputs':
 * a sum whose terms cancel (a mean of values of both signs, a conv's dot product) is as exact as
 * float32 allows relative to its terms, not to its small result, and two correct implementations
 * that add in different orders differ by that much (GlobalAvgPool2D of values near +-0.17 giving
 * 2.4e-4 differed by 1.7e-5 of the result).
 */
export function nodeError(doc: GraphDocument, nodeId: string, ours: Record<string, Float32Array>, ref: Record<string, Float32Array>): number {
  const inputScale = doc.edges.filter((e) => e.target === nodeId).reduce((m, e) => Math.max(m, maxAbs(ref[e.source])), 0);
  return relativeMaxError(ours[nodeId], ref[nodeId], inputScale);
}
