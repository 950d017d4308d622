import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { type KernelFactory } from '../kernelFactory';
import { resolveMargins } from '../../layers/margins';

/**
 * ZeroPadding2D: [h, w, c] -> [h + top + bottom, w + left + right, c], the input in the middle and
 * zeros around it (Keras' ZeroPadding2D, tf.pad with constant 0).
 */
export function createZeroPadding2D(h: number, w: number, c: number, top: number, bottom: number, left: number, right: number): PreparedOp {
  checkSizes('ZeroPadding2D', { h, w, c });
  const outH = h + top + bottom;
  const outW = w + left + right;
  const inPer = h * w * c;
  const outPer = outH * outW * c;
  const rowIn = w * c;
  return {
    name: 'zeropadding2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      output.fill(0, 0, batch * outPer);
      for (let n = 0; n < batch; n++) {
        for (let y = 0; y < h; y++) {
          const from = n * inPer + y * rowIn;
          output.set(x.subarray(from, from + rowIn), n * outPer + ((y + top) * outW + left) * c);
        }
      }
    },
  };
}

export const zeroPadding2DKernel: KernelFactory<'ZeroPadding2D'> = (step) => {
  const [h, w, c] = step.inputShapes[0];
  const m = resolveMargins(step.params.padding);
  return createZeroPadding2D(h, w, c, m.top, m.bottom, m.left, m.right);
};
