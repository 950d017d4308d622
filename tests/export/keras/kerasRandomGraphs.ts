import { exportKerasBundle } from '../../../src/core/export/keras';
import type { GraphDocument } from '../../../src/core/graph/types';
import { buildRandomGraph, type RandomGraph } from '../randomExportGraphs';

/**
 * What the Keras export refuses, by the reason it gives: tfjs-layers has no form for these
 * (see src/core/export/keras). A random graph refused for anything else is a bug.
 */
export const KNOWN_REFUSALS = [
  /tfjs-layers' Conv2D has no groups/, /DepthwiseConv2D, whose dilation tfjs-layers ignores/, /DepthwiseConv2D ignores dilation/,
  /Conv2DTranspose ignores dilation/, /reaches past Keras' 'valid' output/, /cannot combine strides > 1 with dilation > 1/,
  /pads a max pool with -inf/, /tfjs-layers' ELU takes only alpha 1/, /Keras averages the real pixels only with 'same'/, /countIncludePad with ceilMode/,
];

/**
 * The random export graphs with what has an exact Keras twin swapped in where the shapes cannot
 * change (activations tfjs-layers lacks, elu's alpha, bilinear upsampling), so more graphs reach tfjs.
 */
export function kerasRandomGraph(seed: number): RandomGraph {
  const g = buildRandomGraph(seed);
  const doc: GraphDocument = structuredClone(g.doc);
  const swap: Record<string, string> = { geluTanh: 'gelu', hardSigmoid: 'sigmoid', hardSwish: 'silu' };
  for (const n of doc.nodes) {
    for (const field of ['activation', 'fn']) {
      const v = n.params[field];
      if (typeof v === 'string' && swap[v]) n.params[field] = swap[v];
    }
    if (n.kind === 'UpSampling2D') n.params.interpolation = 'nearest';
    if (n.kind === 'Activation' && n.params.fn === 'elu') delete n.params.alpha;
  }
  return { doc, seed };
}

/** `count` random graphs that the Keras export accepts, and the reasons of those it refused. */
export function acceptedRandomGraphs(count: number, firstSeed: number): { graphs: RandomGraph[]; refusals: string[] } {
  const graphs: RandomGraph[] = [];
  const refusals: string[] = [];
  for (let seed = firstSeed; graphs.length < count; seed++) {
    const g = kerasRandomGraph(seed);
    const result = exportKerasBundle(g.doc, { weights: 'none', seed: 0 });
    if (result.ok) graphs.push(g);
    else if (result.code === 'unsupported') refusals.push(...result.nodes.map((n) => `seed ${seed} ${n.kind}: ${n.instead}`));
    else throw new Error(`seed ${seed}: ${result.message}`);
  }
  return { graphs, refusals };
}
