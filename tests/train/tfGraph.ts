import type * as TF from '@tensorflow/tfjs-core';
import type { TrainingGraph } from '../../src/core/train/trainingGraph';
import type { ParamsByKind } from '../../src/core/graph/types';

type Vars = Record<string, Record<string, TF.Variable>>;

/**
 * The same graph written in TensorFlow.js ops, for whole-graph oracles: variables hold the same
 * initial weights; BatchNorm trains on batch statistics (tf.moments), Dropout must be absent.
 * `logitsOf` returns the output before a final softmax/sigmoid when `logits` is set.
 */
export function buildTfGraph(tf: typeof TF, graph: TrainingGraph) {
  const { plan, inputSteps, params, weights } = graph;
  const vars: Vars = {};
  for (const step of plan.steps) {
    for (const spec of step.weights) {
      (vars[step.nodeId] ??= {})[spec.name] = tf.variable(tf.tensor(weights[step.nodeId][spec.name], [...spec.shape]), !spec.name.startsWith('moving'));
    }
  }
  const act = (t: TF.Tensor, fn: string): TF.Tensor => (fn === 'relu' ? tf.relu(t) : fn === 'sigmoid' ? tf.sigmoid(t) : fn === 'tanh' ? tf.tanh(t) : fn === 'softmax' ? tf.softmax(t) : t);
  const forward = (x: TF.Tensor, logits: boolean): TF.Tensor => {
    const values: TF.Tensor[] = [];
    const last = plan.steps.length - 1;
    plan.steps.forEach((step, i) => {
      const ins = inputSteps[i].map((p) => values[p]);
      const v = vars[step.nodeId];
      const g = step.geometry;
      const pad = g ? ([[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]) : undefined;
      const finalAct = (fn: string) => (logits && i === last && (fn === 'softmax' || fn === 'sigmoid') ? 'linear' : fn);
      switch (step.kind) {
        case 'Input':
          values.push(x);
          return;
        case 'Conv2D': {
          const p = params[i] as ParamsByKind['Conv2D'];
          let y = tf.conv2d(ins[0] as TF.Tensor4D, v.kernel as unknown as TF.Tensor4D, [g!.strideH, g!.strideW], pad as unknown as 'same');
          if (p.useBias) y = tf.add(y, v.bias);
          values.push(act(y, finalAct(p.activation)));
          return;
        }
        case 'DepthwiseConv2D': {
          const p = params[i] as ParamsByKind['DepthwiseConv2D'];
          let y = tf.depthwiseConv2d(ins[0] as TF.Tensor4D, v.depthwiseKernel as unknown as TF.Tensor4D, [g!.strideH, g!.strideW], pad as unknown as 'same');
          if (p.useBias) y = tf.add(y, v.bias);
          values.push(act(y, finalAct(p.activation)));
          return;
        }
        case 'Dense': {
          const p = params[i] as ParamsByKind['Dense'];
          let y = tf.matMul(tf.reshape(ins[0], [ins[0].shape[0], -1]) as TF.Tensor2D, v.kernel as unknown as TF.Tensor2D) as TF.Tensor;
          if (p.useBias) y = tf.add(y, v.bias);
          values.push(act(y, finalAct(p.activation)));
          return;
        }
        case 'MaxPool2D':
        case 'AvgPool2D': {
          // Cases here use 'valid' pooling (tfjs pools take no explicit padding).
          const f = step.kind === 'MaxPool2D' ? tf.maxPool : tf.avgPool;
          values.push(f(ins[0] as TF.Tensor4D, [g!.kH, g!.kW], [g!.strideH, g!.strideW], 'valid'));
          return;
        }
        case 'GlobalAvgPool2D':
          values.push(tf.mean(ins[0], [1, 2]));
          return;
        case 'Flatten':
          values.push(tf.reshape(ins[0], [ins[0].shape[0], -1]));
          return;
        case 'Activation':
          values.push(act(ins[0], finalAct((params[i] as ParamsByKind['Activation']).fn)));
          return;
        case 'BatchNorm': {
          const axes = ins[0].shape.slice(0, -1).map((_, k) => k);
          const m = tf.moments(ins[0], axes);
          values.push(tf.batchNorm(ins[0], m.mean, m.variance, v.beta, v.gamma, (params[i] as ParamsByKind['BatchNorm']).epsilon));
          return;
        }
        case 'Add':
          values.push(ins.length === 1 ? ins[0] : tf.addN(ins));
          return;
        case 'Concatenate':
          values.push(tf.concat(ins, -1));
          return;
        case 'Dropout':
          throw new Error('buildTfGraph: Dropout draws its own masks; leave it out of oracle graphs');
      }
    });
    return values[last];
  };
  const trainable = () => Object.values(vars).flatMap((r) => Object.entries(r).filter(([n]) => !n.startsWith('moving')).map(([, t]) => t));
  return { vars, forward, trainable };
}
