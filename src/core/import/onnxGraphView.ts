/**
 * The checked, indexed form of an ONNX graph the mappers walk: nodes in dependency order, who reads
 * each value, the initializers by name, the real inputs (not initializers) and the outputs.
 */
import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx/codec';

/** The default-domain opsets this importer knows: 7 (ONNX 1.2) to 17, the newest of ONNX 1.12's onnx.proto. */
export const MIN_OPSET = 7;
export const MAX_OPSET = 17;

export interface OnnxGraphView {
  model: ModelProto;
  graph: GraphProto;
  /** The default domain's opset version. */
  opset: number;
  /** In an order where every node comes after the producers of its inputs. */
  nodes: NodeProto[];
  /** Node position in `nodes` by node. */
  indexOf: Map<NodeProto, number>;
  initializers: Map<string, TensorProto>;
  /** Nodes reading each value name, in order. */
  consumers: Map<string, NodeProto[]>;
  /** Graph inputs that are not initializers: what the user feeds. */
  inputs: ValueInfoProto[];
  outputs: string[];
}

export type GraphViewErrorCode = 'opset-too-old' | 'opset-too-new' | 'no-opset' | 'cycle' | 'undefined-value' | 'no-inputs' | 'no-outputs';

export type GraphViewResult = { ok: true; view: OnnxGraphView } | { ok: false; code: GraphViewErrorCode; message: string };

const isDefaultDomain = (domain: string) => domain === '' || domain === 'ai.onnx';

/** Checks the opset, orders the nodes (refusing cycles and values nothing defines) and indexes them. */
export function buildGraphView(model: ModelProto): GraphViewResult {
  const graph = model.graph!;
  const opsetEntry = model.opsetImport.find((o) => isDefaultDomain(o.domain));
  if (!opsetEntry) {
    const listed = model.opsetImport.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || 'none';
    return { ok: false, code: 'no-opset', message: `the model imports no default ONNX opset (opset_import: ${listed})` };
  }
  const opset = Number(opsetEntry.version);
  if (opset < MIN_OPSET) return { ok: false, code: 'opset-too-old', message: `opset ${opset} is older than ${MIN_OPSET}, the oldest this importer reads (convert it with onnx.version_converter)` };
  if (opset > MAX_OPSET) return { ok: false, code: 'opset-too-new', message: `opset ${opset} is newer than ${MAX_OPSET}, the newest this importer knows (export with opset_version=${MAX_OPSET})` };

  const initializers = new Map(graph.initializer.map((t) => [t.name, t]));
  const inputs = graph.input.filter((i) => !initializers.has(i.name));
  if (inputs.length === 0) return { ok: false, code: 'no-inputs', message: 'the graph has no input (every graph input is an initializer)' };
  const outputs = graph.output.map((o) => o.name);
  if (outputs.length === 0) return { ok: false, code: 'no-outputs', message: 'the graph has no output' };

  const ordered = orderNodes(graph.node, new Set([...initializers.keys(), ...inputs.map((i) => i.name)]));
  if (!ordered.ok) return ordered;
  const consumers = new Map<string, NodeProto[]>();
  for (const node of ordered.nodes) {
    for (const name of node.input) {
      if (name === '') continue; // an omitted optional input
      const list = consumers.get(name);
      if (list) list.push(node);
      else consumers.set(name, [node]);
    }
  }
  const produced = new Set([...initializers.keys(), ...inputs.map((i) => i.name), ...ordered.nodes.flatMap((n) => n.output)]);
  const missingOutput = outputs.find((o) => !produced.has(o));
  if (missingOutput !== undefined) return { ok: false, code: 'undefined-value', message: `graph output '${missingOutput}' is produced by no node` };
  const indexOf = new Map(ordered.nodes.map((n, i) => [n, i]));
  return { ok: true, view: { model, graph, opset, nodes: ordered.nodes, indexOf, initializers, consumers, inputs, outputs } };
}

/** The label of a node in messages: its name, or op type and position. */
export function labelOnnxNode(node: NodeProto, index: number): string {
  return node.name ? `${node.opType} '${node.name}'` : `${node.opType} #${index}`;
}

/**
 * Kahn's algorithm over values: a node is ready when every input is an initializer, a graph input or
 * the output of a ready node. Whatever never becomes ready reads a value nothing defines or sits on a
 * cycle; the message tells which.
 */
function orderNodes(nodes: readonly NodeProto[], available: Set<string>):
  { ok: true; nodes: NodeProto[] } | { ok: false; code: GraphViewErrorCode; message: string } {
  const producerOf = new Map<string, number>();
  nodes.forEach((n, i) => n.output.forEach((o) => { if (o !== '') producerOf.set(o, i); }));
  const waitingOn = nodes.map((n) => new Set(n.input.filter((v) => v !== '' && !available.has(v))));
  const readersOf = new Map<string, number[]>();
  nodes.forEach((n, i) => waitingOn[i].forEach((v) => {
    const list = readersOf.get(v);
    if (list) list.push(i);
    else readersOf.set(v, [i]);
  }));
  const undefinedInput = nodes.findIndex((_, i) => [...waitingOn[i]].some((v) => !producerOf.has(v)));
  if (undefinedInput >= 0) {
    const node = nodes[undefinedInput];
    const value = [...waitingOn[undefinedInput]].find((v) => !producerOf.has(v));
    return { ok: false, code: 'undefined-value', message: `${labelOnnxNode(node, undefinedInput)} reads '${value}', which no node, input or initializer defines` };
  }
  const ready = nodes.map((_, i) => i).filter((i) => waitingOn[i].size === 0);
  const order: NodeProto[] = [];
  for (let k = 0; k < ready.length; k++) {
    const node = nodes[ready[k]];
    order.push(node);
    for (const out of node.output) {
      for (const reader of readersOf.get(out) ?? []) {
        const waiting = waitingOn[reader];
        if (waiting.delete(out) && waiting.size === 0) ready.push(reader);
      }
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.map((n, i) => [n, i] as const).filter(([, i]) => waitingOn[i].size > 0);
    const names = stuck.slice(0, 5).map(([n, i]) => labelOnnxNode(n, i)).join(', ');
    return { ok: false, code: 'cycle', message: `the graph has a cycle: ${stuck.length} node(s) depend on their own output (${names}${stuck.length > 5 ? ', ...' : ''})` };
  }
  return { ok: true, nodes: order };
}
