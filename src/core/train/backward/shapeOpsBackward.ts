import { resolveMargins } from '../../layers/margins';
import { toPairValues } from '../../shape/convArithmetic';
import { createCropping2D } from '../../runtime/kernels/cropping2d';
import { createGlobalMaxPool2D } from '../../runtime/kernels/globalMaxPool2d';
import { createMultiply } from '../../runtime/kernels/multiply';
import { bilinearTaps, createUpSampling2D } from '../../runtime/kernels/upSampling2d';
import { createZeroPadding2D } from '../../runtime/kernels/zeroPadding2d';
import type { BackwardFactory } from './types';

/** Training ops of the reshaping and gating kinds: forward through the runtime kernels, backward by hand. */

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Reshape: the values keep their memory order, so the trainer aliases the output and its gradient. */
export const reshapeBackward: BackwardFactory<'Reshape'> = ({ step }) => ({
  name: `reshape ${step.name}`,
  forward() {},
  backward() {},
});

/** ZeroPadding2D: each input pixel gets the gradient of the output pixel it was copied to. */
export const zeroPadding2dBackward: BackwardFactory<'ZeroPadding2D'> = ({ step, params }) => {
  const [h, w, c] = step.inputShapes[0];
  const m = resolveMargins(params.padding);
  const outW = w + m.left + m.right;
  const outPer = (h + m.top + m.bottom) * outW * c;
  const op = createZeroPadding2D(h, w, c, m.top, m.bottom, m.left, m.right);
  return {
    name: `zeropadding2d ${step.name}`,
    forward(inputs, batch, output) { op.run(inputs, batch, output); },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      for (let n = 0; n < batch; n++) {
        for (let y = 0; y < h; y++) {
          const src = n * outPer + ((y + m.top) * outW + m.left) * c;
          const dst = ((n * h + y) * w) * c;
          for (let i = 0; i < w * c; i++) dX[dst + i] += dy[src + i];
        }
      }
    },
  };
};

/** Cropping2D: the kept pixels get their gradient back; the cropped ones none. */
export const cropping2dBackward: BackwardFactory<'Cropping2D'> = ({ step, params }) => {
  const [h, w, c] = step.inputShapes[0];
  const m = resolveMargins(params.cropping);
  const [outH, outW] = step.outputShape;
  const op = createCropping2D(h, w, c, m.top, m.bottom, m.left, m.right);
  return {
    name: `cropping2d ${step.name}`,
    forward(inputs, batch, output) { op.run(inputs, batch, output); },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      for (let n = 0; n < batch; n++) {
        for (let y = 0; y < outH; y++) {
          const src = ((n * outH + y) * outW) * c;
          const dst = ((n * h + y + m.top) * w + m.left) * c;
          for (let i = 0; i < outW * c; i++) dX[dst + i] += dy[src + i];
        }
      }
    },
  };
};

/** UpSampling2D: nearest sums each block of copies; bilinear scatters with the forward's tap weights. */
export const upSampling2dBackward: BackwardFactory<'UpSampling2D'> = ({ step, params }) => {
  const [h, w, c] = step.inputShapes[0];
  const [sh, sw] = toPairValues(params.size);
  const outH = h * sh;
  const outW = w * sw;
  const op = createUpSampling2D(h, w, c, sh, sw, params.interpolation);
  const rows = params.interpolation === 'bilinear' ? bilinearTaps(h, sh) : null;
  const cols = params.interpolation === 'bilinear' ? bilinearTaps(w, sw) : null;
  return {
    name: `upsampling2d.${params.interpolation} ${step.name}`,
    forward(inputs, batch, output) { op.run(inputs, batch, output); },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      for (let n = 0; n < batch; n++) {
        const base = n * h * w * c;
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            const o = ((n * outH + oy) * outW + ox) * c;
            if (!rows || !cols) {
              const p = base + (Math.floor(oy / sh) * w + Math.floor(ox / sw)) * c;
              for (let ch = 0; ch < c; ch++) dX[p + ch] += dy[o + ch];
              continue;
            }
            const wy = rows.weight[oy];
            const wx = cols.weight[ox];
            const taps: [number, number][] = [
              [(rows.lo[oy] * w + cols.lo[ox]) * c, (1 - wy) * (1 - wx)],
              [(rows.lo[oy] * w + cols.hi[ox]) * c, (1 - wy) * wx],
              [(rows.hi[oy] * w + cols.lo[ox]) * c, wy * (1 - wx)],
              [(rows.hi[oy] * w + cols.hi[ox]) * c, wy * wx],
            ];
            for (const [p, weight] of taps) for (let ch = 0; ch < c; ch++) dX[base + p + ch] += dy[o + ch] * weight;
          }
        }
      }
    },
  };
};

/** GlobalMaxPool2D: each channel's gradient goes to its (first) largest pixel. */
export const globalMaxPool2dBackward: BackwardFactory<'GlobalMaxPool2D'> = ({ step }) => {
  const [h, w, c] = step.inputShapes[0];
  const hw = h * w;
  const op = createGlobalMaxPool2D(h, w, c);
  return {
    name: `globalmaxpool2d ${step.name}`,
    forward(inputs, batch, output) { op.run(inputs, batch, output); },
    backward(inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        for (let ch = 0; ch < c; ch++) {
          let best = n * hw * c + ch;
          for (let p = 1; p < hw; p++) {
            const i = (n * hw + p) * c + ch;
            if (x[i] > x[best]) best = i;
          }
          dX[best] += dy[n * c + ch];
        }
      }
    },
  };
};

/** Multiply: each input gets dy times the product of the others; a per-channel gate sums over positions. */
export const multiplyBackward: BackwardFactory<'Multiply'> = ({ step }) => {
  const perSample = sizeOf(step.outputShape);
  const channels = step.outputShape[step.outputShape.length - 1];
  const sizes = step.inputShapes.map(sizeOf);
  const op = createMultiply(perSample, channels, sizes);
  const index = (k: number, n: number, i: number) => (sizes[k] === perSample ? n * perSample + i : n * channels + (i % channels));
  return {
    name: `multiply ${step.name}`,
    forward(inputs, batch, output) { op.run(inputs, batch, output); },
    backward(inputs, _output, dy, dInputs, _grads, batch) {
      dInputs.forEach((dX, k) => {
        if (!dX) return;
        for (let n = 0; n < batch; n++) {
          for (let i = 0; i < perSample; i++) {
            let others = dy[n * perSample + i];
            for (let j = 0; j < inputs.length; j++) if (j !== k) others *= inputs[j][index(j, n, i)];
            dX[index(k, n, i)] += others;
          }
        }
      });
    },
  };
};
