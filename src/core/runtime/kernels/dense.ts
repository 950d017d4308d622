import type { ActivationFn } from '../../graph/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';

/** Dense: out[n, u] = act(bias[u] + sum_i x[n, i] * kernel[i, u]), kernel stored [inSize, units]. */
export function createDense(inSize: number, units: number, kernelIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  if (kernelIO.length !== inSize * units) {
    throw new Error(`Dense: kernel has ${kernelIO.length} values, expected ${inSize}*${units} = ${inSize * units}`);
  }
  if (bias && bias.length !== units) throw new Error(`Dense: bias has ${bias.length} values, expected ${units}`);
  const b = bias ?? new Float32Array(units);
  const acc = new Float64Array(units);
  return {
    name: 'dense.direct',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        for (let u = 0; u < units; u++) acc[u] = b[u];
        const xb = n * inSize;
        for (let i = 0; i < inSize; i++) {
          const v = x[xb + i];
          const w = i * units;
          for (let u = 0; u < units; u++) acc[u] += v * kernelIO[w + u];
        }
        const o = n * units;
        for (let u = 0; u < units; u++) output[o + u] = acc[u];
      }
      applyActivation(activation, output, 0, batch * units, units);
    },
  };
}
