import { createAvgPool2D } from '../../runtime/kernels/avgPool2d';
import { createMaxPool2D } from '../../runtime/kernels/maxPool2d';
import { clipPoolWindows } from '../../runtime/kernels/poolWindows';
import type { ConvGeometry } from '../../shape/types';
import type { BackwardFactory } from './types';

/**
 * MaxPool2D in training: forward is the runtime kernel; backward routes each output's gradient to
 * the arg max of its window, the first cell (in window order) holding the maximum, as TensorFlow
 * and PyTorch do. Padded cells never win, as in forward (windows clipped the same way).
 */
export const maxPoolBackward: BackwardFactory<'MaxPool2D'> = ({ step }) => {
  const g = geometryOf(step.geometry, step.name);
  const op = createMaxPool2D(g);
  const w = clipPoolWindows(g);
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  return {
    name: `maxpool2d ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      const x = inputs[0];
      const inPer = inH * inW * c;
      for (let n = 0; n < batch; n++) {
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            const o = ((n * outH + oy) * outW + ox) * c;
            for (let ch = 0; ch < c; ch++) {
              let best = -Infinity;
              let at = -1;
              for (let ky = w.kyFrom[oy]; ky < w.kyTo[oy]; ky++) {
                const iy = oy * strideH - padTop + ky * dilationH;
                for (let kx = w.kxFrom[ox]; kx < w.kxTo[ox]; kx++) {
                  const ix = ox * strideW - padLeft + kx * dilationW;
                  const p = n * inPer + (iy * inW + ix) * c + ch;
                  if (x[p] > best || at < 0) {
                    best = x[p];
                    at = p;
                  }
                }
              }
              if (at >= 0) dX[at] += dy[o + ch];
            }
          }
        }
      }
    },
  };
};

/**
 * AvgPool2D in training: forward is the runtime kernel; backward spreads each output's gradient
 * evenly over the real cells of its window, divided by the same count as forward (TensorFlow's:
 * padded cells are not counted, so 'same' borders divide by fewer; with countIncludePad the cells
 * on the padded input, as PyTorch).
 */
export const avgPoolBackward: BackwardFactory<'AvgPool2D'> = ({ step, params }) => {
  const g = geometryOf(step.geometry, step.name);
  const { countIncludePad } = params;
  const op = createAvgPool2D(g, null, countIncludePad);
  const w = clipPoolWindows(g);
  const { inH, inW, inC: c, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  return {
    name: `avgpool2d ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      const inPer = inH * inW * c;
      for (let n = 0; n < batch; n++) {
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            const count = (w.kyTo[oy] - w.kyFrom[oy]) * (w.kxTo[ox] - w.kxFrom[ox]);
            if (count <= 0) continue;
            const o = ((n * outH + oy) * outW + ox) * c;
            const inv = 1 / (countIncludePad ? w.kyPadded[oy] * w.kxPadded[ox] : count);
            for (let ky = w.kyFrom[oy]; ky < w.kyTo[oy]; ky++) {
              const iy = oy * strideH - padTop + ky * dilationH;
              for (let kx = w.kxFrom[ox]; kx < w.kxTo[ox]; kx++) {
                const ix = ox * strideW - padLeft + kx * dilationW;
                const p = n * inPer + (iy * inW + ix) * c;
                for (let ch = 0; ch < c; ch++) dX[p + ch] += dy[o + ch] * inv;
              }
            }
          }
        }
      }
    },
  };
};

function geometryOf(g: ConvGeometry | undefined, name: string): ConvGeometry {
  if (!g) throw new Error(`pooling ${name}: the plan step has no geometry`);
  return g;
}
