import type { PreparedOp } from '../op';
import { sizeOf, type KernelFactory } from '../kernelFactory';
import { checkSizes } from './checkSizes';

/** Rescaling: y = x * scale + offset over `perSample` values per sample, rounded to float32 after each, as Keras. */
export function createRescaling(perSample: number, scale: number, offset: number): PreparedOp {
  checkSizes('Rescaling', { perSample });
  const s = Math.fround(scale);
  const o = Math.fround(offset);
  return {
    name: 'rescaling',
    run(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * perSample;
      for (let i = 0; i < total; i++) output[i] = Math.fround(x[i] * s) + o;
    },
  };
}

export const rescalingKernel: KernelFactory<'Rescaling'> = (step) =>
  createRescaling(sizeOf(step.outputShape), step.params.scale, step.params.offset);
