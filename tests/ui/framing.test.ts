import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GraphDocument } from '../../src/core/graph/types';
import { DEFAULT_NODE_SIZE } from '../../src/ui/layout/autoLayout';
import {
  computeCentredViewport, computeGraphBounds, computeReadableViewport, FRAME_PADDING, READABLE_ZOOM, type Rect, type Viewport,
} from '../../src/ui/canvas/framing';

/** The canvas at 1440x900: 1440 - 216 (palette) - 320 (side) wide, 900 - 48 (toolbar) - 266 (bottom panel) tall. */
const CANVAS = { width: 904, height: 586 };
const NODE = DEFAULT_NODE_SIZE;

function toScreen(v: Viewport, x: number, y: number): { x: number; y: number } {
  return { x: x * v.zoom + v.x, y: y * v.zoom + v.y };
}

function columnDoc(count: number, gap = 120): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'column', weights: {}, edges: [],
    nodes: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, name: `n${i}`, kind: 'Dense', params: {}, position: { x: 40, y: 10 + i * gap } })),
  } as unknown as GraphDocument;
}

function frame(doc: GraphDocument, canvas = CANVAS): Viewport {
  const found = computeGraphBounds(doc, {})!;
  return computeReadableViewport(found.bounds, found.top, canvas);
}

describe('readable framing', () => {
  it('a LeNet-sized column (10 layers, 1156 px tall) is shown at 85 % from its top, Input centred', () => {
    const v = frame(columnDoc(10));
    expect(v.zoom).toBe(READABLE_ZOOM);
    // 13 px node names at 85 % are 11.05 px on screen.
    expect(13 * v.zoom).toBeGreaterThanOrEqual(11);
    const inputTop = toScreen(v, 40, 10);
    expect(inputTop.y).toBeCloseTo(FRAME_PADDING);
    expect(inputTop.x + (NODE.width * v.zoom) / 2).toBeCloseTo(CANVAS.width / 2);
  });

  it('a 3-layer graph fits whole at 100 %, centred, and is never magnified', () => {
    const v = frame(columnDoc(3));
    expect(v.zoom).toBe(1);
    // Bounds 224 x (2*120 + node height) centred in 904 x 586.
    expect(toScreen(v, 40, 10)).toEqual({ x: (904 - 224) / 2, y: (586 - (240 + NODE.height)) / 2 });
  });

  it('an Inception-wide row (4 x 224 + 3 x 32 = 992 px) fits whole between 85 % and 100 %', () => {
    const doc = columnDoc(4);
    doc.nodes.forEach((n, i) => { n.position = { x: i * 256, y: 0 }; });
    const v = frame(doc);
    // (904 - 2*24) / 992 = 0.8629...
    expect(v.zoom).toBeCloseTo(856 / 992, 6);
    const left = toScreen(v, 0, 0);
    const right = toScreen(v, 992, NODE.height);
    expect(left.x).toBeCloseTo(FRAME_PADDING);
    expect(right.x).toBeCloseTo(904 - FRAME_PADDING);
  });

  it('a graph too wide and too tall even at 85 % is centred on its top-most node, shown from the top', () => {
    const doc = columnDoc(16);
    doc.nodes.forEach((n, i) => { n.position = { x: (i % 8) * 256, y: i === 5 ? 0 : 100 + Math.floor(i / 8) * 600 }; });
    const v = frame(doc);
    expect(v.zoom).toBe(READABLE_ZOOM);
    const top = toScreen(v, 5 * 256 + NODE.width / 2, 0);
    expect(top.x).toBeCloseTo(904 / 2);
    expect(top.y).toBeCloseTo(FRAME_PADDING);
  });

  it('a row too wide but short is centred on its top-most node and vertically', () => {
    const doc = columnDoc(8);
    doc.nodes.forEach((n, i) => { n.position = { x: i * 256, y: i === 5 ? 0 : 100 }; });
    const v = frame(doc);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(toScreen(v, 5 * 256 + NODE.width / 2, 0).x).toBeCloseTo(904 / 2);
    const height = (100 + NODE.height) * READABLE_ZOOM;
    expect(toScreen(v, 0, 0).y).toBeCloseTo((586 - height) / 2);
  });

  it('an empty graph has no bounds to frame', () => {
    expect(computeGraphBounds(columnDoc(0), {})).toBeNull();
  });

  it('uses measured sizes over the assumed one', () => {
    const found = computeGraphBounds(columnDoc(2), { n1: { width: 300, height: 90 } })!;
    expect(found.bounds).toEqual({ x: 40, y: 10, width: 300, height: 120 + 90 });
  });

  it('any graph on any canvas: zoom within [85 %, 100 %]; if it fits it is all on screen, else its top is at the top', () => {
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }), y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 50, max: 20000 }), height: fc.integer({ min: 40, max: 20000 }),
    });
    const canvas = fc.record({ width: fc.integer({ min: 200, max: 3000 }), height: fc.integer({ min: 150, max: 2000 }) });
    fc.assert(fc.property(rect, canvas, (b: Rect, c) => {
      const top = { x: b.x, y: b.y, width: Math.min(b.width, 224), height: Math.min(b.height, 76) };
      const v = computeReadableViewport(b, top, c);
      expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
      expect(v.zoom).toBeLessThanOrEqual(1);
      const tl = toScreen(v, b.x, b.y);
      const br = toScreen(v, b.x + b.width, b.y + b.height);
      const fits = b.width * READABLE_ZOOM <= c.width - 2 * FRAME_PADDING && b.height * READABLE_ZOOM <= c.height - 2 * FRAME_PADDING;
      if (fits) {
        expect(tl.x).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
        expect(tl.y).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
        expect(br.x).toBeLessThanOrEqual(c.width - FRAME_PADDING + 1e-6);
        expect(br.y).toBeLessThanOrEqual(c.height - FRAME_PADDING + 1e-6);
      } else {
        // Too tall: shown from its top; short enough: centred, so the top is lower still.
        if (b.height * v.zoom > c.height - 2 * FRAME_PADDING) expect(tl.y).toBeCloseTo(FRAME_PADDING, 6);
        else expect(tl.y).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
        // The top-most node is on screen.
        const t = toScreen(v, top.x + top.width / 2, top.y);
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.x).toBeLessThanOrEqual(c.width);
        expect(t.y).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 300 });
  });

  it('centres a node, zooming in to 85 % from further out but keeping a closer zoom', () => {
    const node = { x: 1000, y: 2000, width: 224, height: 76 };
    const far = computeCentredViewport(node, CANVAS, 0.3);
    expect(far.zoom).toBe(READABLE_ZOOM);
    expect(toScreen(far, 1112, 2038)).toEqual({ x: 452, y: 293 });
    const near = computeCentredViewport(node, CANVAS, 1.4);
    expect(near.zoom).toBe(1.4);
    const c = toScreen(near, 1112, 2038);
    expect(c.x).toBeCloseTo(452);
    expect(c.y).toBeCloseTo(293);
  });
});
