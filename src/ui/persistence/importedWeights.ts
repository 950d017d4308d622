import type { GraphDocument, WeightMap } from '../../core/graph/types';
import { encodeFloat32 } from '../../core/graph/tensorCodec';
import type { WeightArrays } from '../../core/import/importOnnx';
import { keepTensorBytes } from '../../store/storedWeights';

/**
 * The document with an import's float32 weights in their base64 form, for the editor. Each tensor
 * is encoded, handed to the library writer as bytes when it is `forLibrary` (its row becomes a
 * Blob, not text), and let go from `weights`, so the tab holds one form of the weights at a time; a pause every ~16 ms keeps
 * the page painting.
 */
export async function withEncodedWeights(doc: GraphDocument, weights: WeightArrays, forLibrary = true): Promise<GraphDocument> {
  const encoded: WeightMap = {};
  let slice = performance.now();
  for (const [nodeId, tensors] of Object.entries(weights)) {
    encoded[nodeId] = {};
    for (const [name, { shape, data }] of Object.entries(tensors)) {
      const tensor = { shape: [...shape], data: encodeFloat32(data) };
      if (forLibrary) keepTensorBytes(tensor, data as Float32Array<ArrayBuffer>);
      encoded[nodeId][name] = tensor;
      delete tensors[name];
      if (performance.now() - slice > 16) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        slice = performance.now();
      }
    }
  }
  return Object.keys(encoded).length ? { ...doc, weights: encoded } : doc;
}
