import type { BackwardFactory } from './types';

/** Keras' default momentum of the moving statistics. */
export const KERAS_BATCH_NORM_MOMENTUM = 0.99;

/**
 * BatchNorm in training mode, per channel c over the batch and every pixel (M values):
 *   mean = sum x / M,  var = sum (x - mean)^2 / M (biased, as Keras and tf.moments),
 *   xhat = (x - mean) / sqrt(var + eps),  y = gamma * xhat + beta,
 *   moving = momentum * moving + (1 - momentum) * batch statistic   (Keras' update).
 * Backward (with the batch statistics of this forward):
 *   dbeta = sum dy,  dgamma = sum dy * xhat,
 *   dx = gamma / sqrt(var + eps) / M * (M * dy - dbeta - xhat * dgamma).
 * Inference (evaluation, the trained document) uses the moving statistics through the runtime.
 */
export const batchNormBackward: BackwardFactory<'BatchNorm'> = ({ step, params, weights }) => {
  const shape = step.outputShape;
  const channels = shape[shape.length - 1];
  const perSample = shape.reduce((a, b) => a * b, 1);
  const epsilon = params.epsilon;
  const momentum = (params as { momentum?: number }).momentum ?? KERAS_BATCH_NORM_MOMENTUM;
  const { gamma, beta, movingMean, movingVariance } = weights;
  const mean = new Float64Array(channels);
  const invStd = new Float64Array(channels);
  const sumDy = new Float64Array(channels);
  const sumDyXhat = new Float64Array(channels);
  return {
    name: `batchnorm.training ${step.name}`,
    forward(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * perSample;
      const m = total / channels;
      mean.fill(0);
      for (let p = 0; p < total; p += channels) for (let c = 0; c < channels; c++) mean[c] += x[p + c];
      for (let c = 0; c < channels; c++) mean[c] /= m;
      const variance = invStd;
      variance.fill(0);
      for (let p = 0; p < total; p += channels) {
        for (let c = 0; c < channels; c++) {
          const d = x[p + c] - mean[c];
          variance[c] += d * d;
        }
      }
      for (let c = 0; c < channels; c++) {
        const v = variance[c] / m;
        movingMean[c] = momentum * movingMean[c] + (1 - momentum) * mean[c];
        movingVariance[c] = momentum * movingVariance[c] + (1 - momentum) * v;
        invStd[c] = 1 / Math.sqrt(v + epsilon);
      }
      for (let p = 0; p < total; p += channels) {
        for (let c = 0; c < channels; c++) output[p + c] = gamma[c] * (x[p + c] - mean[c]) * invStd[c] + beta[c];
      }
    },
    backward(inputs, _output, dy, dInputs, grads, batch) {
      const x = inputs[0];
      const total = batch * perSample;
      const m = total / channels;
      sumDy.fill(0);
      sumDyXhat.fill(0);
      for (let p = 0; p < total; p += channels) {
        for (let c = 0; c < channels; c++) {
          const g = dy[p + c];
          sumDy[c] += g;
          sumDyXhat[c] += g * (x[p + c] - mean[c]) * invStd[c];
        }
      }
      if (grads.beta) for (let c = 0; c < channels; c++) grads.beta[c] += sumDy[c];
      if (grads.gamma) for (let c = 0; c < channels; c++) grads.gamma[c] += sumDyXhat[c];
      const dX = dInputs[0];
      if (!dX) return;
      for (let p = 0; p < total; p += channels) {
        for (let c = 0; c < channels; c++) {
          const xhat = (x[p + c] - mean[c]) * invStd[c];
          dX[p + c] += (gamma[c] * invStd[c] / m) * (m * dy[p + c] - sumDy[c] - xhat * sumDyXhat[c]);
        }
      }
    },
  };
};
