import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import type { SimdGemm } from './simdGemm';
import { createSimdGlobalPool } from './simdPool';
import { type KernelFactory } from '../kernelFactory';

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean of each channel over all h*w positions. */
export function createGlobalAvgPool2D(h: number, w: number, c: number, simd: SimdGemm | null = null): PreparedOp {
  checkSizes('GlobalAvgPool2D', { h, w, c });
  const hw = h * w;
  const inPer = hw * c;
  const sum = new Float64Array(c);
  const simdRun = simd && createSimdGlobalPool(simd, 'avg', h, w, c);
  return {
    name: simdRun ? 'globalavgpool2d.simd' : 'globalavgpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      if (simdRun?.(x, output, batch)) return;
      const inv = 1 / hw;
      for (let n = 0; n < batch; n++) {
        sum.fill(0);
        let p = n * inPer;
        for (let i = 0; i < hw; i++, p += c) for (let ch = 0; ch < c; ch++) sum[ch] += x[p + ch];
        const o = n * c;
        for (let ch = 0; ch < c; ch++) output[o + ch] = sum[ch] * inv;
      }
    },
  };
}

export const globalAvgPool2DKernel: KernelFactory<'GlobalAvgPool2D'> = (step, ctx) => {
  const [h, w, c] = step.inputShapes[0];
  return createGlobalAvgPool2D(h, w, c, ctx.simd());
};
