import { compileGraph } from '../compile/compileGraph';
import { encodeFloat32 } from '../graph/tensorCodec';
import type { GraphDocument } from '../graph/types';
import { createExecutor } from '../runtime/executor';
import type { Kernel3 } from './classicKernels';

/** Node ids of the playground graph. */
export const PLAYGROUND_INPUT_ID = 'image';
export const PLAYGROUND_CONV_ID = 'filter';

/**
 * The kernel playground's graph: Input [h, w, 1] -> one Conv2D with a single fixed 3x3 filter,
 * 'same' padding (zeros around the border, output h x w), no bias, linear: the notebook's
 * tf.nn.conv2d(image, kernel, strides=1, padding='SAME'). The kernel is stored in the document's
 * weights as HWIO [3, 3, 1, 1], so the editor and the runtime treat it like any other model.
 */
export function createKernelDocument(height: number, width: number, kernel: Kernel3): GraphDocument {
  return {
    format: 'cnn-graph',
    version: 1,
    name: 'Kernel playground',
    nodes: [
      { id: PLAYGROUND_INPUT_ID, kind: 'Input', name: 'image', params: { shape: [height, width, 1] }, position: { x: 0, y: 0 } },
      {
        id: PLAYGROUND_CONV_ID, kind: 'Conv2D', name: 'filter',
        params: { filters: 1, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false },
        position: { x: 0, y: 140 },
      },
    ],
    edges: [{ id: 'image-filter', source: PLAYGROUND_INPUT_ID, target: PLAYGROUND_CONV_ID }],
    weights: { [PLAYGROUND_CONV_ID]: { kernel: { shape: [3, 3, 1, 1], data: encodeFloat32(Float32Array.from(kernel.flat())) } } },
  };
}

export type ApplyKernelResult = { ok: true; data: Float32Array } | { ok: false; error: { code: 'kernel-run-failed'; message: string } };

/**
 * Filters a grayscale height x width image (row-major, one channel) with `kernel` by compiling
 * and running the playground graph on the project's runtime. Conv2D computes a cross-correlation;
 * pass flipKernel(kernel) for a true convolution.
 */
export function applyKernel(image: Float32Array, height: number, width: number, kernel: Kernel3): ApplyKernelResult {
  const compiled = compileGraph(createKernelDocument(height, width, kernel), { seed: 0 });
  if (!compiled.ok) return { ok: false, error: { code: 'kernel-run-failed', message: compiled.message } };
  const run = createExecutor(compiled.plan, compiled.weights).run({ [PLAYGROUND_INPUT_ID]: image }, 1);
  if (!run.ok) return { ok: false, error: { code: 'kernel-run-failed', message: run.error.message } };
  return { ok: true, data: run.outputs[PLAYGROUND_CONV_ID] };
}
