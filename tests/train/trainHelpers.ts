import type { GraphDocument } from '../../src/core/graph/types';
import { BACKWARDS } from '../../src/core/train/backwardMap';
import type { BackwardFactory } from '../../src/core/train/backward/types';
import { prepareTrainingGraph } from '../../src/core/train/trainingGraph';
import { createRandom } from '../../src/core/compile/random';
import type { LayerKind } from '../../src/core/graph/types';

/** A document Input(s) -> one layer `l` of `kind`, so the op under test gets the compiler's geometry. */
export function singleLayerDoc(kind: string, params: Record<string, unknown>, inputShapes: number[][]): GraphDocument {
  const inputs = inputShapes.map((shape, k) => ({ id: `in${k}`, kind: 'Input', name: `In${k}`, params: { shape }, position: { x: 0, y: 0 } }));
  return {
    format: 'cnn-graph', version: 1, name: `${kind} case`,
    nodes: [...inputs, { id: 'l', kind, name: 'L', params, position: { x: 0, y: 0 } }],
    edges: inputs.map((n, k) => ({ id: `e${k}`, source: n.id, target: 'l' })),
  };
}

export interface OpRun {
  output: Float32Array;
  dInputs: Float32Array[];
  grads: Record<string, Float32Array>;
  weights: Record<string, Float32Array>;
  outputShape: readonly number[];
}

/**
 * Runs layer `l` of `doc` in training mode through BACKWARDS: forward on `xs`, backward of the
 * objective sum(y * dy) (so dOutput = dy), with the weights the compiler initialised from `seed`.
 */
export function runTrainingOp(doc: GraphDocument, batch: number, xs: Float32Array[], dy: (outSize: number) => Float32Array, seed = 3): OpRun {
  const prepared = prepareTrainingGraph(doc, seed);
  if (!prepared.ok) throw new Error(prepared.message);
  const { plan, params, weights } = prepared.graph;
  const index = plan.steps.findIndex((s) => s.nodeId === 'l');
  const step = plan.steps[index];
  const factory = BACKWARDS[step.kind] as BackwardFactory<LayerKind>;
  const w = weights.l ?? {};
  const op = factory({ step, params: params[index], weights: w, logits: false });
  const outSize = batch * step.outputShape.reduce((a, b) => a * b, 1);
  const output = new Float32Array(outSize);
  op.forward(xs, batch, output, { random: createRandom(11) });
  const grads: Record<string, Float32Array> = {};
  for (const name of Object.keys(w)) grads[name] = new Float32Array(w[name].length);
  const dInputs = xs.map((x) => new Float32Array(x.length));
  // A copy: backward may overwrite its dOutput, and the caller compares with the original.
  op.backward(xs, output, dy(outSize).slice(), dInputs, grads, batch);
  return { output, dInputs, grads, weights: w, outputShape: step.outputShape };
}
