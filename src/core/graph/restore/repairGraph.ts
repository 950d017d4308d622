import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument, type GraphEdge, type GraphNode, type Position } from '../types';
import { checkTraining } from './checkTraining';
import { checkWeights } from './checkWeights';
import { cloneJson, isRecord, type CloneBudget } from './cloneJson';
import { refuse } from './errors';
import { layoutUnplaced } from './layoutUnplaced';
import type { RestoreLimits } from './limits';
import type { RawDocument } from './migrations';

/** The only fields kept; anything else (`style`, `className`, `domAttributes`, ...) is dropped. */
const DOC_FIELDS = new Set(['format', 'version', 'name', 'nodes', 'edges', 'weights', 'training']);
const NODE_FIELDS = new Set(['id', 'kind', 'name', 'params', 'position']);
const EDGE_FIELDS = new Set(['id', 'source', 'target']);

/**
 * Ids that name a member of every plain object (`__proto__`, `constructor`, `toString`, ...).
 * Code anywhere that keeps a `{}` keyed by node id would read Object.prototype members for them
 * (`results['__proto__']` is an object, not undefined), so they are renamed at the gate.
 */
const RESERVED_IDS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** "1 edge" / "2 edges". */
function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** The first of base_2, base_3, ... that is not taken. */
function uniqueId(base: string, isTaken: (id: string) => boolean): string {
  let k = 2;
  while (isTaken(`${base}_${k}`)) k++;
  return `${base}_${k}`;
}

/**
 * Builds a clean current-version document from a raw one through a whitelist, repairing what can
 * be repaired and writing one plain sentence per kind of repair into `report`:
 * duplicate node/edge ids are renamed, edges to missing nodes removed, missing ids, names and
 * positions filled in. Unknown kinds, odd params and cycles are kept: the shape engine reports them.
 */
export function repairGraph(raw: RawDocument, limits: RestoreLimits, report: string[], unplaced: Set<string> = new Set()): GraphDocument {
  const droppedFields = new Set<string>();
  for (const key of Object.keys(raw)) if (!DOC_FIELDS.has(key)) droppedFields.add(key);

  let name: string;
  if (typeof raw.name === 'string') name = raw.name;
  else { name = 'Untitled graph'; report.push('The graph had no name; it is called "Untitled graph".'); }

  const rawNodes = raw.nodes;
  if (!Array.isArray(rawNodes)) refuse('invalid-document', 'This graph has no list of nodes ("nodes" is missing or not a list).');
  if (rawNodes.length > limits.maxNodes) {
    refuse('too-many-nodes', `This graph has ${rawNodes.length.toLocaleString('en-US')} nodes; the limit is ${limits.maxNodes.toLocaleString('en-US')}.`);
  }
  let rawEdges = raw.edges;
  if (rawEdges === undefined) rawEdges = [];
  if (!Array.isArray(rawEdges)) refuse('invalid-document', 'This graph\'s "edges" is not a list.');
  if (rawEdges.length > limits.maxEdges) {
    refuse('too-many-edges', `This graph has ${rawEdges.length.toLocaleString('en-US')} edges; the limit is ${limits.maxEdges.toLocaleString('en-US')}.`);
  }

  const budget: CloneBudget = { values: 1_000_000 };
  const originalIds = new Set<string>();
  for (const n of rawNodes) if (isRecord(n) && typeof n.id === 'string' && n.id !== '') originalIds.add(n.id);

  const taken = new Set<string>();
  const nodeIdTaken = (id: string) => originalIds.has(id) || taken.has(id) || RESERVED_IDS.has(id);
  /** Reserved ids renamed: edges and weights that name them follow. */
  const reserved = new Map<string, string>();
  const nodes: GraphNode[] = [];
  let droppedNodes = 0;
  let newIds = 0;
  const renamed: string[] = [];
  let unnamed = 0;
  let badParams = 0;
  let missingPositions = 0;
  let badPositions = 0;
  let farPositions = 0;
  rawNodes.forEach((n, index) => {
    if (!isRecord(n) || typeof n.kind !== 'string' || n.kind === '') { droppedNodes++; return; }
    for (const key of Object.keys(n)) if (!NODE_FIELDS.has(key)) droppedFields.add(key);
    let id: string;
    if (typeof n.id !== 'string' || n.id === '') {
      id = uniqueId('node', nodeIdTaken);
      newIds++;
    } else if (taken.has(n.id) || reserved.has(n.id)) {
      id = uniqueId(n.id, nodeIdTaken);
      renamed.push(`${n.id} -> ${id}`);
    } else if (RESERVED_IDS.has(n.id)) {
      id = uniqueId(n.id, nodeIdTaken);
      reserved.set(n.id, id);
    } else id = n.id;
    taken.add(id);
    const label = `Node "${id}"`;
    let params: Record<string, unknown>;
    if (n.params === undefined) params = Object.create(null);
    else if (isRecord(n.params)) params = cloneJson(n.params, limits.maxParamDepth, budget, `${label} params`) as Record<string, unknown>;
    else { params = Object.create(null); badParams++; }
    let nodeName: string;
    if (typeof n.name === 'string') nodeName = n.name;
    else { nodeName = id; unnamed++; }
    const position = readPosition(n.position, limits.maxCoordinate);
    if (position === 'missing') missingPositions++;
    else if (position === 'invalid') badPositions++;
    else if (position === 'too-far') farPositions++;
    if (typeof position === 'string') unplaced.add(id);
    nodes.push({ id, kind: n.kind, name: nodeName, params, position: typeof position === 'string' ? { x: 0, y: index * 120 } : position });
  });
  if (droppedNodes) report.push(`${count(droppedNodes, 'node')} without a layer kind removed.`);
  if (newIds) report.push(`${count(newIds, 'node')} without an id given one.`);
  if (reserved.size) report.push(`${count(reserved.size, 'node id')} that JavaScript reserves renamed (${[...reserved].map(([a, b]) => `${a} -> ${b}`).join(', ')}).`);
  if (renamed.length) report.push(`${count(renamed.length, 'duplicate node id')} renamed (${renamed.slice(0, 5).join(', ')}${renamed.length > 5 ? ', ...' : ''}).`);
  if (unnamed) report.push(`${count(unnamed, 'node')} without a name named after ${unnamed === 1 ? 'its' : 'their'} id.`);
  if (badParams) report.push(`${count(badParams, 'node')} had params that were not a map; they start empty.`);
  if (missingPositions) report.push(`${count(missingPositions, 'node')} without a position laid out automatically.`);
  if (badPositions) report.push(`${count(badPositions, 'node')} had no valid position and ${badPositions === 1 ? 'was' : 'were'} laid out automatically.`);
  if (farPositions) report.push(`${count(farPositions, 'node')} placed beyond ±${limits.maxCoordinate.toLocaleString('en-US')} px ${farPositions === 1 ? 'was' : 'were'} laid out again.`);

  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const originalEdgeIds = new Set<string>();
  for (const e of rawEdges) if (isRecord(e) && typeof e.id === 'string' && e.id !== '') originalEdgeIds.add(e.id);
  let badEdges = 0;
  let dangling = 0;
  let renamedEdges = 0;
  let parallel = 0;
  const pairs = new Set<string>();
  for (const e of rawEdges) {
    if (!isRecord(e) || typeof e.source !== 'string' || typeof e.target !== 'string') { badEdges++; continue; }
    for (const key of Object.keys(e)) if (!EDGE_FIELDS.has(key)) droppedFields.add(key);
    const source = reserved.get(e.source) ?? e.source;
    const target = reserved.get(e.target) ?? e.target;
    if (!taken.has(source) || !taken.has(target)) { dangling++; continue; }
    // A layer takes each input once; a second a -> b wire only multiplies work (and labels).
    const pair = `${source}\u0000${target}`;
    if (pairs.has(pair)) { parallel++; continue; }
    pairs.add(pair);
    let id: string;
    if (typeof e.id === 'string' && e.id !== '' && !edgeIds.has(e.id) && !RESERVED_IDS.has(e.id)) id = e.id;
    else {
      const base = typeof e.id === 'string' && e.id !== '' ? e.id : `e_${source}_${target}`;
      const edgeIdTaken = (x: string) => originalEdgeIds.has(x) || edgeIds.has(x) || RESERVED_IDS.has(x);
      id = edgeIdTaken(base) ? uniqueId(base, edgeIdTaken) : base;
      renamedEdges++;
    }
    edgeIds.add(id);
    edges.push({ id, source, target });
  }
  if (badEdges) report.push(`${count(badEdges, 'edge')} without a source and target removed.`);
  if (dangling) report.push(`${count(dangling, 'edge')} to missing nodes removed.`);
  if (parallel) report.push(`${count(parallel, 'duplicate edge')} between the same two nodes removed (a layer takes each input once).`);
  if (renamedEdges) report.push(`${count(renamedEdges, 'edge')} with a missing or duplicate id given a new one.`);

  const weights = checkWeights(raw.weights, taken, limits, report, reserved);
  if (droppedFields.size) report.push(`Unknown fields ignored: ${[...droppedFields].slice(0, 8).join(', ')}${droppedFields.size > 8 ? ', ...' : ''}.`);

  if (unplaced.size > 0) {
    const laidOut = layoutUnplaced(nodes, edges, unplaced);
    for (const node of nodes) node.position = laidOut.get(node.id) ?? node.position;
  }
  const doc: GraphDocument = { format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes, edges };
  if (weights !== undefined) doc.weights = weights;
  const training = checkTraining(raw.training, report);
  if (training !== undefined) doc.training = training;
  return doc;
}

/** A finite {x, y} within ±maxCoordinate, or why not (the node is then laid out). */
function readPosition(value: unknown, maxCoordinate: number): Position | 'missing' | 'invalid' | 'too-far' {
  if (value === undefined) return 'missing';
  if (!isRecord(value) || typeof value.x !== 'number' || typeof value.y !== 'number' || !Number.isFinite(value.x) || !Number.isFinite(value.y)) return 'invalid';
  if (Math.abs(value.x) > maxCoordinate || Math.abs(value.y) > maxCoordinate) return 'too-far';
  return { x: value.x, y: value.y };
}
