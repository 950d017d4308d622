import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import type { GraphDocument } from '../../src/core/graph/types';
import { importOnnx, type ImportResult } from '../../src/core/import/importOnnx';
import { toOnnxShape, type Layout } from '../../src/core/import/layout';
import { createExecutor } from '../../src/core/runtime/executor';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { buildBytes, type ModelSpec } from './buildOnnx';

type Imported = Extract<ImportResult, { ok: true }>;

/** Deterministic input values in [-1, 1] (a sine, not random: the same in every run). */
export function makeInput(length: number, phase = 0.37): Float32Array {
  return new Float32Array(length).map((_, i) => Math.sin(i * phase + 0.1));
}

/** NCHW [c, h, w] sample -> NHWC [h, w, c]. */
export function nchwToNhwc(data: Float32Array, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = data[(k * h + y) * w + x];
  return out;
}

/** An ONNX-order output of one sample in our layout: maps to NHWC, flattened maps to H, W, C order. */
export function onnxOutputToOurs(data: Float32Array, layout: Layout, dims: readonly number[]): Float32Array {
  if (layout.type === 'map') return nchwToNhwc(data, dims[1], dims[2], dims[3]);
  if (layout.type === 'flattened') return nchwToNhwc(data, layout.c, layout.h, layout.w);
  return data;
}

/** Runs the model in onnxruntime-node on one NCHW (or vector) sample; outputs by name with dims. */
export async function runOrt(model: string | Uint8Array, input: Float32Array, dims: number[]): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, dims) });
  const out: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
  for (const name of session.outputNames) out[name] = { data: result[name].data as Float32Array, dims: result[name].dims };
  await session.release();
  return out;
}

/** Runs the imported document on our runtime (one sample, our layout); outputs by node id. */
export function runOurs(imported: Imported, sample: Float32Array): Record<string, Float32Array> {
  const compiled = compileGraph(imported.doc);
  if (!compiled.ok) throw new Error(`${compiled.message}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const arrays = Object.fromEntries(Object.entries(imported.weightArrays ?? {})
    .map(([id, byName]) => [id, Object.fromEntries(Object.entries(byName).map(([name, w]) => [name, w.data]))]));
  const weights = { ...compiled.weights, ...arrays };
  const input = compiled.plan.inputs[0];
  const result = createExecutor(compiled.plan, weights).run({ [input.nodeId]: sample }, 1);
  if (!result.ok) throw new Error(result.error.message);
  return result.outputs;
}

/** max |ours - theirs| / max |theirs|: the error relative to the output's magnitude. */
export function relativeMaxDiff(ours: Float32Array, theirs: Float32Array): number {
  expect(ours.length).toBe(theirs.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < theirs.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
    scale = Math.max(scale, Math.abs(theirs[i]));
  }
  return diff / (scale || 1);
}

/**
 * Runs both runtimes on the same sample and returns the relative difference of every graph output
 * (ours converted from ONNX's layout). The sample is generated in NCHW order for onnxruntime.
 */
export async function compareWithOrt(model: string | Uint8Array, imported: Imported): Promise<number[]> {
  const inputNode = imported.doc.nodes.find((n) => n.kind === 'Input')!;
  const shape = inputNode.params.shape as number[];
  const map = shape.length === 3;
  const onnxDims = map ? [1, shape[2], shape[0], shape[1]] : [1, shape[0]];
  const onnxSample = makeInput(shape.reduce((a, b) => a * b, 1));
  const ourSample = map ? nchwToNhwc(onnxSample, shape[2], shape[0], shape[1]) : onnxSample;
  const theirs = await runOrt(model, onnxSample, onnxDims);
  const ours = runOurs(imported, ourSample);
  // A graph output that other layers also read is not a document output (the report notes it).
  return imported.outputs.filter((o) => ours[o.nodeId] !== undefined).map((o) => {
    const t = theirs[o.value];
    return relativeMaxDiff(ours[o.nodeId], onnxOutputToOurs(t.data, o.layout, t.dims));
  });
}

/**
 * Every layer's output shape, turned back into ONNX's layout (batch 1), next to the shape the ONNX
 * file implies for that value; only values the oracle knows are listed.
 */
export function compareShapes(imported: Imported, onnxShapes: Record<string, Array<number | null>>): Array<{ node: string; value: string; ours: number[] | null; theirs: Array<number | null> }> {
  const inference = inferShapes(imported.doc as GraphDocument);
  const rows = [];
  for (const node of imported.doc.nodes) {
    const source = imported.sources[node.id];
    const theirs = onnxShapes[source.value];
    if (!theirs) continue;
    const shape = inference.nodes.get(node.id)?.outputShape ?? null;
    rows.push({ node: node.id, value: source.value, ours: shape ? toOnnxShape(shape, source.layout) : null, theirs: theirs.map((d, i) => (i === 0 ? 1 : d)) });
  }
  return rows;
}

/** A hand-built model's expected import: layer kinds in order, op types folded away. */
export interface OpCase {
  name: string;
  spec: ModelSpec;
  kinds?: string[];
  folded?: string[];
}

/**
 * Imports a hand-built model, checks its kinds and folds, and returns the relative differences of
 * our runtime's outputs from onnxruntime-node's.
 */
export async function importAndCompare({ spec, kinds, folded }: OpCase): Promise<number[]> {
  const bytes = buildBytes(spec);
  const imported = importOnnx(bytes);
  if (!imported.ok) throw new Error(`${imported.message}\n${JSON.stringify(imported.report?.unmapped)}`);
  if (kinds) expect(imported.doc.nodes.map((n) => n.kind)).toEqual(kinds);
  expect(imported.report.folded.map((f) => f.opType).sort()).toEqual((folded ?? []).sort());
  return compareWithOrt(bytes, imported);
}
