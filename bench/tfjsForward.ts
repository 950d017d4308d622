/**
 * Our compiled plan as TensorFlow.js ops, the way tfjs is run at its best: Conv2D and Dense
 * through `tf.fused.conv2d` / `tf.fused.matMul` with the bias and (where tfjs fuses it) the
 * activation in the same kernel, weights uploaded once to the active backend, the output read
 * back so the timing includes it. Call `tf.enableProdMode()` once before (./benchUtils does).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExecutionPlan, PlanStep, PlanWeights } from '../src/core/compile/types';
import type { GraphDocument } from '../src/core/graph/types';

/** What tfjs's fused kernels apply themselves. */
const FUSED = new Set(['linear', 'relu', 'relu6', 'sigmoid']);
type Fused = 'linear' | 'relu' | 'relu6' | 'sigmoid';

function activate(x: tf.Tensor, fn: string): tf.Tensor {
  if (fn === 'linear') return x;
  if (fn === 'relu') return tf.relu(x);
  if (fn === 'relu6') return tf.relu6(x);
  if (fn === 'sigmoid') return tf.sigmoid(x);
  if (fn === 'tanh') return tf.tanh(x);
  if (fn === 'softmax') return tf.softmax(x);
  throw new Error(`tfjsForward: activation ${fn} not wired up`);
}

/** The activation of `x`, disposing `x` when a new tensor replaces it. */
function activateAndDispose(x: tf.Tensor, fn: string): tf.Tensor {
  const y = activate(x, fn);
  if (y !== x) x.dispose();
  return y;
}

/** A runner whose `run` returns the output (a fresh array) and `dispose` frees the weights. */
export interface TfjsForward { run(): Float32Array; dispose(): void }

/** Builds the forward pass on the active backend for a fixed batch and input. */
export function buildTfjsForward(doc: GraphDocument, plan: ExecutionPlan, weights: PlanWeights, batch: number, x: Float32Array): TfjsForward {
  const held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    held.push(t);
    return t;
  };
  // The step's own params: a fused plan (../src/core/compile/fuseEpilogues) changes them from the document's.
  const params = (step: PlanStep) => step.params as unknown as Record<string, unknown>;
  const w = (step: PlanStep, name: string) => keep(tf.tensor(weights[step.nodeId][name], [...step.weights.find((s) => s.name === name)!.shape]));
  const input = keep(tf.tensor(x, [batch, ...plan.inputs[0].shape]));
  const values = new Map<number, tf.Tensor>();
  const layers = plan.steps.map((step): ((xs: tf.Tensor[]) => tf.Tensor) => {
    const p = params(step);
    const g = step.geometry;
    const fn = String(p.activation ?? 'linear');
    switch (step.kind) {
      case 'Input':
        return () => input;
      case 'Conv2D': {
        const filter = w(step, 'kernel') as tf.Tensor4D;
        const bias = p.useBias ? w(step, 'bias') : undefined;
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g!.padTop, g!.padBottom], [g!.padLeft, g!.padRight], [0, 0]];
        const fused = FUSED.has(fn);
        return ([t]) => {
          const y = tf.fused.conv2d({
            x: t as tf.Tensor4D, filter, strides: [g!.strideH, g!.strideW], pad, dilations: [g!.dilationH, g!.dilationW], bias,
            activation: fused ? (fn as Fused) : 'linear',
          });
          const activated = fused ? y : activateAndDispose(y, fn);
          const q = step.epiloguePool;
          if (!q) return activated;
          // A max pool the plan folded into this conv (fuseEpilogues): tfjs's own op after it.
          const pooled = tf.maxPool(activated as tf.Tensor4D, [q.kH, q.kW], [q.strideH, q.strideW], 'valid');
          activated.dispose();
          return pooled;
        };
      }
      case 'DepthwiseConv2D': {
        const filter = w(step, 'depthwiseKernel') as tf.Tensor4D;
        const bias = p.useBias ? w(step, 'bias') : undefined;
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g!.padTop, g!.padBottom], [g!.padLeft, g!.padRight], [0, 0]];
        const fused = FUSED.has(fn);
        return ([t]) => {
          const y = tf.fused.depthwiseConv2d({
            x: t as tf.Tensor4D, filter, strides: [g!.strideH, g!.strideW], pad: pad as unknown as 'valid', dilations: [g!.dilationH, g!.dilationW], bias,
            activation: fused ? (fn as Fused) : 'linear',
          });
          return fused ? y : activateAndDispose(y, fn);
        };
      }
      case 'MaxPool2D':
      case 'AvgPool2D': {
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g!.padTop, g!.padBottom], [g!.padLeft, g!.padRight], [0, 0]];
        const explicit = g!.padTop + g!.padBottom + g!.padLeft + g!.padRight > 0;
        if (explicit && step.kind === 'AvgPool2D') throw new Error(`tfjsForward: padded AvgPool2D (${step.name}) not wired up`);
        const pool = step.kind === 'MaxPool2D' ? tf.maxPool : tf.avgPool;
        return ([t]) => pool(t as tf.Tensor4D, [g!.kH, g!.kW], [g!.strideH, g!.strideW], explicit ? (pad as unknown as 'valid') : 'valid');
      }
      case 'GlobalAvgPool2D':
        return ([t]) => tf.mean(t, [1, 2]);
      case 'Flatten':
        return ([t]) => tf.reshape(t, [batch, -1]);
      case 'Dropout':
        return ([t]) => t;
      case 'Dense': {
        const k = w(step, 'kernel') as tf.Tensor2D;
        const bias = p.useBias ? w(step, 'bias') : undefined;
        const fused = FUSED.has(fn);
        return ([t]) => {
          const a = tf.reshape(t, [batch, -1]) as tf.Tensor2D;
          const y = tf.fused.matMul({ a, b: k, bias, activation: fused ? (fn as Fused) : 'linear' });
          a.dispose();
          return fused ? y : activateAndDispose(y, fn);
        };
      }
      case 'Activation':
        return ([t]) => activate(t, String(p.fn));
      case 'BatchNorm': {
        const [m, v, beta, gamma] = ['movingMean', 'movingVariance', 'beta', 'gamma'].map((n) => w(step, n));
        return ([t]) => tf.batchNorm(t, m, v, beta, gamma, Number(p.epsilon));
      }
      case 'Add':
        return (xs) => tf.addN(xs);
      case 'Concatenate':
        return (xs) => tf.concat(xs, -1);
      default:
        // As in ./onnxModel: only what the benchmarked models use, naming any other kind.
        throw new Error(`tfjsForward: ${(step as { kind: string }).kind} not wired up`);
    }
  });
  const outputBuffer = plan.outputs[0].buffer;
  return {
    run() {
      // Intermediates are disposed by hand, not by tf.tidy: inside a tidy scope tfjs-wasm 4.22 runs
      // a fused conv ten times slower here (measured on the 56x56 case), which is not its best.
      values.clear();
      const made: tf.Tensor[] = [];
      for (const [i, step] of plan.steps.entries()) {
        const y = layers[i](step.inputBuffers.map((b) => values.get(b)!));
        if (!held.includes(y)) made.push(y);
        values.set(step.outputBuffer, y);
      }
      const out = values.get(outputBuffer)!.dataSync() as Float32Array;
      for (const t of made) if (!t.isDisposed) t.dispose();
      return out;
    },
    dispose: () => held.forEach((t) => t.dispose()),
  };
}
