import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { type KernelFactory } from '../kernelFactory';
import { resolveMargins } from '../../layers/margins';

/**
 * Cropping2D: [h, w, c] -> [h - top - bottom, w - left - right, c], dropping rows and columns at
 * the edges (Keras' Cropping2D; U-Net crops its skip connections with it).
 */
export function createCropping2D(h: number, w: number, c: number, top: number, bottom: number, left: number, right: number): PreparedOp {
  const outH = h - top - bottom;
  const outW = w - left - right;
  checkSizes('Cropping2D', { h, w, c, outH, outW });
  const inPer = h * w * c;
  const outPer = outH * outW * c;
  const rowOut = outW * c;
  return {
    name: 'cropping2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        for (let y = 0; y < outH; y++) {
          const from = n * inPer + ((y + top) * w + left) * c;
          output.set(x.subarray(from, from + rowOut), n * outPer + y * rowOut);
        }
      }
    },
  };
}

export const cropping2DKernel: KernelFactory<'Cropping2D'> = (step) => {
  const [h, w, c] = step.inputShapes[0];
  const m = resolveMargins(step.params.cropping);
  return createCropping2D(h, w, c, m.top, m.bottom, m.left, m.right);
};
