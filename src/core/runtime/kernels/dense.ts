import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { checkSizes } from './checkSizes';
import { MR, multiplyPacked, packColumns, packedRowsLength, packRows } from './gemm';
import { createSimdGemm, type SimdGemm } from './simdGemm';
import { createSimdIndirectMatMul, fusedActivation } from './simdMatMul';
import { sizeOf, type KernelFactory } from '../kernelFactory';

/** Input values per block of batch rows; bounds the scratch independently of the batch. */
const BLOCK_FLOATS = 32 * 1024;

/**
 * Dense: out[n, u] = act(bias[u] + sum_i x[n, i] * kernel[i, u]), kernel stored [inSize, units].
 * The batch rows are the GEMM's A, taken a block at a time; the kernel is packed once here. Uses
 * the WebAssembly SIMD kernel (one tap per row, relu / tanh / sigmoid applied in its memory) where available, else
 * the scalar one. `simd` as for createConv2D: the memory to use, null for scalar, by default its own.
 */
export function createDense(
  inSize: number, units: number, kernelIO: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
): PreparedOp {
  checkSizes('Dense', { inSize, units });
  if (kernelIO.length !== inSize * units) {
    throw new Error(`Dense: kernel has ${kernelIO.length} values, expected ${inSize}*${units} = ${inSize * units}`);
  }
  if (bias && bias.length !== units) throw new Error(`Dense: bias has ${bias.length} values, expected ${units}`);
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / inSize / MR) * MR));
  const fused = fusedActivation(activation);
  const mm = simd && createSimdIndirectMatMul(simd, kernelIO, 1, inSize, units, bias, blockRows * inSize, blockRows, fused ?? 0, (table, inputAddress) => {
    for (let r = 0; r < table.length; r++) table[r] = inputAddress + r * inSize * 4;
  });
  if (mm) {
    return {
      name: 'dense.gemm-simd',
      run(inputs, batch, output) {
        const x = inputs[0];
        for (let r0 = 0; r0 < batch; r0 += blockRows) {
          const rows = Math.min(blockRows, batch - r0);
          mm.loadInput(x, r0 * inSize, rows * inSize);
          mm.multiply(rows, output, r0 * units);
          if (fused === null) applyActivation(activation, output, r0 * units, rows * units, units);
        }
      },
    };
  }
  const weights = packColumns(kernelIO, inSize, units, bias);
  const scratch = new Float32Array(packedRowsLength(blockRows, inSize));
  return {
    name: 'dense.gemm-scalar',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let r0 = 0; r0 < batch; r0 += blockRows) {
        const rows = Math.min(blockRows, batch - r0);
        packRows(x, r0 * inSize, rows, inSize, scratch, 0);
        multiplyPacked(scratch, rows, weights, output, r0 * units);
        applyActivation(activation, output, r0 * units, rows * units, units);
      }
    },
  };
}

export const denseKernel: KernelFactory<'Dense'> = (step, ctx) =>
  createDense(sizeOf(step.inputShapes[0]), step.params.units, ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd());
