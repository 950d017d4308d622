import type { PreparedOp } from '../op';

/** Add: the elementwise sum of `arity` same-shaped inputs. */
export function createAdd(perSample: number, arity: number): PreparedOp {
  if (arity < 1) throw new Error(`Add: needs at least one input, got ${arity}`);
  return {
    name: `add.${arity}`,
    run(inputs, batch, output) {
      if (inputs.length !== arity) throw new Error(`Add: expected ${arity} inputs, got ${inputs.length}`);
      const total = batch * perSample;
      const a = inputs[0];
      if (arity === 1) {
        output.set(a.subarray(0, total));
        return;
      }
      const b = inputs[1];
      for (let i = 0; i < total; i++) output[i] = a[i] + b[i];
      for (let k = 2; k < arity; k++) {
        const x = inputs[k];
        for (let i = 0; i < total; i++) output[i] += x[i];
      }
    },
  };
}
