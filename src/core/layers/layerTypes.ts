import type { LayerKind, ParamsByKind, Shape } from '../graph/types';
import type { ConvGeometry, Diagnostic } from '../shape/types';

/** Palette groups. */
export type LayerCategory = 'Input' | 'Convolution' | 'Pooling' | 'Core' | 'Merge';

/** How many incoming edges a kind takes (max is Infinity for the merges). */
export interface Arity { min: number; max: number }

/** A param problem, shown beside the field in the inspector. */
export interface FieldError { field: string; message: string }

/** Result of checking raw JSON params of one node. */
export type ValidateResult<P> = { ok: true; params: P } | { ok: false; errors: FieldError[] };

/** Who the diagnostics are about: the node id (for fixes) and the label that starts each message. */
export interface LayerContext {
  nodeId: string;
  label: string;
  /** Labels of the input nodes in edge order, for merge messages. */
  inputLabels?: readonly string[];
}

/**
 * What a layer computes from its input shapes. On failure `diagnostics` has at least one error and
 * the output is unknown; on success `diagnostics` may hold warnings.
 */
export type InferOutputResult =
  | {
      ok: true;
      shape: Shape;
      trainableParams: number;
      nonTrainableParams: number;
      /** Multiply-accumulates per sample (Conv2D and Dense only; see docs/graph-format.md). */
      macs: number;
      geometry?: ConvGeometry;
      diagnostics: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * One layer kind: everything the editor, the shape engine and the compiler need to know about it.
 * Methods use method syntax on purpose so a LayerDefinition<'Conv2D'> is usable as a
 * LayerDefinition<LayerKind> in the registry.
 */
export interface LayerDefinition<K extends LayerKind> {
  kind: K;
  category: LayerCategory;
  arity: Arity;
  /** Weight names that are not trained (BatchNorm moving statistics). */
  nonTrainableWeights: readonly string[];
  defaultParams(): ParamsByKind[K];
  /** Missing fields take their defaults; present but bad ones are field errors. */
  validateParams(raw: Record<string, unknown>): ValidateResult<ParamsByKind[K]>;
  /** Input shapes are known (not null) and their count satisfies `arity`. */
  inferOutput(inputShapes: readonly Shape[], params: ParamsByKind[K], ctx: LayerContext): InferOutputResult;
  /** A compact one-line summary for the node card, e.g. `6 @ 5x5 · s1 · valid · tanh`. */
  describeParams(params: ParamsByKind[K]): string;
  /** Shapes of the weight tensors for this input shape, by weight name. */
  weightShapes(inputShape: Shape, params: ParamsByKind[K]): Record<string, Shape>;
}
