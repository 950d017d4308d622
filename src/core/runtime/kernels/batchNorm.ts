import type { PreparedOp } from '../op';
import type { SimdGemm } from './simdGemm';
import { lastDimOf, sizeOf, type KernelFactory } from '../kernelFactory';

/**
 * BatchNorm at inference: y = gamma * (x - mean) / sqrt(var + epsilon) + beta per channel (last
 * axis), folded at prepare time into y = x * scale + shift. With `simd`, tensors in its memory
 * (the executor's arena) go through the f32x4 kernel, scale and shift living there too.
 */
export function createBatchNorm(
  perSample: number,
  channels: number,
  gamma: Float32Array,
  beta: Float32Array,
  movingMean: Float32Array,
  movingVariance: Float32Array,
  epsilon: number,
  simd: SimdGemm | null = null,
): PreparedOp {
  for (const [name, v] of [['gamma', gamma], ['beta', beta], ['movingMean', movingMean], ['movingVariance', movingVariance]] as const) {
    if (v.length !== channels) throw new Error(`BatchNorm: ${name} has ${v.length} values, expected ${channels} channels`);
  }
  if (channels <= 0 || perSample % channels !== 0) {
    throw new Error(`BatchNorm: per-sample size ${perSample} is not a multiple of ${channels} channels`);
  }
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let ch = 0; ch < channels; ch++) {
    const s = gamma[ch] / Math.sqrt(movingVariance[ch] + epsilon);
    scale[ch] = s;
    shift[ch] = beta[ch] - movingMean[ch] * s;
  }
  const at = simd ? simd.allocate(2 * channels) : -1;
  if (simd && at >= 0) {
    simd.f32.set(scale, at);
    simd.f32.set(shift, at + channels);
  }
  return {
    name: at >= 0 ? 'batchnorm.simd' : 'batchnorm',
    run(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * perSample;
      if (simd && at >= 0) {
        const xo = simd.offsetOf(x), yo = simd.offsetOf(output);
        if (xo >= 0 && yo >= 0) {
          simd.scaleShift(xo, yo, total / channels, channels, at, at + channels);
          return;
        }
      }
      for (let p = 0; p < total; p += channels) {
        for (let ch = 0; ch < channels; ch++) output[p + ch] = x[p + ch] * scale[ch] + shift[ch];
      }
    },
  };
}

export const batchNormKernel: KernelFactory<'BatchNorm'> = (step, ctx) =>
  createBatchNorm(sizeOf(step.outputShape), lastDimOf(step.outputShape), ctx.weight('gamma'), ctx.weight('beta'), ctx.weight('movingMean'), ctx.weight('movingVariance'), step.params.epsilon, ctx.simd());
