import type { LayerKind, ParamsByKind, Shape } from '../graph/types';
import type { ConvGeometry, Diagnostic } from '../shape/types';

/** Palette groups, in the order the palette lists them. */
export const LAYER_CATEGORIES = ['Input', 'Convolution', 'Pooling', 'Core', 'Reshape', 'Merge'] as const;
export type LayerCategory = (typeof LAYER_CATEGORIES)[number];

/** How many incoming edges a kind takes (max is Infinity for the merges). */
export interface Arity { min: number; max: number }

/** A param problem, shown beside the field in the inspector. */
export interface FieldError { field: string; message: string }

/** Result of checking raw JSON params of one node. */
export type ValidateResult<P> = { ok: true; params: P } | { ok: false; errors: FieldError[] };

/**
 * The editor control a param gets: `choice` is a select over `options`; `padding` also takes
 * explicit [[top, bottom], [left, right]]; `margins` a number, [rows, cols] or per side; `shape` a list of whole numbers (`-1` where allowed).
 */
export type FieldControl = 'int' | 'float' | 'pair' | 'padding' | 'margins' | 'activation' | 'bool' | 'shape' | 'choice';

/** One inspector row: which param, its label and its control. */
export interface FieldSpec {
  field: string;
  label: string;
  control: FieldControl;
  hint?: string;
  /** The values of a `choice` control. */
  options?: readonly string[];
}

/** Who the diagnostics are about: the node id (for fixes) and the label that starts each message. */
export interface LayerContext {
  nodeId: string;
  label: string;
  /** Labels of the input nodes in edge order, for merge messages. */
  inputLabels?: readonly string[];
  /** Ids of the input nodes in edge order, for fixes that edit an input branch. */
  inputIds?: readonly string[];
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
      /** Multiply-accumulates per sample (see docs/graph-format.md for what each kind counts). */
      macs: number;
      geometry?: ConvGeometry;
      diagnostics: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * How a layer moves the receptive field (Araujo et al., Distill 2019), per axis [rows, cols]:
 * - `window`: r_out = r_in + (k - 1) * j_in, j_out = j_in * s (k is the dilated window);
 * - `upsample`: j_out = j_in / factor, then r_out = r_in + (k - 1) * j_out (k counted in output
 *   pixels: 1 for nearest, size + 1 for bilinear, which reads two input pixels);
 * - `same`: r and j pass through (element-wise layers; merges take the maximum over inputs);
 * - `gate`: as `same` over the spatial inputs only: a per-channel gate ([c], [1, 1, c]) scales
 *   every pixel alike and moves no pixel's window (Multiply in squeeze-and-excitation);
 * - `vector`: the output has no spatial axes (Dense, Flatten, global pooling): no receptive field.
 */
export type ReceptiveStep =
  | { type: 'window'; kernel: readonly [number, number]; stride: readonly [number, number] }
  | { type: 'upsample'; kernel: readonly [number, number]; factor: readonly [number, number] }
  | { type: 'same' }
  | { type: 'gate' }
  | { type: 'vector' };

/** One axis of the inspector's output-size arithmetic, e.g. `(32 + 2*0 - 5)/1 + 1 = 28`. */
export interface ArithmeticAxis {
  name: 'rows' | 'cols';
  text: string;
  /** A second line, e.g. the dilated window `k = d(k - 1) + 1 = 2(3 - 1) + 1 = 5`. */
  note?: string;
  isError: boolean;
}

/** The inspector's output-size section: the formula and one line per axis. */
export interface OutputArithmetic { formula: string; axes: ArithmeticAxis[] }

/**
 * One layer kind: everything the editor, the shape engine, the compiler and the summary know about
 * it. The runtime's kernel for the kind is in `runtime/kernelMap.ts` (typed over every kind), so
 * this module never imports the runtime. Methods use method syntax on purpose so a
 * LayerDefinition<'Conv2D'> is usable as a LayerDefinition<LayerKind> in the registry.
 */
export interface LayerDefinition<K extends LayerKind> {
  kind: K;
  /** Palette group. */
  category: LayerCategory;
  /** The palette's one-line hint. */
  hint: string;
  /** Inspector rows, in reading order (empty for kinds without params). */
  fields: readonly FieldSpec[];
  arity: Arity;
  /** Weight names that are not trained (BatchNorm moving statistics). */
  nonTrainableWeights: readonly string[];
  /** The param whose value names an activation, for the softmax-not-last warning. */
  activationField?: 'activation' | 'fn';
  /** The output is the input's buffer, unchanged in memory (Flatten, Dropout at inference). */
  aliasesInput?: boolean;
  defaultParams(): ParamsByKind[K];
  /** Missing fields take their defaults; present but bad ones are field errors. */
  validateParams(raw: Record<string, unknown>): ValidateResult<ParamsByKind[K]>;
  /** Input shapes are known (not null) and their count satisfies `arity`. */
  inferOutput(inputShapes: readonly Shape[], params: ParamsByKind[K], ctx: LayerContext): InferOutputResult;
  /** A compact one-line summary for the node card, e.g. `6 @ 5x5 · s1 · valid · tanh`. */
  describeParams(params: ParamsByKind[K]): string;
  /** Shapes of the weight tensors for these input shapes, by weight name. */
  weightShapes(inputShape: Shape, params: ParamsByKind[K]): Record<string, Shape>;
  /** The receptive-field step of this layer (see ReceptiveStep); `geometry` is inference's. */
  receptiveField(params: ParamsByKind[K], geometry: ConvGeometry | undefined): ReceptiveStep;
  /**
   * The output-size arithmetic for the inspector on this input, also when the output does not fit
   * (that is when it matters most); absent for kinds without window arithmetic.
   */
  explainArithmetic?(inputShape: Shape, params: ParamsByKind[K]): OutputArithmetic | null;
}
