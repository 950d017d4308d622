import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GraphDocument, Position } from '../../../src/core/graph/types';
import { needsLayout } from '../../../src/core/layout/needsLayout';
import { generateGraph } from '../../../src/ui/debug/generateGraph';

const CARD = { width: 224, height: 79 };

function docAt(positions: readonly Position[]): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 't', edges: [],
    nodes: positions.map((position, i) => ({ id: `n${i}`, kind: 'ReLU', name: `n${i}`, params: {}, position })),
  };
}

/** Counts nodes covering more than half of another card by checking every pair. */
function bruteForceCovered(positions: readonly Position[]): number {
  const covered = new Set<number>();
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < positions.length; j++) {
      const w = CARD.width - Math.abs(positions[i].x - positions[j].x);
      const h = CARD.height - Math.abs(positions[i].y - positions[j].y);
      if (w > 0 && h > 0 && w * h > (CARD.width * CARD.height) / 2) { covered.add(i); covered.add(j); }
    }
  }
  return covered.size;
}

describe('needsLayout', () => {
  it('301 nodes all at one spot: overlapping', () => {
    const doc = generateGraph(301);
    const stacked = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    expect(needsLayout(stacked, [], CARD)).toMatchObject({ needed: true, reason: 'overlapping' });
  });

  it('the generator\'s own grid (260 x 130 apart): kept', () => {
    expect(needsLayout(generateGraph(301), [], CARD)).toEqual({ needed: false });
  });

  it('every node without a position: unplaced', () => {
    const doc = docAt([{ x: 0, y: 0 }, { x: 0, y: 300 }]);
    expect(needsLayout(doc, ['n0', 'n1'], CARD)).toEqual({ needed: true, reason: 'unplaced', count: 2 });
  });

  it('one of two nodes unplaced, apart: kept (the gate placed it beside the other)', () => {
    expect(needsLayout(docAt([{ x: 0, y: 0 }, { x: 0, y: 300 }]), ['n1'], CARD)).toEqual({ needed: false });
  });

  it('two cards on each other in a graph of two: overlapping', () => {
    expect(needsLayout(docAt([{ x: 0, y: 0 }, { x: 10, y: 5 }]), [], CARD)).toMatchObject({ needed: true, reason: 'overlapping', count: 2 });
  });

  it('one pair dropped on each other among 12 cards: kept', () => {
    const positions = Array.from({ length: 12 }, (_, i) => ({ x: 0, y: i * 150 }));
    positions[1] = { x: 20, y: 10 };
    expect(needsLayout(docAt(positions), [], CARD)).toEqual({ needed: false });
  });

  it('cards overlapping by less than half (a tight column 50 px apart): kept', () => {
    const positions = Array.from({ length: 8 }, (_, i) => ({ x: 0, y: i * 50 }));
    expect(needsLayout(docAt(positions), [], CARD)).toEqual({ needed: false });
  });

  it('agrees with a brute-force count over random positions', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ x: fc.integer({ min: -600, max: 600 }), y: fc.integer({ min: -300, max: 300 }) }), { minLength: 1, maxLength: 24 }),
      (positions) => {
        const expected = bruteForceCovered(positions) >= Math.max(2, Math.ceil(positions.length / 4));
        expect(needsLayout(docAt(positions), [], CARD).needed).toBe(expected);
      },
    ));
  });

  it('non-finite coordinates neither throw nor count', () => {
    expect(needsLayout(docAt([{ x: Number.NaN, y: 0 }, { x: Infinity, y: 0 }, { x: 0, y: 0 }]), [], CARD)).toEqual({ needed: false });
  });
});
