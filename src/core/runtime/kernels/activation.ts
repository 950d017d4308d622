import { ALPHA_DEFAULTS, type ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { MAP_KIND } from '../wasm/elementwiseKernel';
import { applyActivation } from './applyActivation';
import { SIMD_ACT, type SimdGemm } from './simdGemm';
import { lastDimOf, sizeOf, type KernelFactory } from '../kernelFactory';

/**
 * The Activation layer: `fn` elementwise, or softmax over the last axis (rows of `lastDim`).
 * Copies input to output first, so it also works when the executor gives distinct buffers.
 * `alpha` is leakyRelu's slope or elu's scale (absent: ALPHA_DEFAULTS). With `simd`, tensors in
 * its memory (the executor's arena) go through its f32x4 kernels where it has one for `fn`: relu,
 * relu6, leakyRelu, hardSigmoid, hardSwish, and tanh / sigmoid / silu in double precision (whole groups
 * of 4; the last few values take the TypeScript path). The others always run in TypeScript.
 */
export function createActivation(fn: ActivationFn, perSample: number, lastDim: number, alpha?: number, simd: SimdGemm | null = null): PreparedOp {
  if (fn === 'softmax' && (lastDim <= 0 || perSample % lastDim !== 0)) {
    throw new Error(`Activation softmax: per-sample size ${perSample} is not a multiple of the last axis ${lastDim}`);
  }
  const mapKind = Object.hasOwn(MAP_KIND, fn) ? MAP_KIND[fn as keyof typeof MAP_KIND] : 0;
  const precise = fn === 'tanh' || fn === 'sigmoid' || fn === 'silu' ? SIMD_ACT[fn] : 0;
  const slope = fn === 'leakyRelu' ? alpha ?? ALPHA_DEFAULTS.leakyRelu : 0;
  const viaSimd = simd !== null && (mapKind !== 0 || precise !== 0) ? simd : null;
  return {
    name: viaSimd !== null ? `activation.${fn}.simd` : `activation.${fn}`,
    run(inputs, batch, output) {
      const total = batch * perSample;
      const x = inputs[0];
      const xo = viaSimd ? viaSimd.offsetOf(x) : -1, yo = viaSimd ? viaSimd.offsetOf(output) : -1;
      if (viaSimd && xo >= 0 && yo >= 0 && mapKind !== 0) {
        viaSimd.map(xo, yo, total, mapKind, slope);
        return;
      }
      if (viaSimd && xo >= 0 && yo >= 0 && precise !== 0) {
        // In place in the memory: copyWithin is a memmove, where set() from the same buffer clones.
        if (xo !== yo) viaSimd.f32.copyWithin(yo, xo, xo + total);
        const groups = total >> 2;
        if (groups > 0) viaSimd.activate(yo, groups, precise);
        applyActivation(fn, output, groups * 4, total - groups * 4, lastDim, alpha);
        return;
      }
      if (x !== output) output.set(x.subarray(0, total));
      applyActivation(fn, output, 0, total, lastDim, alpha);
    },
  };
}

export const activationKernel: KernelFactory<'Activation'> = (step, ctx) =>
  createActivation(step.params.fn, sizeOf(step.outputShape), lastDimOf(step.outputShape), step.params.alpha, ctx.simd());
