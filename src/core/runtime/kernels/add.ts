import type { PreparedOp } from '../op';
import type { SimdGemm } from './simdGemm';
import { sizeOf, type KernelFactory } from '../kernelFactory';

/**
 * Add: the elementwise sum of `arity` same-shaped inputs. With `simd`, tensors that lie in its
 * memory (the executor's arena) are summed there by the f32x4 kernel, two at a time.
 */
export function createAdd(perSample: number, arity: number, simd: SimdGemm | null = null): PreparedOp {
  if (arity < 1) throw new Error(`Add: needs at least one input, got ${arity}`);
  const runSimd = (inputs: readonly Float32Array[], total: number, output: Float32Array): boolean => {
    if (!simd) return false;
    const y = simd.offsetOf(output);
    if (y < 0) return false;
    for (const x of inputs) if (simd.offsetOf(x) < 0) return false;
    simd.add(simd.offsetOf(inputs[0]), simd.offsetOf(inputs[1]), y, total);
    for (let k = 2; k < arity; k++) simd.add(y, simd.offsetOf(inputs[k]), y, total);
    return true;
  };
  return {
    name: simd ? `add.${arity}.simd` : `add.${arity}`,
    run(inputs, batch, output) {
      if (inputs.length !== arity) throw new Error(`Add: expected ${arity} inputs, got ${inputs.length}`);
      const total = batch * perSample;
      const a = inputs[0];
      if (arity === 1) {
        output.set(a.subarray(0, total));
        return;
      }
      if (runSimd(inputs, total, output)) return;
      const b = inputs[1];
      for (let i = 0; i < total; i++) output[i] = a[i] + b[i];
      for (let k = 2; k < arity; k++) {
        const x = inputs[k];
        for (let i = 0; i < total; i++) output[i] += x[i];
      }
    },
  };
}

export const addKernel: KernelFactory<'Add'> = (step, ctx) => createAdd(sizeOf(step.outputShape), step.inputShapes.length, ctx.simd());
