/**
 * The runtime's WebAssembly module: every SIMD kernel over one imported memory `env.mem`.
 * Assembled here from TypeScript (./assembler) so the core needs no build step; its text form is
 * checked against a golden listing in the tests.
 */
import { ModuleBuilder } from './assembler';
import { addActivateKernel } from './activateKernel';
import { addElementwiseKernels } from './elementwiseKernel';
import { addGemmKernel } from './gemmKernel';
import { addPoolKernels } from './poolKernel';

/** The module's bytes. `relaxed` builds igemm with f32x4.relaxed_madd (engines that pass the probe). */
export function assembleKernelModule(opts: { relaxed?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
  addGemmKernel(m, 'igemm', opts.relaxed ?? false);
  addActivateKernel(m);
  addPoolKernels(m);
  addElementwiseKernels(m);
  return m.encode();
}
