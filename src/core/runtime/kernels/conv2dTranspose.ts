import type { ActivationFn } from '../../graph/types';
import type { TransposedGeometry } from '../../shape/transposedArithmetic';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { checkSizes } from './checkSizes';
import { createDense } from './dense';
import { createSampleViews } from './sampleViews';
import { createSimdGemm, type SimdGemm } from './simdGemm';
import { type KernelFactory } from '../kernelFactory';
import { resolveTransposedGeometry } from '../../shape/transposedArithmetic';

/**
 * Conv2DTranspose, NHWC, Keras kernel layout [kH, kW, filters, inC]: every input pixel scatters
 * its channels through the kernel onto a window of the output,
 *   out[n, i*sH - padTop + ky*dH, j*sW - padLeft + kx*dW, f] += x[n, i, j, c] * k[ky, kx, f, c]
 * (cropped to the output), then bias and the activation. This is the gradient of Conv2D with
 * respect to its input, what tf.nn.conv2d_transpose computes.
 *
 * Built from the Dense GEMM: per sample, the [inH*inW, inC] input times the kernel as an
 * [inC, kH*kW*filters] matrix (transposed once here) gives every pixel's contribution to each of
 * its taps (col2im's columns); a loop then adds them into place. `simd` as for createConv2D.
 */
export function createConv2DTranspose(
  g: TransposedGeometry, kernel: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
): PreparedOp {
  const { inH, inW, inC, kH, kW, outH, outW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  checkSizes('Conv2DTranspose', { inH, inW, inC, kH, kW, outH, outW, outC, strideH, strideW, dilationH, dilationW });
  const taps = kH * kW;
  const cols = taps * outC;
  if (kernel.length !== cols * inC) {
    throw new Error(`Conv2DTranspose: kernel has ${kernel.length} values, expected ${kH}*${kW}*${outC}*${inC} = ${cols * inC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2DTranspose: bias has ${bias.length} values, expected ${outC}`);
  // [kH, kW, filters, inC] read as [taps*filters, inC]; the GEMM wants its transpose.
  const matrix = new Float32Array(inC * cols);
  for (let r = 0; r < cols; r++) for (let c = 0; c < inC; c++) matrix[c * cols + r] = kernel[r * inC + c];
  const gemm = createDense(inC, cols, matrix, null, 'linear', simd);
  const inHW = inH * inW;
  const columns = new Float32Array(inHW * cols);
  const b = bias ?? new Float32Array(outC);
  const inputSample = createSampleViews(inHW * inC);
  const outPer = outH * outW * outC;
  return {
    name: `conv2d-transpose.${gemm.name}-col2im`,
    run(inputs, batch, output) {
      for (let n = 0; n < batch; n++) {
        gemm.run([inputSample(inputs[0], n)], inHW, columns);
        const o = n * outPer;
        for (let p = 0; p < outH * outW; p++) output.set(b, o + p * outC);
        for (let i = 0; i < inH; i++) {
          for (let ky = 0; ky < kH; ky++) {
            const y = i * strideH - padTop + ky * dilationH;
            if (y < 0 || y >= outH) continue;
            for (let j = 0; j < inW; j++) {
              for (let kx = 0; kx < kW; kx++) {
                const x = j * strideW - padLeft + kx * dilationW;
                if (x < 0 || x >= outW) continue;
                const src = ((i * inW + j) * taps + ky * kW + kx) * outC;
                const dst = o + (y * outW + x) * outC;
                for (let f = 0; f < outC; f++) output[dst + f] += columns[src + f];
              }
            }
          }
        }
        applyActivation(activation, output, o, outPer, outC);
      }
    },
  };
}

export const conv2DTransposeKernel: KernelFactory<'Conv2DTranspose'> = (step, ctx) => {
  const [h, w, c] = step.inputShapes[0];
  return createConv2DTranspose(resolveTransposedGeometry(h, w, c, step.params, step.params.filters), ctx.weight('kernel'),
    step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd());
};
