import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import type { SimdGemm } from './simdGemm';
import { createSimdGlobalPool } from './simdPool';
import { type KernelFactory } from '../kernelFactory';

/** GlobalMaxPool2D: [h, w, c] -> [c], the largest value of each channel (NaN if any is NaN, as tf.max). */
export function createGlobalMaxPool2D(h: number, w: number, c: number, simd: SimdGemm | null = null): PreparedOp {
  checkSizes('GlobalMaxPool2D', { h, w, c });
  const hw = h * w;
  const inPer = hw * c;
  const simdRun = simd && createSimdGlobalPool(simd, 'max', h, w, c);
  return {
    name: simdRun ? 'globalmaxpool2d.simd' : 'globalmaxpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      if (simdRun?.(x, output, batch)) return;
      for (let n = 0; n < batch; n++) {
        const o = n * c;
        const p0 = n * inPer;
        for (let ch = 0; ch < c; ch++) output[o + ch] = x[p0 + ch];
        for (let i = 1, p = p0 + c; i < hw; i++, p += c) {
          for (let ch = 0; ch < c; ch++) {
            const v = x[p + ch];
            // `!(v <= m)` also takes a NaN, which then stays.
            if (!(v <= output[o + ch]) && output[o + ch] === output[o + ch]) output[o + ch] = v;
          }
        }
      }
    },
  };
}

export const globalMaxPool2DKernel: KernelFactory<'GlobalMaxPool2D'> = (step) => {
  const [h, w, c] = step.inputShapes[0];
  return createGlobalMaxPool2D(h, w, c);
};
