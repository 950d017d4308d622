import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { PRESETS } from '../../src/core/presets';
import { inferDocument } from '../../src/ui/editor/inference';
import { createFlowViewBuilder, type FlowView } from '../../src/ui/canvas/viewModel';
import { computeLayout, DEFAULT_NODE_SIZE } from '../../src/ui/layout/autoLayout';
import { computeWire, pointOnCubic } from '../../src/ui/canvas/wirePath';
import { generateGraph } from '../../src/ui/debug/generateGraph';
import { branchingGraph } from './fixtures/branchingGraph';

interface Rect { name: string; left: number; top: number; right: number; bottom: number }

/** A label's box from its text: 10.5 px monospace at 0.6 em a character, 5 px padding + 1 px border a side, 18 px tall. */
function labelRect(name: string, text: string, cx: number, cy: number): Rect {
  const w = text.length * 10.5 * 0.6 + 12;
  return { name, left: cx - w / 2, right: cx + w / 2, top: cy - 9, bottom: cy + 9 };
}

function intersect(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Every pair of boxes that overlap, by brute force over all pairs (labels with labels, labels with cards). */
function overlapsIn(doc: GraphDocument, view: FlowView): string[] {
  const cards: Rect[] = doc.nodes.map((n) => ({
    name: `card ${n.name}`, left: n.position.x, top: n.position.y,
    right: n.position.x + DEFAULT_NODE_SIZE.width, bottom: n.position.y + DEFAULT_NODE_SIZE.height,
  }));
  const labels = view.edges.map((e) => labelRect(`label ${e.id} (${e.data!.shape})`, e.data!.shape, e.data!.labelX, e.data!.labelY));
  const found: string[] = [];
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) if (intersect(a, b)) found.push(`${a.name} x ${b.name}`);
    for (const c of cards) if (intersect(a, c)) found.push(`${a.name} x ${c.name}`);
  });
  return found;
}

/** How far a label's centre is from the nearest point of its own wire. */
function distanceToWire(doc: GraphDocument, view: FlowView, edgeId: string): number {
  const e = view.edges.find((x) => x.id === edgeId)!;
  const s = doc.nodes.find((n) => n.id === e.source)!.position;
  const t = doc.nodes.find((n) => n.id === e.target)!.position;
  const w = DEFAULT_NODE_SIZE;
  const wire = computeWire({ x: s.x + w.width / 2, y: s.y + w.height }, { x: t.x + w.width / 2, y: t.y });
  let best = Infinity;
  let from = wire.from;
  for (const piece of wire.pieces) {
    for (let i = 0; i <= 200; i++) {
      const p = pointOnCubic(from, piece, i / 200);
      best = Math.min(best, Math.hypot(p.x - e.data!.labelX, p.y - e.data!.labelY));
    }
    from = piece.to;
  }
  return best;
}

const viewOf = (doc: GraphDocument) => createFlowViewBuilder()({ doc, inference: inferDocument(doc), selectedNodeIds: [], selectedEdgeIds: [], measured: {} });

async function laidOut(doc: GraphDocument): Promise<GraphDocument> {
  const positions = await computeLayout(doc);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}

const graphs: [string, GraphDocument][] = [['branching repro', branchingGraph], ...PRESETS.map((p): [string, GraphDocument] => [p.name, p.doc])];

describe('edge label placement', () => {
  it.each(graphs)('%s as saved: no label overlaps another label or a card, and each stays by its wire', (_, doc) => {
    const view = viewOf(doc);
    expect(view.edges.length).toBe(doc.edges.length);
    expect(overlapsIn(doc, view)).toEqual([]);
    for (const e of view.edges) {
      // On the wire, or just beside it: at most half the label's width plus a few pixels away.
      expect(distanceToWire(doc, view, e.id)).toBeLessThanOrEqual((e.data!.shape.length * 6.3 + 12) / 2 + 8);
    }
  });

  it.each(graphs)('%s after auto-layout: no label overlaps another label or a card', async (_, doc) => {
    const arranged = await laidOut(doc);
    expect(overlapsIn(arranged, viewOf(arranged))).toEqual([]);
  });

  it('keeps the repro labels 26x26x16 and 13x13x16 apart and off the Add and Concatenate cards', () => {
    const view = viewOf(branchingGraph);
    const shapes = view.edges.map((e) => e.data!.shape).sort();
    expect(shapes).toEqual(['13x13x16', '13x13x16', '26x26x16', '26x26x16', '28x28x1', '28x28x1']);
    expect(overlapsIn(branchingGraph, view)).toEqual([]);
  });

  // Its time is the param-change-to-paint figure of the editor bench, not an assertion here: a
  // wall-clock limit fails whenever the machine is busy.
  it('a 300-node generated graph: no overlaps', () => {
    const doc = generateGraph(300);
    const build = createFlowViewBuilder();
    const view = build({ doc, inference: inferDocument(doc), selectedNodeIds: [], selectedEdgeIds: [], measured: {} });
    expect(overlapsIn(doc, view)).toEqual([]);
  });

  it('moving one node away keeps the other edges the same objects when their labels stay', () => {
    const build = createFlowViewBuilder();
    const doc = PRESETS.find((p) => p.id === 'lenet5')!.doc;
    const first = build({ doc, inference: inferDocument(doc), selectedNodeIds: [], selectedEdgeIds: [], measured: {} });
    const last = doc.nodes[doc.nodes.length - 1];
    const moved = { ...doc, nodes: doc.nodes.map((n) => (n === last ? { ...n, position: { x: n.position.x + 400, y: n.position.y } } : n)) };
    const second = build({ doc: moved, inference: inferDocument(moved), selectedNodeIds: [], selectedEdgeIds: [], measured: {} });
    const into = second.edges.find((e) => e.target === last.id)!;
    expect(second.edges.filter((e) => e.target !== last.id).every((e, i) => e === first.edges.filter((x) => x.target !== last.id)[i])).toBe(true);
    expect(into).not.toBe(first.edges.find((e) => e.target === last.id));
  });
});
