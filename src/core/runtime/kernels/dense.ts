import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { createBlockedMatMul } from './blockedMatMul';
import { MR, packRows } from './gemm';

/** Rows of input packed per GEMM call; bounds the scratch independently of the batch. */
const BLOCK_FLOATS = 32 * 1024;

/**
 * Dense: out[n, u] = act(bias[u] + sum_i x[n, i] * kernel[i, u]), kernel stored [inSize, units].
 * The batch rows are the GEMM's A; the kernel is packed once here.
 */
export function createDense(inSize: number, units: number, kernelIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  if (kernelIO.length !== inSize * units) {
    throw new Error(`Dense: kernel has ${kernelIO.length} values, expected ${inSize}*${units} = ${inSize * units}`);
  }
  if (bias && bias.length !== units) throw new Error(`Dense: bias has ${bias.length} values, expected ${units}`);
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / inSize / MR) * MR));
  const mm = createBlockedMatMul(kernelIO, inSize, units, bias, blockRows);
  return {
    name: `dense.gemm-${mm.engine}`,
    run(inputs, batch, output) {
      const x = inputs[0];
      mm.begin();
      for (let r0 = 0; r0 < batch; r0 += blockRows) {
        const rows = Math.min(blockRows, batch - r0);
        packRows(x, r0 * inSize, rows, inSize, mm.aBuffer, mm.aOffset);
        mm.multiply(rows, output, r0 * units);
        applyActivation(activation, output, r0 * units, rows * units, units);
      }
    },
  };
}
