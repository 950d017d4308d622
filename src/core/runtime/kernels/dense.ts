import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { MR, multiplyPacked, packColumns, packedRowsLength, packRows } from './gemm';

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
  const weights = packColumns(kernelIO, inSize, units, bias);
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / inSize / MR) * MR));
  const scratch = new Float32Array(packedRowsLength(blockRows, inSize));
  return {
    name: 'dense.gemm',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let r0 = 0; r0 < batch; r0 += blockRows) {
        const rows = Math.min(blockRows, batch - r0);
        packRows(x, r0 * inSize, rows, inSize, scratch);
        multiplyPacked(scratch, rows, weights, output, r0 * units);
        applyActivation(activation, output, r0 * units, rows * units, units);
      }
    },
  };
}
