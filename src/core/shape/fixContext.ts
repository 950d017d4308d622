import type { GraphEdge, GraphNode, Shape } from '../graph/types';
import { getLayer } from '../layers/registry';
import { labelNode, type GraphIndex } from './indexGraph';
import type { GraphPatch, NodeInference } from './types';

/**
 * What a fix that edits a node's neighbours needs to know: the graph, the inferred shapes, and a way
 * to recompute one node with other params or inputs. Fixes are offered only when that recomputation
 * shows they work, so a fix never promises a shape the engine would not give.
 */
export interface FixContext {
  index: GraphIndex;
  nodes: ReadonlyMap<string, NodeInference>;
}

/** A fix for one input of a node: the patch and the shape that input gets from it. */
export interface InputCandidate {
  label: string;
  patch: GraphPatch;
  input: number;
  shape: Shape;
}

export const showShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The output of `nodeId` with `override` merged into its params and, when given, other input
 * shapes; null when the params are invalid or the shape rule reports an error.
 */
export function recomputeOutput(fc: FixContext, nodeId: string, override: Record<string, unknown>, inputShapes?: readonly Shape[]): Shape | null {
  const node = fc.index.byId.get(nodeId);
  const def = node && getLayer(node.kind);
  const shapes = inputShapes ?? fc.nodes.get(nodeId)?.inputShapes;
  if (!node || !def || !shapes || shapes.some((s) => s === null)) return null;
  if (shapes.length < def.arity.min || shapes.length > def.arity.max) return null;
  const checked = def.validateParams({ ...node.params, ...override });
  if (!checked.ok) return null;
  const result = def.inferOutput(shapes as Shape[], checked.params, { nodeId, label: labelNode(node) });
  return result.ok ? result.shape : null;
}

/** The incoming edges of `nodeId` in merge order, with their producers and shapes. */
export function inputsOf(fc: FixContext, nodeId: string): { edge: GraphEdge; producer: GraphNode; shape: Shape | null }[] {
  return (fc.index.incoming.get(nodeId) ?? []).map((edge) => ({
    edge,
    producer: fc.index.byId.get(edge.source)!,
    shape: fc.nodes.get(edge.source)?.outputShape ?? null,
  }));
}

/** True when `ancestor` feeds `nodeId`, directly or through other nodes. */
export function feeds(fc: FixContext, ancestor: string, nodeId: string): boolean {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === ancestor) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of fc.index.incoming.get(id) ?? []) stack.push(e.source);
  }
  return false;
}

/**
 * The candidates after which `nodeId` computes without an error, given the other inputs as they
 * are: the check that makes every offered fix a working one.
 */
export function keepWorking(fc: FixContext, nodeId: string, candidates: InputCandidate[]): InputCandidate[] {
  const shapes = fc.nodes.get(nodeId)?.inputShapes ?? [];
  if (shapes.some((s) => s === null)) return [];
  return candidates.filter((c) => {
    const next = (shapes as Shape[]).map((s, i) => (i === c.input ? c.shape : s));
    return recomputeOutput(fc, nodeId, {}, next) !== null;
  });
}

/** The param that sets a kind's output channels (or units), if it has one. */
export function channelParam(kind: string): 'filters' | 'units' | null {
  if (kind === 'Conv2D' || kind === 'SeparableConv2D' || kind === 'Conv2DTranspose') return 'filters';
  if (kind === 'Dense') return 'units';
  return null;
}

/** True when the kind has a window padding param ('valid' | 'same' | numbers). */
export function hasWindowPadding(kind: string): boolean {
  return getLayer(kind)?.fields.some((f) => f.field === 'padding' && f.control === 'padding') ?? false;
}
