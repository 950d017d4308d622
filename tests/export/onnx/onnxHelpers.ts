import * as ort from 'onnxruntime-node';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import type { ExecutionPlan, PlanWeights } from '../../../src/core/compile/types';
import type { GraphDocument } from '../../../src/core/graph/types';
import { exportPlanToOnnx, type OnnxExportOptions, type OnnxPort } from '../../../src/core/export/onnx/exportOnnx';
import { createExecutor } from '../../../src/core/runtime/executor';

/** Deterministic values in [-1, 1] (a sine: the same in every run). */
export function makeInput(length: number, phase: number): Float32Array {
  return new Float32Array(length).map((_, i) => Math.sin(i * phase + 0.1));
}

/** Batch-major NHWC [n, h, w, c] -> NCHW [n, c, h, w]. */
export function nhwcToNchw(data: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
  }
  return out;
}

/** max |ours - theirs| / max |theirs|: the error relative to the output's magnitude. */
export function relativeMaxDiff(ours: Float32Array, theirs: Float32Array): number {
  if (ours.length !== theirs.length) throw new Error(`lengths differ: ${ours.length} and ${theirs.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < theirs.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    // NaN on either side is a difference, not a pass.
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(theirs[i]));
  }
  return diff / (scale || 1);
}

export interface Agreement {
  worst: number;
  output: string;
  bytes: Uint8Array;
  outputs: OnnxPort[];
  /** The smallest spread (max - min) / max |x| over the outputs: a constant output proves nothing. */
  spread: number;
}

/**
 * BatchNorm statistics away from their 0/1 defaults (with which a deep random network collapses
 * to a constant, so every runtime agrees on it) and away from each other, so a BatchNorm exported
 * with gamma and beta or mean and variance swapped changes the numbers.
 */
export function randomiseBatchNorm(plan: ExecutionPlan, weights: PlanWeights): PlanWeights {
  const out: PlanWeights = { ...weights };
  let seed = 1;
  for (const step of plan.steps) {
    if (step.kind !== 'BatchNorm') continue;
    const c = step.outputShape[step.outputShape.length - 1];
    const t = (lo: number, hi: number) => new Float32Array(c).map((_, i) => lo + (hi - lo) * (0.5 + 0.5 * Math.sin(++seed * 12.9898 + i * 78.233)));
    out[step.nodeId] = { gamma: t(0.5, 1.5), beta: t(-0.5, 0.5), movingMean: t(-0.2, 0.2), movingVariance: t(0.5, 2) };
  }
  return out;
}

/**
 * Exports `doc` with the weights our runtime uses, runs the file in onnxruntime-node and our
 * runtime on the same batch, and returns the worst relative difference over the outputs (ours
 * moved to the file's layout). Exported once; every batch in `batches` runs the same file.
 */
export async function compareWithOrt(doc: GraphDocument, batches: readonly number[], options: OnnxExportOptions = {}, weights?: PlanWeights): Promise<Agreement> {
  const compiled = compileGraph(doc, { seed: 7 });
  if (!compiled.ok) throw new Error(compiled.message);
  const planWeights = weights ?? randomiseBatchNorm(compiled.plan, compiled.weights);
  const exported = exportPlanToOnnx(doc, compiled.plan, planWeights, options);
  if (!exported.ok) throw new Error(exported.message);
  const layout = options.layout ?? 'nchw';
  const session = await ort.InferenceSession.create(exported.bytes);
  let worst = 0;
  let output = '';
  let spread = Infinity;
  try {
    for (const batch of batches) {
      const ourFeeds: Record<string, Float32Array> = {};
      const feeds: Record<string, ort.Tensor> = {};
      compiled.plan.inputs.forEach((input, k) => {
        const perSample = input.shape.reduce((a, b) => a * b, 1);
        const x = makeInput(batch * perSample, 0.37 + 0.11 * k);
        ourFeeds[input.nodeId] = x;
        const port = exported.inputs.find((p) => p.nodeId === input.nodeId)!;
        const [h, w, c] = input.shape;
        const data = port.layout === 'map' && layout === 'nchw' ? nhwcToNchw(x, batch, h, w, c) : x;
        feeds[port.name] = new ort.Tensor('float32', data, [batch, ...port.dims.slice(1)]);
      });
      const run = createExecutor(compiled.plan, planWeights).run(ourFeeds, batch);
      if (!run.ok) throw new Error(run.error.message);
      const theirs = await session.run(feeds);
      for (const port of exported.outputs) {
        const shape = compiled.plan.outputs.find((o) => o.nodeId === port.nodeId)!.shape;
        const ours = run.outputs[port.nodeId];
        const converted = port.layout === 'map' && layout === 'nchw' ? nhwcToNchw(ours, batch, shape[0], shape[1], shape[2]) : ours;
        const got = theirs[port.name];
        const expectedDims = [batch, ...port.dims.slice(1)];
        if (got.dims.join() !== expectedDims.join()) throw new Error(`${port.name}: onnxruntime gives [${got.dims.join(', ')}], expected [${expectedDims.join(', ')}]`);
        const d = relativeMaxDiff(converted, got.data as Float32Array);
        const values = got.data as Float32Array;
        let lo = Infinity;
        let hi = -Infinity;
        let scale = 0;
        for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); scale = Math.max(scale, Math.abs(v)); }
        spread = Math.min(spread, (hi - lo) / (scale || 1));
        if (d >= worst) { worst = d; output = `${port.name} (batch ${batch})`; }
      }
    }
  } finally {
    await session.release();
  }
  return { worst, output, spread, bytes: exported.bytes, outputs: exported.outputs };
}
