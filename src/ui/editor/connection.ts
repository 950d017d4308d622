import type { GraphDocument } from '../../core/graph/types';

/** How many inputs a layer accepts: Input none, merges two or more, everything else exactly one. */
export interface InputArity { min: number; max: number }

export type ConnectionError =
  | { code: 'self-loop'; message: string }
  | { code: 'duplicate'; message: string }
  | { code: 'cycle'; message: string }
  | { code: 'takes-no-input'; message: string }
  | { code: 'input-taken'; message: string }
  | { code: 'missing-node'; message: string };

export type ConnectionCheck = { ok: true } | { ok: false; error: ConnectionError };

/** True when `to` can be reached from `from` by following edges forward. */
export function reaches(doc: GraphDocument, from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * Decides whether the edge source -> target may be added. Refuses a cycle, a second input to a
 * single-input layer and any input to an Input layer, with a message naming both nodes, so the
 * canvas can say why a wire did not stick.
 */
export function checkConnection(
  doc: GraphDocument,
  sourceId: string,
  targetId: string,
  arityOf: (kind: string) => InputArity,
): ConnectionCheck {
  const source = doc.nodes.find((n) => n.id === sourceId);
  const target = doc.nodes.find((n) => n.id === targetId);
  if (!source || !target) {
    return { ok: false, error: { code: 'missing-node', message: `Cannot connect: node ${!source ? sourceId : targetId} does not exist.` } };
  }
  if (sourceId === targetId) {
    return { ok: false, error: { code: 'self-loop', message: `${source.name} cannot feed itself: that would be a cycle.` } };
  }
  if (doc.edges.some((e) => e.source === sourceId && e.target === targetId)) {
    return { ok: false, error: { code: 'duplicate', message: `${source.name} already feeds ${target.name}.` } };
  }
  if (reaches(doc, targetId, sourceId)) {
    return {
      ok: false,
      error: { code: 'cycle', message: `${source.name} → ${target.name} would make a cycle: ${target.name} already feeds ${source.name}.` },
    };
  }
  const arity = arityOf(target.kind);
  const existing = doc.edges.filter((e) => e.target === targetId);
  if (arity.max === 0) {
    return { ok: false, error: { code: 'takes-no-input', message: `${target.name} is an ${target.kind} layer and takes no inputs.` } };
  }
  if (existing.length >= arity.max) {
    const from = existing.map((e) => doc.nodes.find((n) => n.id === e.source)?.name ?? e.source).join(', ');
    return {
      ok: false,
      error: {
        code: 'input-taken',
        message: `${target.name} (${target.kind}) takes one input and already has one from ${from}. Delete that wire first, or merge with Add or Concatenate.`,
      },
    };
  }
  return { ok: true };
}
