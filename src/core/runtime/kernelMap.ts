import type { PlanStepOf } from '../compile/types';
import type { ConvGeometry } from '../shape/types';
import type { LayerKind, Shape } from '../graph/types';
import { assert } from '../assert';
import {
  createActivation,
  createAdd,
  createAvgPool2D,
  createBatchNorm,
  createConv2D,
  createConcatenate,
  createDense,
  createGlobalAvgPool2D,
  createMaxPool2D,
} from './kernels';
import { createConv2DTranspose } from './kernels/conv2dTranspose';
import { createCropping2D } from './kernels/cropping2d';
import { createDepthwiseConv2D } from './kernels/depthwiseConv2d';
import { createGlobalMaxPool2D } from './kernels/globalMaxPool2d';
import { createGroupedConv2D } from './kernels/groupedConv2d';
import { createMultiply } from './kernels/multiply';
import { createSeparableConv2D } from './kernels/separableConv2d';
import type { SimdGemm } from './kernels/simdGemm';
import { createUpSampling2D } from './kernels/upSampling2d';
import { createZeroPadding2D } from './kernels/zeroPadding2d';
import { resolveMargins } from '../layers/margins';
import { toPairValues } from '../shape/convArithmetic';
import { resolveTransposedGeometry } from '../shape/transposedArithmetic';
import type { PreparedOp } from './op';

/** What a kernel factory may ask of the executor while preparing a step. */
export interface KernelContext {
  /** The step's weight tensor by name (kernel, bias, gamma, ...); a missing one is a caller bug. */
  weight(name: string): Float32Array;
  /** The executor's shared WebAssembly SIMD memory (which also holds its arena), or null without SIMD. */
  simd(): SimdGemm | null;
}

/** Prepares the kernel of one plan step; null for steps that move no data (Input, aliases). */
export type KernelFactory<K extends LayerKind> = (step: PlanStepOf<K>, ctx: KernelContext) => PreparedOp | null;

/** The step's window geometry; inference sets it for every window kind. */
function geometryOf(step: { kind: string; name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.kind} ${step.name} has no geometry`);
  return step.geometry;
}

const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);
const lastDimOf = (shape: Shape): number => shape[shape.length - 1];

/**
 * The runtime's kernel for every layer kind. The mapped type makes a kind without a kernel a
 * compile error; the layer definitions (core/layers) never import the runtime.
 */
export const KERNELS: { readonly [K in LayerKind]: KernelFactory<K> } = {
  Input: () => null,
  Flatten: () => null,
  Dropout: () => null,
  Reshape: () => null,
  Conv2D: (step, ctx) => step.epiloguePool
    ? createConv2D(geometryOf(step), ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd(), step.epiloguePool)
    : createGroupedConv2D(geometryOf(step), step.params.groups, ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd()),
  DepthwiseConv2D: (step, ctx) =>
    createDepthwiseConv2D(geometryOf(step), step.params.depthMultiplier, ctx.weight('depthwiseKernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd() !== null),
  SeparableConv2D: (step, ctx) =>
    createSeparableConv2D(geometryOf(step), step.params.depthMultiplier, ctx.weight('depthwiseKernel'), ctx.weight('pointwiseKernel'), step.params.filters,
      step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd()),
  Conv2DTranspose: (step, ctx) => {
    const [h, w, c] = step.inputShapes[0];
    return createConv2DTranspose(resolveTransposedGeometry(h, w, c, step.params, step.params.filters), ctx.weight('kernel'),
      step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd());
  },
  MaxPool2D: (step, ctx) => createMaxPool2D(geometryOf(step), ctx.simd()),
  AvgPool2D: (step, ctx) => createAvgPool2D(geometryOf(step), ctx.simd(), step.params.countIncludePad),
  GlobalAvgPool2D: (step, ctx) => {
    const [h, w, c] = step.inputShapes[0];
    return createGlobalAvgPool2D(h, w, c, ctx.simd());
  },
  GlobalMaxPool2D: (step) => {
    const [h, w, c] = step.inputShapes[0];
    return createGlobalMaxPool2D(h, w, c);
  },
  UpSampling2D: (step) => {
    const [h, w, c] = step.inputShapes[0];
    const [sh, sw] = toPairValues(step.params.size);
    return createUpSampling2D(h, w, c, sh, sw, step.params.interpolation);
  },
  ZeroPadding2D: (step) => {
    const [h, w, c] = step.inputShapes[0];
    const m = resolveMargins(step.params.padding);
    return createZeroPadding2D(h, w, c, m.top, m.bottom, m.left, m.right);
  },
  Cropping2D: (step) => {
    const [h, w, c] = step.inputShapes[0];
    const m = resolveMargins(step.params.cropping);
    return createCropping2D(h, w, c, m.top, m.bottom, m.left, m.right);
  },
  Dense: (step, ctx) =>
    createDense(sizeOf(step.inputShapes[0]), step.params.units, ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd()),
  Activation: (step, ctx) => createActivation(step.params.fn, sizeOf(step.outputShape), lastDimOf(step.outputShape), step.params.alpha, ctx.simd()),
  BatchNorm: (step, ctx) =>
    createBatchNorm(sizeOf(step.outputShape), lastDimOf(step.outputShape), ctx.weight('gamma'), ctx.weight('beta'), ctx.weight('movingMean'), ctx.weight('movingVariance'), step.params.epsilon, ctx.simd()),
  Add: (step, ctx) => createAdd(sizeOf(step.outputShape), step.inputShapes.length, ctx.simd()),
  Concatenate: (step) => createConcatenate(sizeOf(step.outputShape) / lastDimOf(step.outputShape), step.inputShapes.map(lastDimOf)),
  Multiply: (step) => createMultiply(sizeOf(step.outputShape), lastDimOf(step.outputShape), step.inputShapes.map(sizeOf)),
};
