import type { PreparedOp } from '../op';

/** Identity at inference (Flatten, Dropout): copies `batch * perSample` values. */
export function createCopy(perSample: number): PreparedOp {
  return {
    name: 'copy',
    run(inputs, batch, output) {
      const x = inputs[0];
      if (x !== output) output.set(x.subarray(0, batch * perSample));
    },
  };
}
