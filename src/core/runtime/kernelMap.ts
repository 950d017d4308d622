/**
 * The runtime's kernel for every layer kind. `KERNELS` is written by scripts/kindTables.ts from
 * each kernel file's `export const x: KernelFactory<'Kind'>`; its mapped type makes a kind
 * without a kernel a compile error. The layer definitions (core/layers) never import the runtime.
 */
export { KERNELS } from './kernels.generated';
export type { KernelContext, KernelFactory } from './kernelFactory';
