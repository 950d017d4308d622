import type { PreparedOp } from '../op';
import { lastDimOf, sizeOf, type KernelFactory } from '../kernelFactory';

/**
 * Concatenate along the channel (last) axis: each of the `spatial` positions (h*w, or 1 for
 * vectors) gets input 0's channels, then input 1's, ... in `channelsPerInput` order.
 */
export function createConcatenate(spatial: number, channelsPerInput: readonly number[]): PreparedOp {
  const widths = Int32Array.from(channelsPerInput);
  let outC = 0;
  for (const c of channelsPerInput) outC += c;
  const arity = widths.length;
  return {
    name: `concatenate.${arity}`,
    run(inputs, batch, output) {
      if (inputs.length !== arity) throw new Error(`Concatenate: expected ${arity} inputs, got ${inputs.length}`);
      const rows = batch * spatial;
      let offset = 0;
      for (let k = 0; k < arity; k++) {
        const x = inputs[k];
        const c = widths[k];
        for (let r = 0; r < rows; r++) {
          const src = r * c;
          const dst = r * outC + offset;
          for (let ch = 0; ch < c; ch++) output[dst + ch] = x[src + ch];
        }
        offset += c;
      }
    },
  };
}

export const concatenateKernel: KernelFactory<'Concatenate'> = (step) =>
  createConcatenate(sizeOf(step.outputShape) / lastDimOf(step.outputShape), step.inputShapes.map(lastDimOf));
