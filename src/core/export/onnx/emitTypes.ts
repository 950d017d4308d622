/** What a layer emitter gets and gives back. */
import type { LayerKind } from '../../graph/types';
import type { PlanStepOf } from '../../compile/types';
import type { OnnxWriter } from './onnxWriter';

/**
 * An ONNX value standing for a layer output: `map` is NCHW [N, C, H, W] (ours is [h, w, c] per
 * sample); `vector` is [N, F] in our order (a Flatten of a map transposes to NHWC first).
 */
export interface OnnxValue { name: string; layout: 'map' | 'vector' }

export interface EmitContext<K extends LayerKind> {
  w: OnnxWriter;
  step: PlanStepOf<K>;
  inputs: readonly OnnxValue[];
  /** The layer's weights by name (our layouts). */
  weights: Record<string, Float32Array>;
  /** The layer's ONNX name (sanitised, unique): its ops and initializers are named after it. */
  layer: string;
}

/** The layer's output value, or why ONNX cannot express the layer. */
export type EmitResult = { ok: true; value: OnnxValue } | { ok: false; reason: string };

export type Emitter<K extends LayerKind> = (ctx: EmitContext<K>) => EmitResult;
