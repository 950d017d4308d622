import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean of each channel over all h*w positions. */
export function createGlobalAvgPool2D(h: number, w: number, c: number): PreparedOp {
  checkSizes('GlobalAvgPool2D', { h, w, c });
  const hw = h * w;
  const inPer = hw * c;
  const sum = new Float64Array(c);
  return {
    name: 'globalavgpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
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
