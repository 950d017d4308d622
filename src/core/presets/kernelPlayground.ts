import type { GraphDocument } from '../graph/types';
import { encodeFloat32 } from '../graph/tensorCodec';
import { CLASSIC_KERNELS } from '../imaging/classicKernels';

/** The six classic 3x3 kernels of the tutorial, in the order the playground shows them. */
const PRESET_KERNEL_IDS = ['identity', 'edge-diagonal', 'edge-laplacian', 'box-blur', 'sharpen', 'gaussian-blur'] as const;

/**
 * The kernel playground as a graph: a 128x128 grayscale picture through ONE Conv2D whose six
 * filters are the classic kernels with fixed weights (no bias, 'same' padding), so running it
 * shows each kernel's output as one channel of the feature map.
 */
export function createKernelPlaygroundPreset(): GraphDocument {
  const kernels = PRESET_KERNEL_IDS.map((id) => {
    const found = CLASSIC_KERNELS.find((k) => k.id === id);
    if (!found) throw new Error(`classic kernel ${id} is missing`);
    return found.kernel;
  });
  // HWIO [3, 3, 1, 6]: element (i, j, 0, f) sits at (i * 3 + j) * 6 + f.
  const hwio = new Float32Array(3 * 3 * kernels.length);
  kernels.forEach((k, f) => {
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) hwio[(i * 3 + j) * kernels.length + f] = k[i][j];
  });
  return {
    format: 'cnn-graph',
    version: 1,
    name: 'Kernel playground',
    nodes: [
      { id: 'picture', kind: 'Input', name: 'Picture', params: { shape: [128, 128, 1] }, position: { x: 0, y: 0 } },
      {
        id: 'kernels',
        kind: 'Conv2D',
        name: 'Classic kernels',
        params: { filters: kernels.length, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'linear', useBias: false },
        position: { x: 0, y: 160 },
      },
    ],
    edges: [{ id: 'picture-kernels', source: 'picture', target: 'kernels' }],
    weights: { kernels: { kernel: { shape: [3, 3, 1, kernels.length], data: encodeFloat32(hwio) } } },
  };
}
