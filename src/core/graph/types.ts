/**
 * The graph document (format "cnn-graph", version 1): the one JSON shape that is the saved file,
 * the database record, the share payload and the CLI input. See docs/graph-format.md.
 *
 * Layout is NHWC as in TensorFlow/Keras: a per-sample shape is [h, w, c] or [n] for vectors.
 * Kernel weights are HWIO [kh, kw, cin, cout]; Dense kernels are [in, out].
 */

/** Every layer kind the app knows. A node may carry any other string; it is then an "unknown kind". */
export const LAYER_KINDS = [
  'Input',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Conv2DTranspose',
  'MaxPool2D',
  'AvgPool2D',
  'GlobalAvgPool2D',
  'GlobalMaxPool2D',
  'Dense',
  'Flatten',
  'Activation',
  'Dropout',
  'BatchNorm',
  'Add',
  'Concatenate',
  'Multiply',
  'UpSampling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'Reshape',
  'Rescaling',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * Activation names, for the Activation layer's `fn` and the fused `activation` of Conv2D/Dense.
 * leakyRelu: x >= 0 ? x : alpha x; relu6: min(max(x, 0), 6); elu: x > 0 ? x : alpha (e^x - 1);
 * gelu: x Phi(x) = x/2 (1 + erf(x/sqrt 2)); geluTanh: x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)));
 * silu: x sigmoid(x); hardSigmoid: relu6(x + 3)/6 (Keras 3, PyTorch); hardSwish: x hardSigmoid(x);
 * softplus: log(1 + e^x); softmax over the last axis.
 */
export const ACTIVATIONS = [
  'linear', 'relu', 'sigmoid', 'tanh', 'softmax',
  'leakyRelu', 'relu6', 'elu', 'gelu', 'geluTanh', 'silu', 'hardSigmoid', 'hardSwish', 'softplus',
] as const;
export type ActivationFn = (typeof ACTIVATIONS)[number];

/**
 * The activations that take an `alpha`, with the value a fused `activation` uses (and the
 * Activation layer when `alpha` is absent): tf.nn.leaky_relu's slope 0.2, tf.nn.elu's 1.
 */
export const ALPHA_DEFAULTS = { leakyRelu: 0.2, elu: 1 } as const;
export type ActivationWithAlpha = keyof typeof ALPHA_DEFAULTS;

/** A spatial pair [rows, cols]; a single number n means [n, n] (Keras accepts both). */
export type Pair = number | readonly [number, number];

/**
 * Padding as Keras and tf.nn.conv2d accept it:
 * - "valid": no padding; "same": TensorFlow's, output ceil(h/s), the odd extra pixel bottom/right;
 * - a number p: the symmetric p of h' = (h + 2p - k)/s + 1;
 * - explicit [[top, bottom], [left, right]].
 */
export type Padding = 'valid' | 'same' | number | readonly [readonly [number, number], readonly [number, number]];

export interface InputParams { shape: readonly number[] }
export interface Conv2DParams {
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  activation: ActivationFn;
  useBias: boolean;
  /** Grouped convolution: cin and filters both divide by it; kernel [kh, kw, cin/groups, filters]. */
  groups: number;
}
/** Keras DepthwiseConv2D: depthwiseKernel [kh, kw, cin, depthMultiplier], output cin*depthMultiplier channels. */
export interface DepthwiseConv2DParams {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  depthMultiplier: number;
  activation: ActivationFn;
  useBias: boolean;
}
/** Keras SeparableConv2D: depthwise (no bias) then a 1x1 to `filters` with bias and activation. */
export interface SeparableConv2DParams extends DepthwiseConv2DParams { filters: number }
/** Keras Conv2DTranspose: kernel [kh, kw, filters, cin]; outputPadding null is Keras' None. */
export interface Conv2DTransposeParams {
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  outputPadding: Pair | null;
  dilation: Pair;
  activation: ActivationFn;
  useBias: boolean;
}
/**
 * Rows and columns added (ZeroPadding2D) or removed (Cropping2D) at the edges, as Keras takes them:
 * n on every side, [rows, cols] symmetric per axis, or [[top, bottom], [left, right]].
 */
export type Margins = number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** `ceilMode` rounds the output size up as PyTorch's `ceil_mode` (default false: Keras' floor). */
export interface Pool2DParams { poolSize: Pair; strides: Pair; padding: Padding; ceilMode: boolean }
/** `countIncludePad` divides by the whole window, padding included (PyTorch's `count_include_pad`). */
export interface AvgPool2DParams extends Pool2DParams { countIncludePad: boolean }
export interface DenseParams { units: number; activation: ActivationFn; useBias: boolean }
/** `alpha` is the slope of leakyRelu or the scale of elu (default ALPHA_DEFAULTS); other fns ignore it. */
export interface ActivationParams { fn: ActivationFn; alpha?: number }
export interface DropoutParams { rate: number }
export interface BatchNormParams { epsilon: number }
/** Keras UpSampling2D: `bilinear` is tf.image.resize with half-pixel centres. */
export interface UpSampling2DParams { size: Pair; interpolation: 'nearest' | 'bilinear' }
export interface ZeroPadding2DParams { padding: Margins }
export interface Cropping2DParams { cropping: Margins }
/** Keras Reshape of the row-major (NHWC) per-sample tensor; one entry may be -1 (inferred). */
export interface ReshapeParams { targetShape: readonly number[] }
/** Keras Rescaling: y = x * scale + offset on every value (scale 1/255 maps 8-bit pixels to [0, 1]). */
export interface RescalingParams { scale: number; offset: number }
export type EmptyParams = Record<string, never>;

/** Typed params per kind; a `switch` over LayerKind has no default so a missing case is a compile error. */
export interface ParamsByKind {
  Input: InputParams;
  Conv2D: Conv2DParams;
  DepthwiseConv2D: DepthwiseConv2DParams;
  SeparableConv2D: SeparableConv2DParams;
  Conv2DTranspose: Conv2DTransposeParams;
  MaxPool2D: Pool2DParams;
  AvgPool2D: AvgPool2DParams;
  GlobalAvgPool2D: EmptyParams;
  GlobalMaxPool2D: EmptyParams;
  Dense: DenseParams;
  Flatten: EmptyParams;
  Activation: ActivationParams;
  Dropout: DropoutParams;
  BatchNorm: BatchNormParams;
  Add: EmptyParams;
  Concatenate: EmptyParams;
  Multiply: EmptyParams;
  UpSampling2D: UpSampling2DParams;
  ZeroPadding2D: ZeroPadding2DParams;
  Cropping2D: Cropping2DParams;
  Reshape: ReshapeParams;
  Rescaling: RescalingParams;
}

export interface Position { x: number; y: number }

/**
 * A node as stored. `kind` is a string (an unknown kind is kept, shown as a placeholder and
 * round-trips unchanged) and `params` are raw JSON values: the layer registry checks them and
 * reports bad ones as field diagnostics instead of refusing the whole document.
 */
export interface GraphNode {
  id: string;
  kind: string;
  name: string;
  params: Record<string, unknown>;
  position: Position;
}

/**
 * A directed edge source -> target. For Add and Concatenate the input order is the order of the
 * edges in `GraphDocument.edges` (it decides the channel order of a concatenation).
 */
export interface GraphEdge { id: string; source: string; target: string }

/** A float32 tensor: shape and base64 of its little-endian bytes (4 * product(shape) bytes). */
export interface TensorData { shape: readonly number[]; data: string }

/** Per node id, per weight name (kernel, bias, gamma, beta, movingMean, movingVariance). */
export type WeightMap = Record<string, Record<string, TensorData>>;

export const GRAPH_FORMAT = 'cnn-graph';
export const GRAPH_VERSION = 1;

export interface GraphDocument {
  format: typeof GRAPH_FORMAT;
  version: typeof GRAPH_VERSION;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  weights?: WeightMap;
  /** How the graph was last trained in the app; export's train.py starts from these. */
  training?: TrainingSettings;
}

/** The optimizer and loop settings of the graph's last training run (see docs/graph-format.md). */
export interface TrainingSettings {
  optimizer: 'sgd' | 'adam' | 'adamw';
  learningRate: number;
  /** SGD's momentum (0 for Adam and AdamW). */
  momentum: number;
  weightDecay: number;
  batch: number;
  epochs: number;
}

/** A per-sample tensor shape in NHWC order without the batch axis: [h, w, c] or [n]. */
export type Shape = readonly number[];
