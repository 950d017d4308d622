import type { GraphDocument, LayerKind, ParamsByKind, Shape } from '../graph/types';

/** Stable diagnostic codes: the UI, the CLI's --json and the tests key on these. */
export type DiagnosticCode =
  // errors
  | 'window-too-large' // kernel or pool window larger than the padded input
  | 'non-positive-output' // output size 0 or negative
  | 'merge-shape-mismatch' // Add inputs differ / Concatenate spatial sizes differ
  | 'dense-needs-vector' // Dense fed [h, w, c]; fix: insert Flatten
  | 'needs-spatial-input' // Conv2D / pooling fed a vector
  | 'groups-mismatch' // Conv2D groups does not divide the input channels or the filters
  | 'reshape-count-mismatch' // Reshape's targetShape holds another number of values than its input
  | 'missing-input'
  | 'extra-input'
  | 'cycle'
  | 'unknown-kind'
  | 'invalid-param'
  | 'tensor-too-large' // more than 2^26 elements per sample
  | 'run-memory-too-large' // weights, packed weights and activations over the run limit
  | 'duplicate-id'
  | 'dangling-edge'
  | 'no-input-node'
  // warnings
  | 'stride-skips-pixels' // (h + 2p - k) not divisible by s: rows/cols never read
  | 'unreachable-node' // not connected to any output / not fed from an Input
  | 'softmax-not-last'
  | 'duplicate-name' // two layers share a name (a file or an import; the inspector refuses it)
  | 'relu-output' // the output layer ends in relu over several values (a classifier's clamped logits)
  | 'run-memory-high'; // a run would take over half the memory limit

export type Severity = 'error' | 'warning';

/**
 * A machine-applicable edit the UI offers as a one-click fix (and applies as one undoable step).
 * - setParams merges `params` into the node's params;
 * - insertNodeBefore puts a new node of `kind` between `nodeId` and its input(s);
 * - insertNodeOnEdge puts a new node on one edge only (one branch of a merge);
 * - removeNode takes a one-input node out and feeds its input to its consumers;
 * - removeEdge deletes an edge (an extra input);
 * - rename gives a node another name;
 */
export type GraphPatch =
  | { type: 'setParams'; nodeId: string; params: Record<string, unknown> }
  | { type: 'insertNodeBefore'; nodeId: string; kind: string; params: Record<string, unknown>; name?: string }
  | { type: 'insertNodeOnEdge'; edgeId: string; kind: string; params: Record<string, unknown>; name?: string }
  | { type: 'removeNode'; nodeId: string }
  | { type: 'removeEdge'; edgeId: string }
  | { type: 'rename'; nodeId: string; name: string };

export interface Fix { label: string; patch: GraphPatch }

export interface Diagnostic {
  nodeId: string;
  severity: Severity;
  code: DiagnosticCode;
  /** Names the node, the actual numbers and the arithmetic, e.g. `(4 + 2*0 - 5)/1 + 1 = 0: kernel 5 is larger than the padded input 4`. */
  message: string;
  /** The param the problem is about, when there is one (the inspector shows the message beside it). */
  field?: string;
  fixes: Fix[];
}

/** Resolved per-axis convolution/pool geometry: the one place kernels read padding and sizes from. */
export interface ConvGeometry {
  inH: number; inW: number; inC: number;
  kH: number; kW: number; // raw kernel size
  effKH: number; effKW: number; // d(k-1)+1
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padBottom: number; padLeft: number; padRight: number;
  outH: number; outW: number; outC: number;
  /** Pooling with PyTorch's ceil_mode: outH/outW were rounded up (absent: floor). */
  ceilMode?: true;
}

/** What inference knows about one node. `outputShape` is null when unknown (an error here or upstream). */
export interface NodeInference {
  id: string;
  kind: string;
  name: string;
  inputIds: string[];
  inputShapes: (Shape | null)[];
  outputShape: Shape | null;
  trainableParams: number;
  nonTrainableParams: number;
  /** Multiply-accumulates per sample. */
  macs: number;
  /** Conv2D / pooling only: the resolved geometry, also used by the compiler. */
  geometry?: ConvGeometry;
  /**
   * The checked params (defaults filled in) when the kind is known and every param is valid: the
   * compiler, the canvas card and the PNG read these instead of validating again.
   */
  params?: ParamsByKind[LayerKind];
  /**
   * Receptive field [rows, cols] in input pixels and jump (effective stride) [rows, cols] of the
   * output; null for vectors and when unknown. Fractional jumps come from upsampling.
   */
  receptiveField: readonly [number, number] | null;
  jump: readonly [number, number] | null;
  diagnostics: Diagnostic[];
}

export interface GraphInference {
  /** Execution (topological) order of the nodes that are not in a cycle; cycle members come last. */
  order: string[];
  nodes: Map<string, NodeInference>;
  diagnostics: Diagnostic[];
  hasErrors: boolean;
}

export type InferShapes = (doc: GraphDocument) => GraphInference;
