import type { GraphDocument, GraphNode, LayerKind, Shape } from '../graph/types';
import { getLayer } from '../layers/registry';
import type { LayerDefinition } from '../layers/layerTypes';
import { MAX_TENSOR_ELEMENTS } from '../layers/limits';
import { checkRunMemory, estimateRunMemory } from './checkRunMemory';
import { checkTensorSize } from './convArithmetic';
import { findMergeFixes } from './mergeFixes';
import { findSpatialInputFixes } from './spatialInputFixes';
import { indexGraph, labelNode, type GraphIndex } from './indexGraph';
import { orderNodes } from './orderNodes';
import { INPUT_FIELD, stepReceptiveField, type ReceptiveField } from './receptiveField';
import type { Diagnostic, GraphInference, NodeInference } from './types';

/**
 * Infers every node's output shape, params and MACs, and explains every problem.
 *
 * Order: Kahn's algorithm (cycle members and what they feed come last). Each node's own problems
 * are reported once; a node whose input is unknown gets an unknown (null) output and no new error,
 * so one mistake never cascades down the graph.
 */
export function inferShapes(doc: GraphDocument): GraphInference {
  const index = indexGraph(doc);
  const { order, inCycle, diagnostics: cycleDiagnostics } = orderNodes(index);
  const nodes = new Map<string, NodeInference>();
  for (const node of index.nodes) {
    const inputIds = index.incoming.get(node.id)!.map((e) => e.source);
    nodes.set(node.id, {
      id: node.id, kind: node.kind, name: node.name, inputIds, inputShapes: [], outputShape: null,
      trainableParams: 0, nonTrainableParams: 0, macs: 0, receptiveField: null, jump: null, diagnostics: [],
    });
  }
  const attach = (d: Diagnostic) => nodes.get(d.nodeId)?.diagnostics.push(d);
  index.diagnostics.forEach(attach);
  cycleDiagnostics.forEach(attach);

  const fields = new Map<string, ReceptiveField | null>();
  for (const id of order) {
    const info = nodes.get(id)!;
    info.inputShapes = info.inputIds.map((src) => nodes.get(src)!.outputShape);
    if (inCycle.has(id)) {
      validateOnly(index.byId.get(id)!, info);
      continue;
    }
    inferNode(index, index.byId.get(id)!, info);
    fields.set(id, computeReceptiveField(info, fields));
  }
  addNeighbourFixes(index, nodes);
  addGraphWarnings(index, nodes);
  addDuplicateNameWarnings(index, nodes);
  // Before any weight is made: a model too big to run is an error here, not a crashed tab later.
  if (order.length > 0) checkRunMemory(estimateRunMemory(order, nodes), order[0]).forEach(attach);

  const diagnostics: Diagnostic[] = [];
  const graphLevel = index.diagnostics.filter((d) => !nodes.has(d.nodeId));
  if (!index.nodes.some((n) => n.kind === 'Input')) {
    graphLevel.push({
      nodeId: '',
      severity: 'error',
      code: 'no-input-node',
      message: 'The graph has no Input node: add one to give the model its input shape',
      fixes: [],
    });
  }
  // A duplicate-id report sits on the first node with that id, so it is collected with that node.
  for (const id of order) diagnostics.push(...nodes.get(id)!.diagnostics);
  diagnostics.push(...graphLevel);
  return { order, nodes, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
}

function reportInvalidParams(node: GraphNode, def: LayerDefinition<LayerKind>, info: NodeInference): LayerKindParams | null {
  const result = def.validateParams(node.params);
  if (result.ok) return result.params;
  const defaults = def.defaultParams() as Record<string, unknown>;
  for (const e of result.errors) {
    info.diagnostics.push({
      nodeId: node.id,
      severity: 'error',
      code: 'invalid-param',
      message: `${labelNode(node)}: ${e.message}`,
      field: e.field,
      fixes: e.field in defaults
        ? [{ label: `reset ${e.field} to ${JSON.stringify(defaults[e.field])}`, patch: { type: 'setParams', nodeId: node.id, params: { [e.field]: defaults[e.field] } } }]
        : [],
    });
  }
  return null;
}

type LayerKindParams = Parameters<LayerDefinition<LayerKind>['inferOutput']>[1];

function reportUnknownKind(node: GraphNode, info: NodeInference): void {
  info.diagnostics.push({
    nodeId: node.id,
    severity: 'error',
    code: 'unknown-kind',
    message: `${labelNode(node)}: unknown layer kind "${node.kind}"; it is kept in the file but the model cannot be built through it`,
    fixes: [],
  });
}

/** The node's receptive field from its inputs'; set on `info` for spatial outputs. */
function computeReceptiveField(info: NodeInference, fields: ReadonlyMap<string, ReceptiveField | null>): ReceptiveField | null {
  const def = getLayer(info.kind);
  if (!def || !info.params || !info.outputShape) return null;
  const field = info.kind === 'Input'
    ? INPUT_FIELD
    : stepReceptiveField(def.receptiveField(info.params, info.geometry), info.inputIds.map((src) => fields.get(src) ?? null));
  if (!field || info.outputShape.length !== 3) return null;
  info.receptiveField = field.field;
  info.jump = field.jump;
  return field;
}

function validateOnly(node: GraphNode, info: NodeInference): void {
  const def = getLayer(node.kind);
  if (def) {
    const params = reportInvalidParams(node, def, info);
    if (params !== null) info.params = params;
  }
  else reportUnknownKind(node, info);
}

function checkArity(index: GraphIndex, node: GraphNode, def: LayerDefinition<LayerKind>, info: NodeInference): boolean {
  const edges = index.incoming.get(node.id)!;
  const n = edges.length;
  const { min, max } = def.arity;
  const label = labelNode(node);
  if (n < min) {
    const want = max === min ? `${min} input${min === 1 ? '' : 's'}` : `at least ${min} inputs`;
    info.diagnostics.push({
      nodeId: node.id, severity: 'error', code: 'missing-input',
      message: `${label}: ${node.kind} needs ${want}, has ${n}; connect ${min - n} more`,
      fixes: [],
    });
    return false;
  }
  if (n > max) {
    const names = edges.map((e) => labelNode(index.byId.get(e.source)!));
    info.diagnostics.push({
      nodeId: node.id, severity: 'error', code: 'extra-input',
      message: max === 0
        ? `${label}: an Input takes no inputs, has ${n} (from ${names.join(', ')})`
        : `${label}: ${node.kind} takes ${max} input${max === 1 ? '' : 's'}, has ${n} (from ${names.join(', ')})`,
      fixes: edges.map((e, i) => ({ label: `remove the edge from ${names[i]}`, patch: { type: 'removeEdge' as const, edgeId: e.id } })),
    });
    return false;
  }
  return true;
}

function inferNode(index: GraphIndex, node: GraphNode, info: NodeInference): void {
  const def = getLayer(node.kind);
  if (!def) {
    reportUnknownKind(node, info);
    return;
  }
  const params = reportInvalidParams(node, def, info);
  // Valid params are kept even when the shape fails: the card and the inspector still show them.
  if (params !== null) info.params = params;
  const arityOk = checkArity(index, node, def, info);
  if (params === null || !arityOk) return;
  // Unknown upstream: stay silent, the upstream node already carries the error.
  if (info.inputShapes.some((s) => s === null)) return;
  const inputShapes = info.inputShapes as Shape[];
  const label = labelNode(node);
  const inputLabels = info.inputIds.map((src) => labelNode(index.byId.get(src)!));
  const result = def.inferOutput(inputShapes, params, { nodeId: node.id, label, inputLabels, inputIds: info.inputIds });
  info.diagnostics.push(...result.diagnostics);
  if (!result.ok) return;
  const size = checkTensorSize(result.shape);
  if (!size.ok) {
    info.diagnostics.push({
      nodeId: node.id, severity: 'error', code: 'tensor-too-large',
      message: `${label}: output [${result.shape.join(', ')}] has ${size.elements.toLocaleString('en-US')} elements per sample, more than the limit of ${MAX_TENSOR_ELEMENTS.toLocaleString('en-US')} (2^26)`,
      fixes: [],
    });
    return;
  }
  info.outputShape = result.shape;
  info.trainableParams = result.trainableParams;
  info.nonTrainableParams = result.nonTrainableParams;
  info.macs = result.macs;
  if (result.geometry) info.geometry = result.geometry;
}

/** Fixes that edit a node's input branches need every shape known, so they come after inference. */
function addNeighbourFixes(index: GraphIndex, nodes: Map<string, NodeInference>): void {
  for (const info of nodes.values()) {
    for (const d of info.diagnostics) {
      const node = index.byId.get(d.nodeId);
      if (!node) continue;
      if (d.code === 'merge-shape-mismatch') d.fixes.push(...findMergeFixes({ index, nodes }, node));
      else if (d.code === 'needs-spatial-input') d.fixes.push(...findSpatialInputFixes({ index, nodes }, node));
    }
  }
}

/** The param that names the node's activation when it is softmax, else null. */
function softmaxField(node: GraphNode): string | null {
  const field = getLayer(node.kind)?.activationField;
  return field && node.params[field] === 'softmax' ? field : null;
}

/** Activations that clamp below at 0: an output ending in one cannot score a class below zero. */
const CLAMPING = new Set(['relu', 'relu6']);

/**
 * 'relu-output' on an output Dense or Activation whose (checked, so defaulted) activation is relu
 * over two or more values: a classifier's logits. One value is left alone (a non-negative
 * regression target is a fair use of relu).
 */
function reluOutputWarning(node: GraphNode, info: NodeInference): Diagnostic | null {
  if (node.kind !== 'Dense' && node.kind !== 'Activation') return null;
  const field = getLayer(node.kind)?.activationField;
  const fn = field && (info.params as Record<string, unknown> | undefined)?.[field];
  const shape = info.outputShape;
  if (!field || typeof fn !== 'string' || !CLAMPING.has(fn) || !shape || shape.length !== 1 || shape[0] < 2) return null;
  const set = (to: string) => ({ label: `use ${to}`, patch: { type: 'setParams' as const, nodeId: node.id, params: { [field]: to } } });
  return {
    nodeId: node.id, severity: 'warning', code: 'relu-output',
    message: `${labelNode(node)}: the model's output ends in ${fn} over ${shape[0]} values, so no score can go below 0 and a class the network rates below zero is stuck at 0 with no gradient; use softmax for class probabilities or linear for logits`,
    field,
    fixes: [set('softmax'), set('linear')],
  };
}

/**
 * 'duplicate-name' on every layer after the first with a name: exports, the summary and the diff
 * name layers by it. The fix renames to the name with the smallest free `_2`, `_3`, ... suffix.
 */
function addDuplicateNameWarnings(index: GraphIndex, nodes: Map<string, NodeInference>): void {
  const first = new Map<string, GraphNode>();
  const taken = new Set(index.nodes.map((n) => n.name));
  for (const node of index.nodes) {
    const name = node.name.trim();
    if (name === '') continue;
    const owner = first.get(name);
    if (!owner) {
      first.set(name, node);
      continue;
    }
    let k = 2;
    while (taken.has(`${name}_${k}`)) k++;
    const fresh = `${name}_${k}`;
    taken.add(fresh);
    nodes.get(node.id)!.diagnostics.push({
      nodeId: node.id, severity: 'warning', code: 'duplicate-name',
      message: `${name}: another layer, ${owner.id} (${owner.kind}), is already called "${name}"; layer names must be unique (exports and the summary name layers by them)`,
      field: 'name',
      fixes: [{ label: `rename to ${fresh}`, patch: { type: 'rename', nodeId: node.id, name: fresh } }],
    });
  }
}

/** 'softmax-not-last', 'relu-output' and 'unreachable-node' warnings. */
function addGraphWarnings(index: GraphIndex, nodes: Map<string, NodeInference>): void {
  const many = index.nodes.length > 1;
  for (const node of index.nodes) {
    const consumers = index.outgoing.get(node.id)!.length;
    const info = nodes.get(node.id)!;
    const field = consumers > 0 ? softmaxField(node) : null;
    if (field) {
      info.diagnostics.push({
        nodeId: node.id, severity: 'warning', code: 'softmax-not-last',
        message: `${labelNode(node)}: softmax feeds ${consumers} more layer${consumers === 1 ? '' : 's'}; softmax belongs on the output layer (use relu inside the model)`,
        field,
        fixes: [{ label: 'use relu', patch: { type: 'setParams', nodeId: node.id, params: { [field]: 'relu' } } }],
      });
    }
    const relu = consumers === 0 ? reluOutputWarning(node, info) : null;
    if (relu) info.diagnostics.push(relu);
    if (many && node.kind === 'Input' && consumers === 0) {
      info.diagnostics.push({
        nodeId: node.id, severity: 'warning', code: 'unreachable-node',
        message: `${labelNode(node)}: this Input feeds no layer, so it is not connected to any output; connect it or delete it`,
        fixes: [],
      });
    }
  }
}
