import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { createDense } from './dense';
import { createDepthwiseConv2D } from './depthwiseConv2d';
import { createSampleViews } from './sampleViews';
import { createSimdGemm, type SimdGemm } from './simdGemm';
import { geometryOf, type KernelFactory } from '../kernelFactory';

/**
 * SeparableConv2D, Keras semantics: a depthwise convolution (kernel [kH, kW, inC, dm], no bias, no
 * activation) then a pointwise 1x1 convolution (kernel [1, 1, inC*dm, filters], i.e. [inC*dm,
 * filters]) with the bias and the activation:
 *   out = act(bias + pointwise(depthwise(x)))
 * `g` is the depthwise geometry (g.outC = inC * dm). Composed of the two kernels: per sample, the
 * depthwise result goes to a scratch and the pointwise step is a Dense over its pixels.
 */
export function createSeparableConv2D(
  g: ConvGeometry, depthMultiplier: number, depthwiseKernel: Float32Array, pointwiseKernel: Float32Array,
  filters: number, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
): PreparedOp {
  const depthwise = createDepthwiseConv2D(g, depthMultiplier, depthwiseKernel, null, 'linear', simd !== null);
  const mid = g.outC;
  if (pointwiseKernel.length !== mid * filters) {
    throw new Error(`SeparableConv2D: pointwiseKernel has ${pointwiseKernel.length} values, expected 1*1*${mid}*${filters} = ${mid * filters}`);
  }
  if (bias && bias.length !== filters) throw new Error(`SeparableConv2D: bias has ${bias.length} values, expected ${filters}`);
  const pointwise = createDense(mid, filters, pointwiseKernel, bias, activation, simd);
  const outHW = g.outH * g.outW;
  const scratch = new Float32Array(outHW * mid);
  const inputSample = createSampleViews(g.inH * g.inW * g.inC);
  const outputSample = createSampleViews(outHW * filters);
  return {
    name: `separable-conv2d.${depthwise.name}+${pointwise.name}`,
    run(inputs, batch, output) {
      for (let n = 0; n < batch; n++) {
        depthwise.run([inputSample(inputs[0], n)], 1, scratch);
        pointwise.run([scratch], outHW, outputSample(output, n));
      }
    },
  };
}

export const separableConv2DKernel: KernelFactory<'SeparableConv2D'> = (step, ctx) =>
  createSeparableConv2D(geometryOf(step), step.params.depthMultiplier, ctx.weight('depthwiseKernel'), ctx.weight('pointwiseKernel'), step.params.filters,
    step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd());
