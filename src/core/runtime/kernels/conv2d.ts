import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { createBlockedMatMul } from './blockedMatMul';
import { MR, packRows } from './gemm';
import { packPatches } from './packPatches';

/** Target size of the packed-patch block: output pixels whose patches stay in L2. */
const BLOCK_FLOATS = 32 * 1024;

/**
 * Conv2D, NHWC input, HWIO kernel [kH, kW, inC, outC], with bias and activation fused into the
 * write-out. out[n, oy, ox, co] = act(bias[co] + sum_{ky,kx,ci} x[n, oy*sH - padTop + ky*dH,
 * ox*sW - padLeft + kx*dW, ci] * k[ky, kx, ci, co]); taps that fall in the padding read 0.
 *
 * As a GEMM: rows are output pixels, depth is kH*kW*inC, columns are outC. The kernel is packed
 * once here; `run` packs blocks of output pixels' patches (im2col) into a fixed scratch whose size
 * does not depend on the batch, multiplies, then applies the activation to the block while it is
 * still in cache. A 1x1, stride-1, unpadded conv skips im2col: its input already is the matrix.
 */
export function createConv2D(g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  const { inH, inW, inC, outH, outW, outC, kH, kW } = g;
  const depth = kH * kW * inC;
  if (kernelHWIO.length !== depth * outC) {
    throw new Error(`Conv2D: kernel has ${kernelHWIO.length} values, expected ${kH}*${kW}*${inC}*${outC} = ${depth * outC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2D: bias has ${bias.length} values, expected ${outC}`);
  const pointwise = kH === 1 && kW === 1 && g.strideH === 1 && g.strideW === 1
    && g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0 && outH === inH && outW === inW;
  const outHW = outH * outW;
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / depth / MR) * MR));
  const mm = createBlockedMatMul(kernelHWIO, depth, outC, bias, blockRows);
  return {
    name: `conv2d.${pointwise ? 'pointwise' : 'im2col'}-gemm-${mm.engine}`,
    run(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * outHW;
      mm.begin();
      for (let m0 = 0; m0 < total; m0 += blockRows) {
        const rows = Math.min(blockRows, total - m0);
        if (pointwise) packRows(x, m0 * inC, rows, inC, mm.aBuffer, mm.aOffset);
        else packPatches(x, g, m0, rows, mm.aBuffer, mm.aOffset);
        mm.multiply(rows, output, m0 * outC);
        applyActivation(activation, output, m0 * outC, rows * outC, outC);
      }
    },
  };
}
