import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { type KernelFactory } from '../kernelFactory';
import { toPairValues } from '../../shape/convArithmetic';

/** How UpSampling2D fills the new pixels. */
export type Interpolation = 'nearest' | 'bilinear';

/**
 * Per output index along one axis: the two source indices and the weight of the second, as
 * tf.image.resize (bilinear, half_pixel_centers) computes them: src = (o + 0.5) / factor - 0.5,
 * lo = max(floor(src), 0), hi = min(ceil(src), size - 1), weight = src - floor(src).
 */
export function bilinearTaps(size: number, factor: number): { lo: Int32Array; hi: Int32Array; weight: Float64Array } {
  const out = size * factor;
  const lo = new Int32Array(out);
  const hi = new Int32Array(out);
  const weight = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    const src = (o + 0.5) / factor - 0.5;
    const floor = Math.floor(src);
    lo[o] = Math.max(floor, 0);
    hi[o] = Math.min(Math.ceil(src), size - 1);
    weight[o] = src - floor;
  }
  return { lo, hi, weight };
}

/**
 * UpSampling2D: [h, w, c] -> [h*sh, w*sw, c], as Keras' UpSampling2D. `nearest` repeats each pixel
 * (out[y, x] = in[floor(y/sh), floor(x/sw)]); `bilinear` is tf.image.resize bilinear with
 * half-pixel centres, the edges clamped.
 */
export function createUpSampling2D(h: number, w: number, c: number, sizeH: number, sizeW: number, interpolation: Interpolation): PreparedOp {
  checkSizes('UpSampling2D', { h, w, c, sizeH, sizeW });
  const outH = h * sizeH;
  const outW = w * sizeW;
  const inPer = h * w * c;
  const outPer = outH * outW * c;
  if (interpolation === 'nearest') {
    return {
      name: 'upsampling2d.nearest',
      run(inputs, batch, output) {
        const x = inputs[0];
        for (let n = 0; n < batch; n++) {
          let o = n * outPer;
          for (let oy = 0; oy < outH; oy++) {
            const row = n * inPer + Math.floor(oy / sizeH) * w * c;
            for (let ox = 0; ox < outW; ox++, o += c) {
              const p = row + Math.floor(ox / sizeW) * c;
              for (let ch = 0; ch < c; ch++) output[o + ch] = x[p + ch];
            }
          }
        }
      },
    };
  }
  const rows = bilinearTaps(h, sizeH);
  const cols = bilinearTaps(w, sizeW);
  return {
    name: 'upsampling2d.bilinear',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const base = n * inPer;
        let o = n * outPer;
        for (let oy = 0; oy < outH; oy++) {
          const top = base + rows.lo[oy] * w * c;
          const bottom = base + rows.hi[oy] * w * c;
          const wy = rows.weight[oy];
          for (let ox = 0; ox < outW; ox++, o += c) {
            const left = cols.lo[ox] * c;
            const right = cols.hi[ox] * c;
            const wx = cols.weight[ox];
            for (let ch = 0; ch < c; ch++) {
              const t = x[top + left + ch] + (x[top + right + ch] - x[top + left + ch]) * wx;
              const b = x[bottom + left + ch] + (x[bottom + right + ch] - x[bottom + left + ch]) * wx;
              output[o + ch] = t + (b - t) * wy;
            }
          }
        }
      }
    },
  };
}

export const upSampling2DKernel: KernelFactory<'UpSampling2D'> = (step) => {
  const [h, w, c] = step.inputShapes[0];
  const [sh, sw] = toPairValues(step.params.size);
  return createUpSampling2D(h, w, c, sh, sw, step.params.interpolation);
};
