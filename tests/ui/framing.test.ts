import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GraphDocument } from '../../src/core/graph/types';
import { DEFAULT_NODE_SIZE } from '../../src/ui/layout/autoLayout';
import {
  anyRectVisible,
  CANVAS_OVERLAYS, collectNodeRects, computeBounds, computeCentredViewport, computeReadableViewport, FRAME_MIN_ZOOM, FRAME_PADDING,
  READABLE_ZOOM, type Rect, type Viewport,
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
  return computeReadableViewport(collectNodeRects(doc, {}), canvas);
}

/** The overlay boxes in screen pixels on `canvas`. */
function overlayBoxes(canvas: { width: number; height: number }): Rect[] {
  const { bottomLeft: bl, bottomRight: br } = CANVAS_OVERLAYS;
  return [
    { x: 0, y: canvas.height - bl.height, width: bl.width, height: bl.height },
    { x: canvas.width - br.width, y: canvas.height - br.height, width: br.width, height: br.height },
  ];
}

function screenRect(v: Viewport, r: Rect): Rect {
  return { x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom };
}

function overlaps(a: Rect, b: Rect): boolean {
  const eps = 1e-6;
  return a.x < b.x + b.width - eps && b.x < a.x + a.width - eps && a.y < b.y + b.height - eps && b.y < a.y + a.height - eps;
}

/** Every node is wholly on the canvas, inside the padding, and clear of the MiniMap and Controls. */
function expectAllClear(doc: GraphDocument, v: Viewport, canvas = CANVAS): void {
  const rects = collectNodeRects(doc, {}).map((r) => screenRect(v, r));
  for (const r of rects) {
    expect(r.x).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
    expect(r.y).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
    expect(r.x + r.width).toBeLessThanOrEqual(canvas.width - FRAME_PADDING + 1e-6);
    expect(r.y + r.height).toBeLessThanOrEqual(canvas.height - FRAME_PADDING + 1e-6);
    for (const o of overlayBoxes(canvas)) expect(overlaps(r, o)).toBe(false);
  }
}

/** A row of `count` cards 32 px apart under one Input at the row's centre, and a Concatenate below. */
function branchesDoc(count: number, gap = 32): GraphDocument {
  const doc = columnDoc(count + 2);
  const rowWidth = count * NODE.width + (count - 1) * gap;
  doc.nodes.forEach((n, i) => {
    if (i === 0) n.position = { x: (rowWidth - NODE.width) / 2, y: 0 };
    else if (i <= count) n.position = { x: (i - 1) * (NODE.width + gap), y: 120 };
    else n.position = { x: (rowWidth - NODE.width) / 2, y: 240 };
  });
  return doc;
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
    // The column runs between the Controls and the MiniMap.
    for (const o of overlayBoxes(CANVAS)) expect(overlaps(screenRect(v, { x: 40, y: 10, width: NODE.width, height: 2000 }), o)).toBe(false);
  });

  it('a 3-layer graph fits whole at 100 %, centred, and is never magnified', () => {
    const v = frame(columnDoc(3));
    expect(v.zoom).toBe(1);
    // Bounds 224 x (2*120 + node height) centred in 904 x 586: it clears both overlays there.
    expect(toScreen(v, 40, 10)).toEqual({ x: (904 - 224) / 2, y: (586 - (240 + NODE.height)) / 2 });
    expectAllClear(columnDoc(3), v);
  });

  it('a wide graph that would reach under the MiniMap when centred is lifted above it', () => {
    // 3 cards side by side, 3 rows 150 px apart: 736 px wide, 300 + card height tall; centred, the bottom row would
    // reach under the MiniMap's top at 586 - 140 = 446.
    const doc = columnDoc(9);
    doc.nodes.forEach((n, i) => { n.position = { x: (i % 3) * 256, y: Math.floor(i / 3) * 150 }; });
    expect((586 + 300 + NODE.height) / 2).toBeGreaterThan(446);
    const v = frame(doc);
    expect(v.zoom).toBe(1);
    expectAllClear(doc, v);
    expect(toScreen(v, 0, 0).x).toBeCloseTo((904 - 736) / 2);
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
    expectAllClear(doc, v);
  });

  it.each([
    // [branches, gap, canvas]: 4 branches 48 px apart are 1040 px (the laid-out Inception module).
    [4, 48, CANVAS, 856 / 1040],
    [4, 48, { width: 904, height: 526 }, 856 / 1040],
    [5, 32, { width: 1100, height: 700 }, (1100 - 48) / (5 * 224 + 4 * 32)],
  ])('%i branches %i px apart in %o: shown whole at %f (>= 70 %), clear of the overlays', (count, gap, canvas, zoom) => {
    const doc = branchesDoc(count, gap);
    const v = frame(doc, canvas);
    expect(v.zoom).toBeCloseTo(zoom, 6);
    expect(v.zoom).toBeGreaterThanOrEqual(FRAME_MIN_ZOOM);
    expect(v.zoom).toBeLessThan(READABLE_ZOOM);
    expectAllClear(doc, v, canvas);
  });

  it('a tall graph whose width fits between the overlays only below 85 % is shown that wide, from the top', () => {
    // 3 columns 829 px wide: the band between the overlays is 904 - 46 - 188 - 48 = 622 px.
    const doc = columnDoc(30);
    doc.nodes.forEach((n, i) => { n.position = { x: (i % 3) * 302.5, y: Math.floor(i / 3) * 120 }; });
    const v = frame(doc);
    expect(v.zoom).toBeCloseTo(622 / 829, 6);
    expect(toScreen(v, 0, 0)).toEqual({ x: expect.closeTo(46 + FRAME_PADDING, 6), y: expect.closeTo(FRAME_PADDING, 6) });
    expect(toScreen(v, 829, 0).x).toBeCloseTo(904 - 188 - FRAME_PADDING, 6);
  });

  it('a graph too wide and too tall even at 70 % is centred on its top rows, not on the top-most node', () => {
    const doc = columnDoc(16);
    // Row 0: one node at x 1280; row 1 (y 100): 8 nodes, 0..2016; row 2 (y 700) is below the screen.
    doc.nodes.forEach((n, i) => { n.position = { x: (i % 8) * 256, y: i === 5 ? 0 : 100 + Math.floor(i / 8) * 600 }; });
    const v = frame(doc);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(toScreen(v, 2016 / 2, 0).x).toBeCloseTo(904 / 2);
    expect(toScreen(v, 0, 0).y).toBeCloseTo(FRAME_PADDING);
  });

  it('keeps the top-most node on screen when centring the top rows would push it off', () => {
    const doc = columnDoc(16);
    doc.nodes.forEach((n, i) => { n.position = { x: i === 7 ? 7 * 256 : (i % 8) * 256, y: i === 7 ? 0 : 100 + Math.floor(i / 8) * 600 }; });
    const v = frame(doc);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(toScreen(v, 7 * 256 + NODE.width, 0).x).toBeCloseTo(904 - FRAME_PADDING);
  });

  it('a short row too wide even at 70 % is centred on the row and sits above the overlays', () => {
    const doc = columnDoc(8);
    doc.nodes.forEach((n, i) => { n.position = { x: i * 256, y: i === 5 ? 0 : 100 }; });
    const v = frame(doc);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(toScreen(v, 2016 / 2, 0).x).toBeCloseTo(904 / 2);
    const height = (100 + NODE.height) * READABLE_ZOOM;
    const freeHeight = 586 - 140 - 2 * FRAME_PADDING;
    expect(toScreen(v, 0, 0).y).toBeCloseTo(FRAME_PADDING + (freeHeight - height) / 2);
  });

  it('an empty graph has no bounds to frame', () => {
    expect(computeBounds(collectNodeRects(columnDoc(0), {}))).toBeNull();
  });

  it('uses measured sizes over the assumed one', () => {
    const bounds = computeBounds(collectNodeRects(columnDoc(2), { n1: { width: 300, height: 90 } }));
    expect(bounds).toEqual({ x: 40, y: 10, width: 300, height: 120 + 90 });
  });

  it('any graph on any canvas: zoom within [70 %, 100 %]; if it fits above the overlays at 70 % every node is clear, else its top is at the top', () => {
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }), y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 50, max: 300 }), height: fc.integer({ min: 40, max: 200 }),
    });
    const canvas = fc.record({ width: fc.integer({ min: 300, max: 3000 }), height: fc.integer({ min: 250, max: 2000 }) });
    fc.assert(fc.property(fc.array(rect, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 40 }), canvas, (raw: Rect[], spread, c) => {
      // Scale positions so some graphs fit and some do not.
      const rects = raw.map((r) => ({ ...r, x: Math.round(r.x / spread), y: Math.round(r.y / spread) }));
      const v = computeReadableViewport(rects, c);
      const b = computeBounds(rects)!;
      expect(v.zoom).toBeGreaterThanOrEqual(FRAME_MIN_ZOOM - 1e-9);
      expect(v.zoom).toBeLessThanOrEqual(1);
      const fitsAbove = b.width * FRAME_MIN_ZOOM <= c.width - 2 * FRAME_PADDING && b.height * FRAME_MIN_ZOOM <= c.height - 140 - 2 * FRAME_PADDING;
      const screen = rects.map((r) => screenRect(v, r));
      if (fitsAbove) {
        for (const s of screen) {
          expect(s.x).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
          expect(s.y).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
          expect(s.x + s.width).toBeLessThanOrEqual(c.width - FRAME_PADDING + 1e-6);
          expect(s.y + s.height).toBeLessThanOrEqual(c.height - FRAME_PADDING + 1e-6);
          for (const o of overlayBoxes(c)) expect(overlaps(s, o)).toBe(false);
        }
      } else {
        const tl = toScreen(v, b.x, b.y);
        if (b.height * v.zoom > c.height - 2 * FRAME_PADDING) expect(tl.y).toBeCloseTo(FRAME_PADDING, 6);
        else expect(tl.y).toBeGreaterThanOrEqual(FRAME_PADDING - 1e-6);
        // The top-most node is on screen.
        const top = screen.reduce((a, s) => (s.y < a.y ? s : a));
        expect(top.x).toBeGreaterThanOrEqual(-1e-6);
        expect(top.x + top.width).toBeLessThanOrEqual(c.width + 1e-6);
        expect(top.y).toBeGreaterThanOrEqual(-1e-6);
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

describe('anyRectVisible', () => {
  const canvas = { width: 390, height: 300 };
  const card = { x: 100, y: 50, width: 224, height: 60 };
  it('sees a card the viewport shows, and one it only grazes', () => {
    expect(anyRectVisible([card], { x: 0, y: 0, zoom: 1 }, canvas)).toBe(true);
    // Zoomed 2x and panned so the card's right edge is 1 px inside the left border.
    expect(anyRectVisible([card], { x: -(324 * 2) + 1, y: 0, zoom: 2 }, canvas)).toBe(true);
  });
  it('sees none when the view lies beside, above or below every card (as after a window shrinks)', () => {
    expect(anyRectVisible([card], { x: -(324 * 2), y: 0, zoom: 2 }, canvas)).toBe(false);
    expect(anyRectVisible([card], { x: 0, y: -111, zoom: 1 }, canvas)).toBe(false);
    expect(anyRectVisible([card], { x: 0, y: 250, zoom: 1 }, canvas)).toBe(false);
    expect(anyRectVisible([], { x: 0, y: 0, zoom: 1 }, canvas)).toBe(false);
  });
  it('agrees with a pixel-by-pixel check on random views', () => {
    fc.assert(fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 }), fc.constantFrom(0.25, 0.5, 1, 2), (x, y, zoom) => {
      // A screen pixel (px, py) shows flow point ((px - x) / zoom, (py - y) / zoom).
      let seen = false;
      for (let px = 0; px < canvas.width && !seen; px += 1) {
        for (let py = 0; py < canvas.height && !seen; py += 1) {
          const fx = (px + 0.5 - x) / zoom;
          const fy = (py + 0.5 - y) / zoom;
          seen = fx > card.x && fx < card.x + card.width && fy > card.y && fy < card.y + card.height;
        }
      }
      // The brute force samples pixel centres, so it may miss a sliver under half a pixel.
      if (seen) expect(anyRectVisible([card], { x, y, zoom }, canvas)).toBe(true);
    }), { numRuns: 60, seed: 4 });
  });
});
