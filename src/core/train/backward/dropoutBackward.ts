import type { BackwardFactory } from './types';

/**
 * Dropout in training (inverted dropout, as Keras): each value is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate), else zeroed; the mask comes from the trainer's seeded
 * stream, so a seed reproduces it. Backward multiplies the gradient by the same mask.
 */
export const dropoutBackward: BackwardFactory<'Dropout'> = ({ step, params }) => {
  const perSample = step.outputShape.reduce((a, b) => a * b, 1);
  const rate = params.rate;
  const keep = rate >= 1 ? 0 : 1 / (1 - rate);
  let mask = new Float32Array(0);
  return {
    name: `dropout.training ${step.name}`,
    forward(inputs, batch, output, ctx) {
      const x = inputs[0];
      const total = batch * perSample;
      if (mask.length < total) mask = new Float32Array(total);
      for (let i = 0; i < total; i++) {
        const m = ctx.random() >= rate ? keep : 0;
        mask[i] = m;
        output[i] = x[i] * m;
      }
    },
    backward(_inputs, _output, dy, dInputs, _grads, batch) {
      const dX = dInputs[0];
      if (!dX) return;
      for (let i = 0, n = batch * perSample; i < n; i++) dX[i] += dy[i] * mask[i];
    },
  };
};
