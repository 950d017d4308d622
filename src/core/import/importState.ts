/**
 * The graph document under construction during an ONNX import: the layers made so far, what each
 * ONNX value stands for, and the report being gathered. Mappers (./mappers) read and extend it.
 */
import type { GraphDocument, Shape, TensorData } from '../graph/types';
import type { NodeProto, TensorProto } from '../onnx/codec';
import { inferShapes } from '../shape/inferShapes';
import type { FoldedOps, MappedOps, UnmappedOps } from './importReport';
import type { Layout } from './layout';
import { labelOnnxNode, type OnnxGraphView } from './onnxGraphView';
import { NodeNamer } from './nameNodes';

/** A layer being built; weights stay float32 until the document is written. */
export interface BuildingNode {
  id: string;
  kind: string;
  name: string;
  params: Record<string, unknown>;
  inputs: string[];
  weights: Record<string, { shape: number[]; data: Float32Array }>;
  /** Weights already in the document's base64 form (see ImportState's `encodeNow`). */
  encoded: Record<string, TensorData>;
  /** The ONNX value this layer's output is (the last op folded into it). */
  output: string;
  /** How that ONNX value is laid out here. */
  layout: Layout;
}

/** A value made by a layer. */
export interface NodeRef { type: 'node'; nodeId: string; layout: Layout }

/**
 * What an ONNX value is in the document: a layer's output, a constant (initializer or folded
 * `Constant`), or a layer's output zero-padded by a `Pad` that the reading Conv absorbs.
 */
export type ValueRef =
  | NodeRef
  | { type: 'const'; tensor: TensorProto }
  | { type: 'padded'; source: NodeRef; pads: [number, number, number, number]; padNode: NodeProto };

/** Ops that pass their input through unchanged at inference. */
const ALIAS_OPS = new Set(['Identity', 'Dropout']);

export class ImportState {
  readonly nodes: BuildingNode[] = [];
  readonly byId = new Map<string, BuildingNode>();
  readonly values = new Map<string, ValueRef>();
  readonly notes: string[] = [];
  private readonly mapped = new Map<string, { count: number; kinds: Set<string> }>();
  private readonly folded = new Map<string, { count: number; how: Set<string>; nodes: string[] }>();
  private readonly unmapped = new Map<string, { count: number; reasons: Set<string>; nodes: string[] }>();
  private readonly skipped: string[] = [];
  private readonly namer = new NodeNamer();
  private readonly readerCounts = new Map<string, number>();
  private shapes: Map<string, Shape | null> | null = null;

  /**
   * With `encodeNow`, weights are encoded to base64 as their layer is made and the float copy is
   * dropped, so peak memory holds the file, the base64 and one tensor in flight. A bias stays float
   * until the end: a later Add may fold into it.
   */
  constructor(readonly view: OnnxGraphView, private readonly encodeNow?: (data: Float32Array) => string) {}

  private readonly scratch = { kernel: new Float32Array(0), read: new Float32Array(0) };

  /**
   * Where a mapper writes a layer's kernel: with `encodeNow` one buffer reused for every kernel
   * (encoded when the layer is added, before the next kernel is written), else a new array.
   * With readBuffer, what it saves was garbage waiting for the collector: ResNet-50's import
   * peaked at 3.1x the file's size before.
   */
  kernelBuffer(length: number): Float32Array<ArrayBuffer> {
    return this.reused('kernel', length);
  }

  /** Where a kernel that is unaligned in the file is copied before it is transposed (see kernelBuffer). */
  readBuffer(length: number): Float32Array<ArrayBuffer> {
    return this.reused('read', length);
  }

  private reused(which: 'kernel' | 'read', length: number): Float32Array<ArrayBuffer> {
    if (!this.encodeNow) return new Float32Array(length);
    if (this.scratch[which].length < length) this.scratch[which] = new Float32Array(length);
    return this.scratch[which].subarray(0, length);
  }

  /** The label of an ONNX node in messages and the report. */
  label(node: NodeProto): string {
    return labelOnnxNode(node, this.view.indexOf.get(node) ?? -1);
  }

  /**
   * How many ops (and graph outputs) read this value, looking through Identity/Dropout: a layer
   * can absorb the op after it (a bias Add, a Relu) only when that op is its one reader.
   */
  countReaders(value: string): number {
    const known = this.readerCounts.get(value);
    if (known !== undefined) return known;
    let n = this.view.outputs.filter((o) => o === value).length;
    for (const reader of this.view.consumers.get(value) ?? []) n += ALIAS_OPS.has(reader.opType) ? this.countReaders(reader.output[0]) : 1;
    this.readerCounts.set(value, n);
    return n;
  }

  /** Adds a layer made from `source` and returns the ref of its output. */
  addNode(kind: string, params: Record<string, unknown>, inputs: readonly NodeRef[], source: NodeProto, layout: Layout,
    weights: BuildingNode['weights'] = {}): NodeRef {
    const m = this.mapped.get(source.opType) ?? { count: 0, kinds: new Set<string>() };
    m.count++;
    m.kinds.add(kind);
    this.mapped.set(source.opType, m);
    return this.push(kind, params, inputs, source, layout, weights);
  }

  /**
   * Adds an unknown-kind node standing for an op that could not be mapped (`--partial`): shape
   * inference reports it, and everything after it, as unknown, so nothing downstream is guessed.
   */
  addPlaceholder(source: NodeProto, inputs: readonly NodeRef[], reason: string): NodeRef {
    return this.push(`onnx.${source.opType}`, { onnxOp: source.opType, reason }, inputs, source, { type: 'unknown' }, {});
  }

  private push(kind: string, params: Record<string, unknown>, inputs: readonly NodeRef[], source: NodeProto, layout: Layout,
    weights: BuildingNode['weights']): NodeRef {
    const index = this.view.indexOf.get(source) ?? this.nodes.length;
    const id = this.namer.name(source.name, `${source.opType}_${index}`);
    const encoded: Record<string, TensorData> = {};
    if (this.encodeNow) {
      for (const [name, w] of Object.entries(weights)) {
        if (name === 'bias') continue;
        encoded[name] = { shape: w.shape, data: this.encodeNow(w.data) };
        delete weights[name];
      }
    }
    const node: BuildingNode = { id, kind, name: id, params, inputs: inputs.map((r) => r.nodeId), weights, encoded, output: source.output[0], layout };
    this.nodes.push(node);
    this.byId.set(id, node);
    this.shapes = null;
    return { type: 'node', nodeId: id, layout };
  }

  /** Adds an Input layer for a graph input. */
  addInput(name: string, shape: readonly number[], layout: Layout): NodeRef {
    const id = this.namer.name(name, 'input');
    const node: BuildingNode = { id, kind: 'Input', name: id, params: { shape: [...shape] }, inputs: [], weights: {}, encoded: {}, output: name, layout };
    this.nodes.push(node);
    this.byId.set(id, node);
    this.shapes = null;
    return { type: 'node', nodeId: id, layout };
  }

  /** Records that `node` was absorbed (`how` says into what). */
  fold(node: NodeProto, how: string): void {
    const f = this.folded.get(node.opType) ?? { count: 0, how: new Set<string>(), nodes: [] };
    f.count++;
    f.how.add(how);
    f.nodes.push(node.name || this.label(node));
    this.folded.set(node.opType, f);
  }

  /** Records that `node` could not be mapped and why. */
  refuse(node: NodeProto, reason: string): void {
    const opType = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    const u = this.unmapped.get(opType) ?? { count: 0, reasons: new Set<string>(), nodes: [] };
    u.count++;
    u.reasons.add(reason);
    u.nodes.push(node.name || this.label(node));
    this.unmapped.set(opType, u);
  }

  /** Records a node not tried because an input comes from an unmapped node. */
  skip(node: NodeProto): void {
    this.skipped.push(node.name || this.label(node));
  }

  /** Whether any node was refused. */
  hasUnmapped(): boolean {
    return this.unmapped.size > 0;
  }

  /** Our per-sample output shape of a layer (shape inference of the layers made so far), or null. */
  shapeOf(nodeId: string): Shape | null {
    if (this.shapes === null) {
      const inference = inferShapes(this.toDocument('shapes', false));
      this.shapes = new Map([...inference.nodes].map(([id, info]) => [id, info.outputShape]));
    }
    return this.shapes.get(nodeId) ?? null;
  }

  /** Drops the layers not in `keep` (those no output depends on); returns how many went. */
  prune(keep: ReadonlySet<string>): number {
    const before = this.nodes.length;
    const kept = this.nodes.filter((n) => keep.has(n.id));
    this.nodes.splice(0, this.nodes.length, ...kept);
    for (const id of [...this.byId.keys()]) if (!keep.has(id)) this.byId.delete(id);
    this.shapes = null;
    return before - kept.length;
  }

  /** Marks shapes stale after a layer's params changed. */
  invalidateShapes(): void {
    this.shapes = null;
  }

  /** The document of the layers so far; weights are encoded only when asked (shape inference needs none). */
  toDocument(name: string, withWeights: boolean, encode?: (data: Float32Array) => string): GraphDocument {
    let edge = 0;
    const doc: GraphDocument = {
      format: 'cnn-graph',
      version: 1,
      name,
      nodes: this.nodes.map((n, i) => ({ id: n.id, kind: n.kind, name: n.name, params: n.params, position: { x: 0, y: i * 100 } })),
      edges: this.nodes.flatMap((n) => n.inputs.map((source) => ({ id: `e${++edge}`, source, target: n.id }))),
    };
    if (withWeights && encode) {
      doc.weights = {};
      for (const n of this.nodes) {
        const names = Object.keys(n.weights);
        if (names.length === 0 && Object.keys(n.encoded).length === 0) continue;
        doc.weights[n.id] = { ...n.encoded };
        for (const w of names) {
          doc.weights[n.id][w] = { shape: n.weights[w].shape, data: encode(n.weights[w].data) };
          // Encoded: let the float copy go, so peak memory holds one form of each tensor, not both.
          delete n.weights[w];
        }
      }
    }
    return doc;
  }

  /** The report's op tables, sorted by count. */
  tables(): { mapped: MappedOps[]; folded: FoldedOps[]; unmapped: UnmappedOps[]; skipped: string[]; renamed: Array<{ from: string; to: string }> } {
    const byCount = <T extends { count: number; opType: string }>(a: T, b: T) => b.count - a.count || a.opType.localeCompare(b.opType);
    return {
      mapped: [...this.mapped].map(([opType, m]) => ({ opType, count: m.count, kinds: [...m.kinds] })).sort(byCount),
      folded: [...this.folded].map(([opType, f]) => ({ opType, count: f.count, how: [...f.how], nodes: f.nodes })).sort(byCount),
      unmapped: [...this.unmapped].map(([opType, u]) => ({ opType, count: u.count, reasons: [...u.reasons], nodes: u.nodes })).sort(byCount),
      skipped: this.skipped,
      renamed: this.namer.renamed,
    };
  }
}
