/**
 * Peak memory of a VGG-16 run (batch 1): the seeded weights as compiled (float32 arrays), our
 * kernels' WebAssembly memory (the packed weights, in panels of 8 columns, and the arena after
 * them), and the live ArrayBuffer bytes at each stage. The executor packs the weights into its
 * memory and keeps no reference to the unpacked arrays, so once the caller drops them (the CLI's
 * run can) the garbage collector returns them: the last line shows what stays.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileGraph } from '../src/core/compile/compileGraph';
import { PRESETS } from '../src/core/presets';
import { createExecutor } from '../src/core/runtime/executor';
import { fillRandom } from './benchUtils';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mib = (bytes: number) => bytes / (1024 * 1024);
/** Bytes of live ArrayBuffers (typed arrays and WebAssembly memories): exact, unlike the resident set, which freed heap pages need not leave. */
const live = (): number => process.memoryUsage().arrayBuffers;

/** A full collection, after a tick: backing stores of collected arrays are released asynchronously. */
async function collect(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
}

/** The lines of the memory report. */
export async function benchVggMemory(): Promise<string[]> {
  await collect();
  const base = live();
  let compiled = compileGraph(PRESETS.find((p) => p.id === 'vgg16')!.doc, { seed: 1 });
  if (!compiled.ok) throw new Error(compiled.message);
  const { plan } = compiled;
  let weightBytes = 0;
  for (const byName of Object.values(compiled.weights)) for (const w of Object.values(byName)) weightBytes += w.byteLength;
  const afterCompile = live();
  const exec = createExecutor(plan, compiled.weights);
  const afterPrepare = live();
  const result = exec.run(fillRandom(224 * 224 * 3, 3), 1);
  if (!result.ok) throw new Error(result.error.message);
  const afterRun = live();
  const arenaBytes = 4 * exec.arenaCapacity;
  const kernelBytes = exec.kernelMemoryBytes;
  compiled = { ok: false, code: 'internal', message: 'released', diagnostics: [] }; // the caller lets go of the unpacked weights
  await collect();
  const released = live();
  const again = exec.run(fillRandom(224 * 224 * 3, 3), 1);
  if (!again.ok) throw new Error(again.error.message);
  const f = (b: number) => `${mib(b).toFixed(0)} MiB`;
  return [
    `weights (float32, as compiled): ${f(weightBytes)}; arena: ${f(arenaBytes)} (${exec.arenaInKernelMemory ? 'in' : 'outside'} the kernel memory)`,
    `kernel memory: ${f(kernelBytes)} = packed weights and tables ${f(kernelBytes - (exec.arenaInKernelMemory ? arenaBytes : 0))}${exec.arenaInKernelMemory ? ` + arena ${f(arenaBytes)}` : ''}`,
    `live ArrayBuffers over the start: compiled +${f(afterCompile - base)}, prepared +${f(afterPrepare - base)}, after a run +${f(afterRun - base)} (the peak), unpacked weights released +${f(released - base)}`,
  ];
}
