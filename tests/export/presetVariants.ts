/**
 * Preset variants the export tests compare on, so a wrong layer cannot hide: random BatchNorm
 * statistics, and logits in place of a final softmax.
 */
import { createRandom } from '../../src/core/compile/random';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument } from '../../src/core/graph/types';
import { inferShapes } from '../../src/core/shape/inferShapes';

/** Random BatchNorm statistics, so a wrong eps, a swapped mean/variance or a lost gamma shows. */
export function withRandomBatchNorm(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const inference = inferShapes(out);
  const next = createRandom(7);
  const vec = (c: number, lo: number, hi: number) => ({ shape: [c], data: encodeFloat32(Float32Array.from({ length: c }, () => lo + (hi - lo) * next())) });
  for (const n of out.nodes.filter((x) => x.kind === 'BatchNorm')) {
    const c = inference.nodes.get(n.id)!.outputShape!.at(-1)!;
    out.weights = { ...out.weights, [n.id]: { gamma: vec(c, 0.5, 1.5), beta: vec(c, -0.5, 0.5), movingMean: vec(c, -0.2, 0.2), movingVariance: vec(c, 0.5, 2) } };
  }
  return out;
}

/**
 * The logits instead of a final softmax: with seeded weights a deep net's probabilities are all
 * close to 1/classes, so a wrong layer would hide in them; the logits show it.
 */
export function withLogits(doc: GraphDocument): GraphDocument {
  const out = structuredClone(doc);
  const read = new Set(out.edges.map((e) => e.source));
  for (const n of out.nodes.filter((x) => !read.has(x.id))) {
    if (n.params.activation === 'softmax') n.params.activation = 'linear';
    if (n.kind === 'Activation' && n.params.fn === 'softmax') n.params.fn = 'linear';
  }
  return out;
}
