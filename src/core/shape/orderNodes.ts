import type { GraphIndex } from './indexGraph';
import { labelNode } from './indexGraph';
import { findStronglyConnected } from './stronglyConnected';
import type { Diagnostic, Fix } from './types';

/** Execution order plus the cycle diagnostics. */
export interface NodeOrder {
  /** Kahn order, then the nodes Kahn could not place (cycle members and their descendants) in document order. */
  order: string[];
  /** Ids of nodes on a cycle. */
  inCycle: Set<string>;
  diagnostics: Diagnostic[];
}

const MAX_NAMES = 10;

/**
 * Topological order by Kahn's algorithm (iterative: a 100,000-node chain is fine). Nodes left over
 * are split into strongly connected components; each real cycle gets a 'cycle' error on every
 * member naming the nodes, and for a simple cycle a fix removing the edge that closes it.
 */
export function orderNodes(index: GraphIndex): NodeOrder {
  const indegree = new Map<string, number>();
  for (const node of index.nodes) indegree.set(node.id, index.incoming.get(node.id)!.length);
  const order: string[] = [];
  for (const node of index.nodes) if (indegree.get(node.id) === 0) order.push(node.id);
  for (let head = 0; head < order.length; head++) {
    for (const target of index.outgoing.get(order[head])!) {
      const left = indegree.get(target)! - 1;
      indegree.set(target, left);
      if (left === 0) order.push(target);
    }
  }
  const inCycle = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  if (order.length === index.nodes.length) return { order, inCycle, diagnostics };

  const placed = new Set(order);
  const rest = index.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id);
  const docPosition = new Map(index.nodes.map((n, i) => [n.id, i]));
  for (const component of findStronglyConnected(rest, (id) => index.outgoing.get(id)!)) {
    const members = new Set(component);
    const isCycle = component.length > 1 || index.outgoing.get(component[0])!.includes(component[0]);
    if (!isCycle) continue;
    for (const id of component) inCycle.add(id);
    const { text, fixes } = describeCycle(index, component, members, docPosition);
    for (const id of component) {
      diagnostics.push({
        nodeId: id,
        severity: 'error',
        code: 'cycle',
        message: `${labelNode(index.byId.get(id)!)}: is on a cycle ${text}; a model must flow one way from its Inputs`,
        fixes,
      });
    }
  }
  return { order: order.concat(rest), inCycle, diagnostics };
}

function describeCycle(
  index: GraphIndex, component: string[], members: Set<string>, docPosition: Map<string, number>,
): { text: string; fixes: Fix[] } {
  const label = (id: string) => labelNode(index.byId.get(id)!);
  const inner = (id: string) => index.incoming.get(id)!.filter((e) => members.has(e.source));
  const isSimple = component.every((id) => inner(id).length === 1);
  if (!isSimple) {
    const names = component.slice(0, MAX_NAMES).map(label).join(', ');
    const more = component.length > MAX_NAMES ? ` and ${component.length - MAX_NAMES} more` : '';
    return { text: `through ${names}${more}`, fixes: [] };
  }
  // Start at the member that comes first in the document: the edge into it is the likely mistake.
  const start = component.reduce((a, b) => (docPosition.get(a)! <= docPosition.get(b)! ? a : b));
  const closing = inner(start)[0];
  const path: string[] = [start];
  let at = start;
  for (let i = 0; i < component.length; i++) {
    at = index.outgoing.get(at)!.find((t) => members.has(t))!;
    path.push(at);
  }
  const shown = path.length > MAX_NAMES + 1 ? [...path.slice(0, MAX_NAMES).map(label), '...', label(start)] : path.map(label);
  return {
    text: shown.join(' -> '),
    fixes: [{ label: `remove the edge ${label(closing.source)} -> ${label(start)}`, patch: { type: 'removeEdge', edgeId: closing.id } }],
  };
}
