import type { KernelFactory } from '../kernelFactory';

// Kinds that move no data: the Input's values are written into its buffer by the executor, and
// Flatten, Reshape and Dropout (at inference) alias their input's buffer, so the compiler gives them nothing to run.
export const inputKernel: KernelFactory<'Input'> = () => null;
export const flattenKernel: KernelFactory<'Flatten'> = () => null;
export const reshapeKernel: KernelFactory<'Reshape'> = () => null;
export const dropoutKernel: KernelFactory<'Dropout'> = () => null;
