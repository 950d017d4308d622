import type { WeightArrays } from '../core/import/importOnnx';

/**
 * Every ArrayBuffer behind `weights`, each tensor first given a buffer of its own when it is a view
 * into a larger one (the ONNX file's bytes) or shares one: what a transfer list may hold, and what
 * keeps the file from staying alive on the other side.
 */
export function ownBuffers(weights: WeightArrays): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensors of Object.values(weights)) {
    for (const tensor of Object.values(tensors)) {
      const { data } = tensor;
      const alone = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !buffers.has(data.buffer as ArrayBuffer);
      if (!alone) tensor.data = data.slice();
      buffers.add(tensor.data.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}
