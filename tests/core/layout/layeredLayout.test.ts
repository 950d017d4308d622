import { describe, expect, it } from 'vitest';
import type { GraphDocument, Position } from '../../../src/core/graph/types';
import { computeLayeredLayout } from '../../../src/core/layout/layeredLayout';
import { findPreset } from '../../../src/core/presets';
import { generateGraph } from '../../../src/ui/debug/generateGraph';

const CARD = { width: 224, height: 79 };

/** Pairs of cards that share any area, counted pair by pair. */
function overlappingPairs(positions: Map<string, Position>): number {
  const ps = [...positions.values()];
  let count = 0;
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      if (Math.abs(ps[i].x - ps[j].x) < CARD.width && Math.abs(ps[i].y - ps[j].y) < CARD.height) count++;
    }
  }
  return count;
}

const upwardEdges = (doc: GraphDocument, positions: Map<string, Position>) =>
  doc.edges.filter((e) => positions.get(e.target)!.y <= positions.get(e.source)!.y).map((e) => e.id);

describe('computeLayeredLayout', () => {
  it.each([
    ['a generated 301-node residual chain', generateGraph(301)],
    ['ResNet-50', findPreset('resnet50')!.doc],
    ['Inception module', findPreset('inception-block')!.doc],
    ['U-Net', findPreset('unet')!.doc],
  ])('%s: every node placed, no two cards overlap, every wire runs downward', (_, doc) => {
    const positions = computeLayeredLayout(doc, CARD);
    expect(positions.size).toBe(doc.nodes.length);
    expect(overlappingPairs(positions)).toBe(0);
    expect(upwardEdges(doc, positions)).toEqual([]);
  });

  it('the four Inception branches sit side by side in one row', () => {
    const doc = findPreset('inception-block')!.doc;
    const positions = computeLayeredLayout(doc, CARD);
    const rows = new Set(doc.nodes.map((n) => positions.get(n.id)!.y));
    // Input, 1x1s (and pool), 3x3/5x5 (and pool's 1x1), Concatenate: at most a handful of rows for 9+ nodes.
    expect(rows.size).toBeLessThan(doc.nodes.length);
  });

  it('a cycle and an edge to a missing node (a hand-edited file) still place every node apart', () => {
    const doc: GraphDocument = {
      format: 'cnn-graph', version: 1, name: 'bad',
      nodes: ['a', 'b', 'c'].map((id) => ({ id, kind: 'ReLU', name: id, params: {}, position: { x: 0, y: 0 } })),
      edges: [{ id: 'e1', source: 'a', target: 'b' }, { id: 'e2', source: 'b', target: 'c' }, { id: 'e3', source: 'c', target: 'b' }, { id: 'e4', source: 'a', target: 'ghost' }],
    };
    const positions = computeLayeredLayout(doc, CARD);
    expect(positions.size).toBe(3);
    expect(overlappingPairs(positions)).toBe(0);
  });
});
