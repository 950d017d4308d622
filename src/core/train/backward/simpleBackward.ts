import { createActivation } from '../../runtime/kernels/activation';
import { createAdd } from '../../runtime/kernels/add';
import { createConcatenate } from '../../runtime/kernels/concatenate';
import { createGlobalAvgPool2D } from '../../runtime/kernels/globalAvgPool2d';
import { createRescaling } from '../../runtime/kernels/rescaling';
import { applyActivationGrad, trainingActivation } from './activationGrad';
import type { BackwardFactory } from './types';

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Input: the trainer copies the batch in; there is nothing upstream to differentiate. */
export const inputBackward: BackwardFactory<'Input'> = ({ step }) => ({
  name: `input ${step.name}`,
  forward() {},
  backward() {},
});

/** Flatten: NHWC flattening keeps memory order, so the trainer aliases both the output and its gradient. */
export const flattenBackward: BackwardFactory<'Flatten'> = ({ step }) => ({
  name: `flatten ${step.name}`,
  forward() {},
  backward() {},
});

/** Activation: forward through the runtime kernel, backward from the output (see applyActivationGrad). */
export const activationBackward: BackwardFactory<'Activation'> = ({ step, params, logits }) => {
  const fn = trainingActivation(params.fn, logits);
  const perSample = sizeOf(step.outputShape);
  const lastDim = step.outputShape[step.outputShape.length - 1];
  const alpha = (params as { alpha?: number }).alpha;
  const op = createActivation(fn, perSample, lastDim, alpha);
  return {
    name: `activation.${fn} ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(inputs, output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      applyActivationGrad(fn, inputs[0], output, dy, 0, batch * perSample, lastDim, alpha);
      for (let i = 0, n = batch * perSample; i < n; i++) dX[i] += dy[i];
    },
  };
};

/** GlobalAvgPool2D: each pixel of a channel gets the channel's gradient over h*w. */
export const globalAvgPoolBackward: BackwardFactory<'GlobalAvgPool2D'> = ({ step }) => {
  const [h, w, c] = step.inputShapes[0];
  const op = createGlobalAvgPool2D(h, w, c);
  const hw = h * w;
  return {
    name: `globalavgpool2d ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      const inv = 1 / hw;
      for (let n = 0; n < batch; n++) {
        for (let p = 0; p < hw; p++) {
          const base = (n * hw + p) * c;
          for (let ch = 0; ch < c; ch++) dX[base + ch] += dy[n * c + ch] * inv;
        }
      }
    },
  };
};

/** Add: every input receives the output's gradient. */
export const addBackward: BackwardFactory<'Add'> = ({ step }) => {
  const perSample = sizeOf(step.outputShape);
  const op = createAdd(perSample, step.inputShapes.length);
  return {
    name: `add ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const total = batch * perSample;
      for (const dX of dInputs) if (dX) for (let i = 0; i < total; i++) dX[i] += dy[i];
    },
  };
};

/** Concatenate (last axis): each input receives its own channel slice of the gradient. */
export const concatenateBackward: BackwardFactory<'Concatenate'> = ({ step }) => {
  const widths = step.inputShapes.map((s) => s[s.length - 1]);
  const outC = step.outputShape[step.outputShape.length - 1];
  const spatial = sizeOf(step.outputShape) / outC;
  const op = createConcatenate(spatial, widths);
  return {
    name: `concatenate ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const rows = batch * spatial;
      let offset = 0;
      for (let k = 0; k < widths.length; k++) {
        const dX = dInputs[k];
        const c = widths[k];
        if (dX) {
          for (let r = 0; r < rows; r++) {
            const src = r * outC + offset;
            const dst = r * c;
            for (let ch = 0; ch < c; ch++) dX[dst + ch] += dy[src + ch];
          }
        }
        offset += c;
      }
    },
  };
};

/** Rescaling: y = x * scale + offset, so dx = dy * scale. */
export const rescalingBackward: BackwardFactory<'Rescaling'> = ({ step, params }) => {
  const perSample = sizeOf(step.outputShape);
  const op = createRescaling(perSample, params.scale, params.offset);
  const scale = Math.fround(params.scale);
  return {
    name: `rescaling ${step.name}`,
    forward(inputs, batch, output) {
      op.run(inputs, batch, output);
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      for (let i = 0, n = batch * perSample; i < n; i++) dX[i] += dy[i] * scale;
    },
  };
};
