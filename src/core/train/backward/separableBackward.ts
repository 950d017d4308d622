import { createDepthwiseConv2D } from '../../runtime/kernels/depthwiseConv2d';
import type { PreparedOp } from '../../runtime/op';
import type { ConvGeometry } from '../../shape/types';
import { createConvTraining } from './conv2dBackward';
import { convGradientsByGroup } from './groupedConvBackward';
import { trainingActivation } from './activationGrad';
import type { BackwardFactory } from './types';

/**
 * SeparableConv2D in training, as the runtime composes it (Keras semantics): a depthwise
 * convolution without bias or activation into `mid`, then a 1x1 convolution with the bias and
 * the activation. Backward runs them in reverse: the 1x1's (Conv2D's, giving dPointwise, dBias
 * and dMid), then the depthwise's from dMid (dDepthwise and dX, a group per input channel).
 */
export const separableConv2dBackward: BackwardFactory<'SeparableConv2D'> = ({ step, params, weights, logits }) => {
  const g = step.geometry;
  if (!g) throw new Error(`SeparableConv2D ${step.name}: the plan step has no geometry`);
  const dm = params.depthMultiplier;
  const depthwiseKernel = weights.depthwiseKernel;
  const { outH, outW, outC: midC } = g;
  const pointwiseGeometry: ConvGeometry = {
    inH: outH, inW: outW, inC: midC, kH: 1, kW: 1, effKH: 1, effKW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
    padTop: 0, padBottom: 0, padLeft: 0, padRight: 0, outH, outW, outC: params.filters,
  };
  const pointwise = createConvTraining(pointwiseGeometry, weights.pointwiseKernel, params.useBias ? weights.bias : null,
    trainingActivation(params.activation, logits), `separableconv2d.pointwise ${step.name}`);
  let depthwise: PreparedOp | null = null;
  let mid = new Float32Array(0);
  let dMid = new Float32Array(0);
  return {
    name: `separableconv2d ${step.name}`,
    reload() {
      depthwise = null;
      pointwise.reload?.();
    },
    forward(inputs, batch, output, ctx) {
      const n = batch * outH * outW * midC;
      if (mid.length < n) mid = new Float32Array(n);
      depthwise ??= createDepthwiseConv2D(g, dm, depthwiseKernel, null, 'linear');
      depthwise.run(inputs, batch, mid);
      pointwise.forward([mid], batch, output, ctx);
    },
    backward(inputs, output, dOutput, dInputs, grads, batch) {
      const n = batch * outH * outW * midC;
      if (dMid.length < n) dMid = new Float32Array(n);
      dMid.fill(0, 0, n);
      const pointwiseGrads: Record<string, Float32Array> = {};
      if (grads.pointwiseKernel) pointwiseGrads.kernel = grads.pointwiseKernel;
      if (grads.bias) pointwiseGrads.bias = grads.bias;
      pointwise.backward([mid], output, dOutput, [dMid], pointwiseGrads, batch);
      convGradientsByGroup(inputs[0], depthwiseKernel, dMid, g, g.inC, batch, grads.depthwiseKernel ?? null, dInputs[0]);
    },
  };
};
