import type { PreparedOp } from '../op';
import { checkSizes } from './checkSizes';
import { sizeOf, lastDimOf, type KernelFactory } from '../kernelFactory';

/**
 * Multiply: the element-wise product of its inputs. Each input is either the full per-sample size
 * `perSample` or a per-channel vector of `channels` values ([1, 1, c] or [c]) broadcast over every
 * position of the [h, w, c] map: the gate of a squeeze-and-excitation block. `sizes[i]` is the
 * per-sample size of input i.
 */
export function createMultiply(perSample: number, channels: number, sizes: readonly number[]): PreparedOp {
  checkSizes('Multiply', { perSample, channels, inputs: sizes.length });
  for (const s of sizes) {
    if (s !== perSample && s !== channels) throw new Error(`Multiply: an input of ${s} values is neither the full ${perSample} nor ${channels} channels`);
  }
  if (perSample % channels !== 0) throw new Error(`Multiply: ${perSample} values are not a multiple of ${channels} channels`);
  return {
    name: 'multiply',
    run(inputs, batch, output) {
      for (let n = 0; n < batch; n++) {
        const o = n * perSample;
        // The first input's values, then each input multiplied in: the output may alias none of them.
        for (let k = 0; k < sizes.length; k++) {
          const x = inputs[k];
          const full = sizes[k] === perSample;
          const base = n * sizes[k];
          if (k === 0) {
            if (full) for (let i = 0; i < perSample; i++) output[o + i] = x[base + i];
            else for (let i = 0; i < perSample; i++) output[o + i] = x[base + (i % channels)];
          } else if (full) {
            for (let i = 0; i < perSample; i++) output[o + i] *= x[base + i];
          } else {
            for (let i = 0; i < perSample; i++) output[o + i] *= x[base + (i % channels)];
          }
        }
      }
    },
  };
}

export const multiplyKernel: KernelFactory<'Multiply'> = (step) =>
  createMultiply(sizeOf(step.outputShape), lastDimOf(step.outputShape), step.inputShapes.map(sizeOf));
