import type { Shape } from '../graph/types';
import { fillRandomSymmetric, weightSeed } from './random';
import type { WeightSpec } from './types';

/**
 * Glorot (Xavier) uniform limit as Keras computes it: sqrt(6 / (fanIn + fanOut)) with
 * receptive = product of all but the last two axes, fanIn = receptive * shape[-2] and
 * fanOut = receptive * shape[-1] (a conv kernel [kh, kw, cin, cout] gives kh*kw*cin and kh*kw*cout).
 */
export function glorotLimit(shape: Shape): number {
  if (shape.length < 2) throw new Error(`glorotLimit: needs a 2-D or larger shape, got [${shape.join(', ')}]`);
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  const fanIn = receptive * shape[shape.length - 2];
  const fanOut = receptive * shape[shape.length - 1];
  return Math.sqrt(6 / (fanIn + fanOut));
}

/**
 * The Keras default value of a weight: Glorot-uniform kernels, zero biases, BatchNorm gamma 1,
 * beta 0, moving mean 0, moving variance 1. Random values come from the node's own seeded stream.
 */
export function initialiseWeight(nodeId: string, spec: WeightSpec, seed: number): Float32Array {
  const out = new Float32Array(sizeOf(spec.shape));
  switch (spec.name) {
    case 'kernel':
    case 'depthwiseKernel':
    case 'pointwiseKernel': {
      fillRandomSymmetric(out, weightSeed(seed, nodeId, spec.name), glorotLimit(spec.shape));
      return out;
    }
    case 'gamma':
    case 'movingVariance':
      return out.fill(1);
    default:
      // bias, beta, movingMean
      return out;
  }
}

function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
