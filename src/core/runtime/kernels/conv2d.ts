import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { checkSizes } from './checkSizes';
import { MR, multiplyPacked, packColumns, packedRowsLength, packRows } from './gemm';
import { packPatches } from './packPatches';
import { createSimdGemm, type SimdGemm } from './simdGemm';
import { createSimdIndirectMatMul, fusedActivation, type SimdIndirectMatMul } from './simdMatMul';

/** Target size of the scalar path's packed-patch block: output pixels whose patches stay in L2. */
const BLOCK_FLOATS = 32 * 1024;

/**
 * Conv2D, NHWC input, HWIO kernel [kH, kW, inC, outC], with bias and activation fused into the
 * write-out. out[n, oy, ox, co] = act(bias[co] + sum_{ky,kx,ci} x[n, oy*sH - padTop + ky*dH,
 * ox*sW - padLeft + kx*dW, ci] * k[ky, kx, ci, co]); taps that fall in the padding read 0.
 *
 * As a GEMM: rows are output pixels, depth is kH*kW*inC, columns are outC; the kernel is packed
 * once here. With WebAssembly SIMD, each sample is copied into the kernel's memory and read through
 * an indirection table built here (no im2col). Otherwise the scalar path packs blocks of patches
 * (im2col) into a scratch whose size does not depend on the batch; a 1x1, stride-1, unpadded
 * conv skips im2col there, as its input already is the matrix. The SIMD module applies relu to each
 * tile in registers and tanh / sigmoid (in double precision) to the output before it leaves its
 * memory; otherwise the activation runs on the freshly written output while it is still in cache.
 *
 * `simd` is the SIMD memory to place the packed kernel in (an executor passes one per plan), null
 * for the scalar kernel; by default the op makes its own.
 */
export function createConv2D(
  g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
): PreparedOp {
  const { kH, kW, inC, outC } = g;
  checkSizes('Conv2D', {
    inH: g.inH, inW: g.inW, inC, kH, kW, outH: g.outH, outW: g.outW, outC,
    strideH: g.strideH, strideW: g.strideW, dilationH: g.dilationH, dilationW: g.dilationW,
  });
  const depth = kH * kW * inC;
  if (kernelHWIO.length !== depth * outC) {
    throw new Error(`Conv2D: kernel has ${kernelHWIO.length} values, expected ${kH}*${kW}*${inC}*${outC} = ${depth * outC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2D: bias has ${bias.length} values, expected ${outC}`);
  const fused = fusedActivation(activation);
  const mm = simd && createSimdIndirectMatMul(
    simd, kernelHWIO, kH * kW, inC, outC, bias, g.inH * g.inW * inC, g.outH * g.outW, fused ?? 0,
    (table, inputAddress, zeroAddress) => fillConvTable(g, table, inputAddress, zeroAddress),
  );
  return mm ? createSimdConv(g, mm, fused === null ? activation : null) : createScalarConv(g, kernelHWIO, bias, activation);
}

/** Table entry [row panel][tap][row]: the byte address of the input pixel a tap reads, or of the zero vector. */
function fillConvTable(g: ConvGeometry, table: Int32Array, inputAddress: number, zeroAddress: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const taps = kH * kW;
  const outHW = outH * outW;
  const rows = table.length / taps;
  for (let m = 0; m < rows; m++) {
    const base = (m >> 2) * taps * MR + (m & 3);
    const oy = Math.floor(m / outW);
    const ox = m - oy * outW;
    for (let ky = 0; ky < kH; ky++) {
      const iy = oy * strideH - padTop + ky * dilationH;
      for (let kx = 0; kx < kW; kx++) {
        const ix = ox * strideW - padLeft + kx * dilationW;
        const inside = m < outHW && iy >= 0 && iy < inH && ix >= 0 && ix < inW;
        table[base + (ky * kW + kx) * MR] = inside ? inputAddress + (iy * inW + ix) * inC * 4 : zeroAddress;
      }
    }
  }
}

/** `after` is an activation the SIMD kernel does not fuse (softmax, gelu, ...), run on each sample's output. */
function createSimdConv(g: ConvGeometry, mm: SimdIndirectMatMul, after: ActivationFn | null): PreparedOp {
  const inPer = g.inH * g.inW * g.inC;
  const outHW = g.outH * g.outW;
  const outPer = outHW * g.outC;
  return {
    name: 'conv2d.indirect-gemm-simd',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        mm.loadInput(x, n * inPer, inPer);
        mm.multiply(outHW, output, n * outPer);
        if (after) applyActivation(after, output, n * outPer, outPer, g.outC);
      }
    },
  };
}

function createScalarConv(g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  const { inH, inW, inC, outH, outW, outC, kH, kW } = g;
  const depth = kH * kW * inC;
  const weights = packColumns(kernelHWIO, depth, outC, bias);
  const pointwise = kH === 1 && kW === 1 && g.strideH === 1 && g.strideW === 1
    && g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0 && outH === inH && outW === inW;
  const outHW = outH * outW;
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / depth / MR) * MR));
  const scratch = new Float32Array(packedRowsLength(blockRows, depth));
  return {
    name: `conv2d.${pointwise ? 'pointwise' : 'im2col'}-gemm-scalar`,
    run(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * outHW;
      for (let m0 = 0; m0 < total; m0 += blockRows) {
        const rows = Math.min(blockRows, total - m0);
        if (pointwise) packRows(x, m0 * inC, rows, inC, scratch, 0);
        else packPatches(x, g, m0, rows, scratch, 0);
        multiplyPacked(scratch, rows, weights, output, m0 * outC);
        applyActivation(activation, output, m0 * outC, rows * outC, outC);
      }
    },
  };
}
