import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { checkSizes } from './checkSizes';
import { createSimdDepthwise, type SimdDepthwise } from './simdDepthwise';
import { isSimdGemmEnabled } from './simdGemm';
import { geometryOf, type KernelFactory } from '../kernelFactory';

/** Activations the SIMD loop applies as a clamp [lo, hi] in registers; the others run after it. */
const CLAMPS: Partial<Record<string, readonly [number, number]>> = {
  linear: [-Infinity, Infinity],
  relu: [0, Infinity],
  relu6: [0, 6],
};

/**
 * DepthwiseConv2D, NHWC, Keras/TensorFlow semantics: depthwise kernel [kH, kW, inC, dm], output
 * channel o = ci * dm + m reads only input channel ci:
 *   out[n, oy, ox, ci*dm + m] = act(bias[o] + sum_{ky,kx} x[n, oy*sH - padTop + ky*dH, ox*sW - padLeft + kx*dW, ci] * k[ky, kx, ci, m])
 * with taps in the padding reading 0. `g.outC` is inC * dm.
 *
 * With WebAssembly SIMD (see ./simdDepthwise) each sample is copied into the op's own memory
 * (channels padded to a multiple of 4, each input channel repeated dm times so output channel o
 * reads lane o) and every output pixel reads its taps through an address table built here; relu
 * and relu6 are applied in registers, other activations on the output. Otherwise plain loops
 * accumulate a pixel's channels in double precision.
 */
export function createDepthwiseConv2D(
  g: ConvGeometry, depthMultiplier: number, kernel: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  useSimd: boolean = isSimdGemmEnabled(),
): PreparedOp {
  const { kH, kW, inC, outC } = g;
  checkSizes('DepthwiseConv2D', {
    inH: g.inH, inW: g.inW, inC, kH, kW, outH: g.outH, outW: g.outW, outC, depthMultiplier,
    strideH: g.strideH, strideW: g.strideW, dilationH: g.dilationH, dilationW: g.dilationW,
  });
  if (outC !== inC * depthMultiplier) throw new Error(`DepthwiseConv2D: outC ${outC} is not inC ${inC} * depthMultiplier ${depthMultiplier}`);
  if (kernel.length !== kH * kW * outC) {
    throw new Error(`DepthwiseConv2D: kernel has ${kernel.length} values, expected ${kH}*${kW}*${inC}*${depthMultiplier} = ${kH * kW * outC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`DepthwiseConv2D: bias has ${bias.length} values, expected ${outC}`);
  const simd = useSimd ? createSimdOp(g, depthMultiplier, kernel, bias, activation) : null;
  return simd ?? createScalarOp(g, depthMultiplier, kernel, bias, activation);
}

function createSimdOp(g: ConvGeometry, dm: number, kernel: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp | null {
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const cp = Math.ceil(outC / 4) * 4;
  const taps = kH * kW;
  const outHW = outH * outW;
  const inHW = inH * inW;
  const layout = { w: 0, bias: taps * cp, zero: (taps + 1) * cp, input: (taps + 2) * cp };
  const tableAt = layout.input + inHW * cp;
  const outAt = tableAt + Math.ceil((outHW * taps) / 4) * 4;
  const mem: SimdDepthwise | null = createSimdDepthwise(outAt + outHW * cp);
  if (!mem) return null;
  const { f32, i32 } = mem;
  for (let t = 0; t < taps; t++) f32.set(kernel.subarray(t * outC, (t + 1) * outC), layout.w + t * cp);
  if (bias) f32.set(bias, layout.bias);
  for (let oy = 0, row = tableAt; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      for (let ky = 0; ky < kH; ky++) {
        const iy = oy * strideH - padTop + ky * dilationH;
        for (let kx = 0; kx < kW; kx++, row++) {
          const ix = ox * strideW - padLeft + kx * dilationW;
          const inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
          i32[row] = 4 * (inside ? layout.input + (iy * inW + ix) * cp : layout.zero);
        }
      }
    }
  }
  const clamp = CLAMPS[activation];
  const [lo, hi] = clamp ?? [-Infinity, Infinity];
  const bulkIn = dm === 1 && cp === inC;
  const bulkOut = cp === outC;
  const inView = f32.subarray(layout.input, layout.input + inHW * inC);
  const outView = f32.subarray(outAt, outAt + outHW * outC);
  const inPer = inHW * inC;
  const outPer = outHW * outC;
  // Per-sample views of the caller's input, made once per input array: runs allocate nothing.
  let lastX: Float32Array | null = null;
  let samples: Float32Array[] = [];
  return {
    name: 'depthwise-conv2d.indirect-simd',
    run(inputs, batch, output) {
      const x = inputs[0];
      if (x !== lastX) {
        lastX = x;
        samples = [];
      }
      for (let n = 0; n < batch; n++) {
        const xo = n * inPer;
        if (bulkIn) {
          inView.set(samples[n] ??= x.subarray(xo, xo + inPer));
        } else {
          for (let p = 0; p < inHW; p++) {
            const s = xo + p * inC;
            const d = layout.input + p * cp;
            for (let c = 0; c < inC; c++) {
              const v = x[s + c];
              for (let m = 0; m < dm; m++) f32[d + c * dm + m] = v;
            }
          }
        }
        mem.dw(tableAt, layout.w, layout.bias, outAt, outHW, taps, cp, Math.floor(cp / 16) * 16, lo, hi);
        const oo = n * outPer;
        if (bulkOut) {
          output.set(outView, oo);
        } else {
          for (let p = 0; p < outHW; p++) {
            const s = outAt + p * cp;
            const d = oo + p * outC;
            for (let c = 0; c < outC; c++) output[d + c] = f32[s + c];
          }
        }
        if (!clamp) applyActivation(activation, output, oo, outPer, outC);
      }
    },
  };
}

function createScalarOp(g: ConvGeometry, dm: number, kernel: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const acc = new Float64Array(outC);
  const w = kernel.slice();
  const b = bias ? bias.slice() : new Float32Array(outC);
  const inPer = inH * inW * inC;
  const outPer = outH * outW * outC;
  return {
    name: 'depthwise-conv2d.scalar',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const xn = n * inPer;
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            for (let o = 0; o < outC; o++) acc[o] = b[o];
            for (let ky = 0; ky < kH; ky++) {
              const iy = oy * strideH - padTop + ky * dilationH;
              if (iy < 0 || iy >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ix = ox * strideW - padLeft + kx * dilationW;
                if (ix < 0 || ix >= inW) continue;
                const xi = xn + (iy * inW + ix) * inC;
                const wi = (ky * kW + kx) * outC;
                if (dm === 1) {
                  for (let c = 0; c < inC; c++) acc[c] += x[xi + c] * w[wi + c];
                } else {
                  for (let c = 0, o = 0; c < inC; c++) {
                    const v = x[xi + c];
                    for (let m = 0; m < dm; m++, o++) acc[o] += v * w[wi + o];
                  }
                }
              }
            }
            const d = n * outPer + (oy * outW + ox) * outC;
            for (let o = 0; o < outC; o++) output[d + o] = acc[o];
          }
        }
        applyActivation(activation, output, n * outPer, outPer, outC);
      }
    },
  };
}

export const depthwiseConv2DKernel: KernelFactory<'DepthwiseConv2D'> = (step, ctx) =>
  createDepthwiseConv2D(geometryOf(step), step.params.depthMultiplier, ctx.weight('depthwiseKernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd() !== null);
