/** Gemm and MatMul with constant weights -> Dense. */
import { readFloat, readInt } from '../attributes';
import type { NodeRef } from '../importState';
import { reorderFlattenedRows, transposeMatrix } from '../layout';
import { OK, readConstFloats, refuse, requireLayerInput, setOutput, type MapContext, type MapResult } from './mapContext';

/** The vector input of a Gemm/MatMul, and the row count its weights must have. */
function readVectorInput(ctx: MapContext): { ok: true; ref: NodeRef; features: number } | { ok: false; reason: string } {
  const x = requireLayerInput(ctx, 0);
  if (!x.ok) return x;
  const { layout } = x.ref;
  if (layout.type === 'map') return { ok: false, reason: 'its input is a 4-D feature map, not a matrix [N, features] (a Flatten is needed first)' };
  if (layout.type === 'pooled') return { ok: false, reason: 'its input is a [N, C, 1, 1] global pool output, not a matrix (a Flatten is needed first)' };
  const shape = ctx.state.shapeOf(x.ref.nodeId);
  if (!shape || shape.length !== 1) return { ok: false, reason: 'the shape of its input is unknown' };
  return { ok: true, ref: x.ref, features: shape[0] };
}

/** A kernel [in, units] from ONNX rows, with the rows moved to our flatten order when needed. */
function toDenseKernel(ref: NodeRef, kernel: Float32Array, units: number): Float32Array {
  const { layout } = ref;
  return layout.type === 'flattened' && layout.h * layout.w > 1 ? reorderFlattenedRows(kernel, layout.h, layout.w, layout.c, units) : kernel;
}

/** Gemm: Y = alpha * A * B' + beta * C (B' = B transposed when transB), A the layer input. */
export function mapGemm(ctx: MapContext): MapResult {
  if (readInt(ctx.attrs, 'transA', 0) !== 0) return refuse('transA=1 (a transposed input) is not a Dense layer');
  const x = readVectorInput(ctx);
  if (!x.ok) return x;
  const b = readConstFloats(ctx, 1, 'weight', true);
  if (!b.ok) return b;
  if (b.dims.length !== 2) return refuse(`weight [${b.dims.join(', ')}] is not a matrix`);
  const transB = readInt(ctx.attrs, 'transB', 0) === 1;
  const [inputs, units] = transB ? [b.dims[1], b.dims[0]] : b.dims;
  if (inputs !== x.features) return refuse(`weight [${b.dims.join(', ')}]${transB ? ' (transB)' : ''} takes ${inputs} features, the input has ${x.features}`);
  const alpha = readFloat(ctx.attrs, 'alpha', 1);
  const beta = readFloat(ctx.attrs, 'beta', 1);
  let kernel = transB ? transposeMatrix(b.data, units, inputs, ctx.state.kernelBuffer(b.data.length)) : b.data;
  if (alpha !== 1) kernel = kernel.map((v) => v * alpha);
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {
    kernel: { shape: [inputs, units], data: toDenseKernel(x.ref, kernel, units) },
  };
  const hasBias = ctx.node.input[2] !== undefined && ctx.node.input[2] !== '';
  if (hasBias) {
    const c = readConstFloats(ctx, 2, 'bias');
    if (!c.ok) return c;
    // C broadcasts to [N, units]: per unit ([units] or [1, units]) or one value for all.
    if (c.data.length !== units && c.data.length !== 1) return refuse(`bias [${c.dims.join(', ')}] does not broadcast to [N, ${units}] per unit`);
    const bias = c.data.length === units ? c.data : new Float32Array(units).fill(c.data[0]);
    weights.bias = { shape: [units], data: beta === 1 ? bias : bias.map((v) => v * beta) };
  }
  const params = { units, activation: 'linear', useBias: hasBias };
  setOutput(ctx, ctx.state.addNode('Dense', params, [x.ref], ctx.node, { type: 'vector' }, weights));
  return OK;
}

/** MatMul of a matrix input by a constant [in, units]: a Dense without bias (a following Add folds into it). */
export function mapMatMul(ctx: MapContext): MapResult {
  const x = readVectorInput(ctx);
  if (!x.ok) return x;
  const b = readConstFloats(ctx, 1, 'weight');
  if (!b.ok) return b;
  if (b.dims.length !== 2) return refuse(`weight [${b.dims.join(', ')}] is not a matrix`);
  const [inputs, units] = b.dims;
  if (inputs !== x.features) return refuse(`weight [${b.dims.join(', ')}] takes ${inputs} features, the input has ${x.features}`);
  const weights = { kernel: { shape: [inputs, units], data: toDenseKernel(x.ref, b.data, units) } };
  setOutput(ctx, ctx.state.addNode('Dense', { units, activation: 'linear', useBias: false }, [x.ref], ctx.node, { type: 'vector' }, weights));
  return OK;
}
