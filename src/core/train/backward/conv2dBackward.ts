import type { ConvGeometry } from '../../shape/types';
import { createConv2D } from '../../runtime/kernels/conv2d';
import { trainingActivation } from './activationGrad';
import { createFusedForward } from './fusedForward';
import { createGroupedConvTraining } from './groupedConvBackward';
import { createMatMulScratch, matMulAdd } from './matMulAdd';
import type { BackwardFactory, TrainableOp } from './types';
import type { SimdGemm } from '../../runtime/kernels/simdGemm';

/** Output pixels per block of the im2col / col2im scratch. */
const BLOCK_PIXELS = 256;

/**
 * Conv2D in training. Forward is the runtime's kernel (re-prepared after each update, as it packs
 * the kernel). With dz = dy * act'(y) as a [pixels x outC] matrix and the input's patches as
 * X [pixels x kH*kW*inC] (im2col, padding taps 0):
 *   dBias = column sums of dz,   dKernel += X^T dz,   dX = col2im(dz K^T),
 * col2im adding every patch value back to the input pixel it was read from (so strides, dilation
 * and padding need no special case). Both products run on the runtime GEMM's micro-kernel.
 */
export const conv2dBackward: BackwardFactory<'Conv2D'> = ({ step, params, weights, logits }) => {
  const g = step.geometry;
  if (!g) throw new Error(`Conv2D ${step.name}: the plan step has no geometry`);
  const activation = trainingActivation(params.activation, logits);
  const kernel = weights.kernel;
  const bias = params.useBias ? weights.bias : null;
  if (params.groups > 1) return createGroupedConvTraining(g, params.groups, kernel, bias, activation, `conv2d.groups${params.groups} ${step.name}`);
  return createConvTraining(g, kernel, bias, activation, `conv2d ${step.name}`);
};

/** Shared by Conv2D and the kinds built on it: forward through the runtime, backward as above. */
export function createConvTraining(
  g: ConvGeometry, kernel: Float32Array, bias: Float32Array | null,
  activation: Parameters<typeof createConv2D>[3], label: string, simd?: () => SimdGemm | null,
): TrainableOp {
  const { inC, outH, outW, outC, kH, kW } = g;
  const depth = kH * kW * inC;
  const outHW = outH * outW;
  const scratch = createMatMulScratch();
  const patches = new Float32Array(BLOCK_PIXELS * depth);
  const dPatches = new Float32Array(BLOCK_PIXELS * depth);
  const fused = createFusedForward((act) => createConv2D(g, kernel, bias, act, simd ? simd() : undefined), activation, outHW * outC, outC);
  return {
    name: label,
    reload: fused.reload,
    forward: fused.forward,
    backward(inputs, output, dOutput, dInputs, grads, batch) {
      const x = inputs[0];
      const dz = dOutput;
      const total = batch * outHW;
      fused.activationGrad(output, dz, batch, grads.bias);
      const dX = dInputs[0];
      const dKernel = grads.kernel;
      for (let m0 = 0; m0 < total; m0 += BLOCK_PIXELS) {
        const rows = Math.min(BLOCK_PIXELS, total - m0);
        if (dKernel) {
          im2col(x, g, m0, rows, patches);
          // dKernel[depth x outC] += patches^T [depth x rows] * dz[rows x outC]
          matMulAdd(
            { data: patches, offset: 0, rowStride: 1, colStride: depth },
            { data: dz, offset: m0 * outC, rowStride: outC, colStride: 1 },
            depth, rows, outC, dKernel, 0, outC, scratch,
          );
        }
        if (dX) {
          dPatches.fill(0, 0, rows * depth);
          // dPatches[rows x depth] = dz[rows x outC] * kernel^T [outC x depth]
          matMulAdd(
            { data: dz, offset: m0 * outC, rowStride: outC, colStride: 1 },
            { data: kernel, offset: 0, rowStride: 1, colStride: outC },
            rows, outC, depth, dPatches, 0, depth, scratch,
          );
          col2imAdd(dPatches, g, m0, rows, dX);
        }
      }
    },
  };
}

/** Rows m0.. of the batch's im2col matrix (row = output pixel over [n, oy, ox], HWIO tap order), row-major. */
export function im2col(x: Float32Array, g: ConvGeometry, m0: number, rows: number, dst: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const outHW = outH * outW;
  const inPer = inH * inW * inC;
  let d = 0;
  for (let r = 0; r < rows; r++) {
    const m = m0 + r;
    const n = Math.floor(m / outHW);
    const rem = m - n * outHW;
    const oy = Math.floor(rem / outW);
    const ox = rem - oy * outW;
    const base = n * inPer;
    for (let ky = 0; ky < kH; ky++) {
      const iy = oy * strideH - padTop + ky * dilationH;
      const rowInside = iy >= 0 && iy < inH;
      for (let kx = 0; kx < kW; kx++) {
        const ix = ox * strideW - padLeft + kx * dilationW;
        if (rowInside && ix >= 0 && ix < inW) {
          const s = base + (iy * inW + ix) * inC;
          for (let ci = 0; ci < inC; ci++) dst[d++] = x[s + ci];
        } else {
          for (let ci = 0; ci < inC; ci++) dst[d++] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each patch value to the input pixel it was read from (padding taps dropped). */
export function col2imAdd(src: Float32Array, g: ConvGeometry, m0: number, rows: number, dX: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const outHW = outH * outW;
  const inPer = inH * inW * inC;
  let d = 0;
  for (let r = 0; r < rows; r++) {
    const m = m0 + r;
    const n = Math.floor(m / outHW);
    const rem = m - n * outHW;
    const oy = Math.floor(rem / outW);
    const ox = rem - oy * outW;
    const base = n * inPer;
    for (let ky = 0; ky < kH; ky++) {
      const iy = oy * strideH - padTop + ky * dilationH;
      const rowInside = iy >= 0 && iy < inH;
      for (let kx = 0; kx < kW; kx++) {
        const ix = ox * strideW - padLeft + kx * dilationW;
        if (rowInside && ix >= 0 && ix < inW) {
          const s = base + (iy * inW + ix) * inC;
          for (let ci = 0; ci < inC; ci++) dX[s + ci] += src[d++];
        } else {
          d += inC;
        }
      }
    }
  }
}
