import type { PlanStepOf } from '../compile/types';
import type { LayerKind, Shape } from '../graph/types';
import type { ConvGeometry } from '../shape/types';
import { assert } from '../assert';
import type { SimdGemm } from './kernels/simdGemm';
import type { PreparedOp } from './op';

/** What a kernel factory may ask of the executor while preparing a step. */
export interface KernelContext {
  /** The step's weight tensor by name (kernel, bias, gamma, ...); a missing one is a caller bug. */
  weight(name: string): Float32Array;
  /** The executor's shared WebAssembly SIMD memory (which also holds its arena), or null without SIMD. */
  simd(): SimdGemm | null;
}

/**
 * Prepares the kernel of one plan step; null for steps that move no data (Input, aliases).
 * A kernel file exports one per kind it runs, as `export const xKernel: KernelFactory<'Kind'>`:
 * scripts/kindTables.ts finds it there and lists it in the runtime's table.
 */
export type KernelFactory<K extends LayerKind> = (step: PlanStepOf<K>, ctx: KernelContext) => PreparedOp | null;

/** The step's window geometry; inference sets it for every window kind. */
export function geometryOf(step: { kind: string; name: string; geometry?: ConvGeometry }): ConvGeometry {
  assert(step.geometry, () => `${step.kind} ${step.name} has no geometry`);
  return step.geometry;
}

/** The number of values of one sample of a shape. */
export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** The channel (last) dimension of a shape. */
export const lastDimOf = (shape: Shape): number => shape[shape.length - 1];
