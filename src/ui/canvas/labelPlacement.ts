import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';
import { computeWire, pointOnCubic, type Point, type Wire } from './wirePath';

/** An axis-aligned box in flow coordinates, from its top-left corner. */
export interface Box { x: number; y: number; width: number; height: number }

/** A node as label placement sees it: where its card is. */
export interface PlacedNode { id: string; position: Point; size?: { width: number; height: number } }
/** An edge as label placement sees it: its ends and the text of its label. */
export interface LabelledEdge { id: string; source: string; target: string; text: string }

/** Height of a wire label: 14 px line + 2 px padding + 1 px border, top and bottom (.edge-label in the CSS). */
export const LABEL_HEIGHT = 18;
/**
 * Width of one character of the label's 10.5 px monospace font. Monospace fonts run 0.55 to 0.6
 * em a character; the upper end keeps the estimate at or above the real width.
 */
export const LABEL_CHAR_WIDTH = 6.4;
/** Horizontal padding and border of a label (5 px + 1 px each side). */
const LABEL_CHROME = 12;
/** Free space kept between a label and anything else. */
const CLEARANCE = 3;
/** The handle dots (10 px plus a 2 px border) sit half outside the card, top and bottom centre. */
const HANDLE_SIZE = 14;

/** The estimated box size of a label showing `text`. */
export function estimateLabelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * LABEL_CHAR_WIDTH + LABEL_CHROME), height: LABEL_HEIGHT };
}

/** The box a label of that size takes when centred on `p`. */
export function boxAround(p: Point, size: { width: number; height: number }): Box {
  return { x: p.x - size.width / 2, y: p.y - size.height / 2, width: size.width, height: size.height };
}

/** The area two boxes share (0 when they only touch or are apart). */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function grow(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by };
}

/** The card of a node: its measured size, or the size every node starts with before measuring. */
export function nodeBox(n: PlacedNode): Box {
  const size = n.size ?? DEFAULT_NODE_SIZE;
  return { x: n.position.x, y: n.position.y, width: size.width, height: size.height };
}

const CELL = 128;

/** A box spanning more cells than this a side is kept in a plain list instead of the grid. */
const MAX_CELLS_PER_SIDE = 64;

/**
 * Boxes bucketed in a coarse grid, so a 300-node graph checks a label against its neighbours only.
 * The cell loops are bounded: a box too large for the grid (or at coordinates where `i++` no
 * longer changes `i`, beyond 2^53) goes to a list checked against every query instead.
 */
class BoxGrid {
  private cells = new Map<string, Box[]>();
  private oversized: Box[] = [];

  add(b: Box): void {
    const range = this.range(b);
    if (!range) { this.oversized.push(b); return; }
    for (const key of this.keys(range)) {
      const list = this.cells.get(key);
      if (list) list.push(b);
      else this.cells.set(key, [b]);
    }
  }

  /** The total area `b` shares with the stored boxes (a box in several cells counts once). */
  overlap(b: Box, stopAbove = Infinity): number {
    let sum = 0;
    for (const o of this.oversized) {
      sum += overlapArea(b, o);
      if (sum > stopAbove) return sum;
    }
    const range = this.range(b);
    if (!range) return sum;
    const seen = new Set<Box>();
    for (const key of this.keys(range)) {
      for (const o of this.cells.get(key) ?? []) {
        if (seen.has(o)) continue;
        seen.add(o);
        sum += overlapArea(b, o);
        if (sum > stopAbove) return sum;
      }
    }
    return sum;
  }

  /** The cell range of `b`, or null when it would not fit the grid's bounded loops. */
  private range(b: Box): [number, number, number, number] | null {
    const x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.width) / CELL);
    const y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.height) / CELL);
    const fits = (lo: number, hi: number) => Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && hi - lo < MAX_CELLS_PER_SIDE;
    return fits(x0, x1) && fits(y0, y1) ? [x0, x1, y0, y1] : null;
  }

  private *keys([x0, x1, y0, y1]: [number, number, number, number]): Generator<string> {
    for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) yield `${i},${j}`;
  }
}

/** Curve parameters to try on a piece, the middle first, then outwards. */
const T_ORDER = [0.5, 0.62, 0.38, 0.74, 0.26, 0.86, 0.14, 0.94, 0.06];

/**
 * Where a wire's label may go, best first: on the wire (the lane of a shortcut first, since it
 * runs beside the cards), then just right or left of it.
 */
function candidatesOf(wire: Wire, size: { width: number; height: number }): Point[] {
  const starts = [wire.from, ...wire.pieces.map((p) => p.to)];
  const order = wire.pieces.length === 3 ? [1, 0, 2] : wire.pieces.map((_, i) => i);
  const onWire: Point[] = [];
  for (const i of order) for (const t of T_ORDER) onWire.push(pointOnCubic(starts[i], wire.pieces[i], t));
  const side = size.width / 2 + 4;
  return [
    ...onWire,
    ...onWire.map((p) => ({ x: p.x + side, y: p.y })),
    ...onWire.map((p) => ({ x: p.x - side, y: p.y })),
  ];
}

/**
 * The centre of every edge's label, so no two labels overlap and none sits on a node card or a
 * handle. Each label goes to the first free spot along its own wire (middle first, then towards
 * the ends, then beside the wire); edges into a merge converge on one handle, so their labels
 * spread back along their own wires where those are apart. When nothing is free (a crowded,
 * hand-made tangle) the label takes the spot it overlaps least.
 */
export function placeEdgeLabels(nodes: readonly PlacedNode[], edges: readonly LabelledEdge[]): Map<string, Point> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const grid = new BoxGrid();
  for (const n of nodes) {
    const b = nodeBox(n);
    grid.add(grow(b, CLEARANCE));
    const cx = b.x + b.width / 2;
    grid.add(grow({ x: cx - HANDLE_SIZE / 2, y: b.y - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE }, CLEARANCE));
    grid.add(grow({ x: cx - HANDLE_SIZE / 2, y: b.y + b.height - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE }, CLEARANCE));
  }
  const placed = new Map<string, Point>();
  /** Parallel wires a -> b are drawn on top of each other: one label spot per pair. */
  const byPair = new Map<string, Point>();
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const pair = `${e.source}\u0000${e.target}`;
    const shared = byPair.get(pair);
    if (shared) { placed.set(e.id, shared); continue; }
    const sb = nodeBox(s);
    const tb = nodeBox(t);
    const wire = computeWire({ x: sb.x + sb.width / 2, y: sb.y + sb.height }, { x: tb.x + tb.width / 2, y: tb.y });
    const size = estimateLabelSize(e.text);
    let best = wire.label;
    let bestOverlap = Infinity;
    for (const p of candidatesOf(wire, size)) {
      const o = grid.overlap(boxAround(p, size), bestOverlap);
      if (o < bestOverlap) {
        best = p;
        bestOverlap = o;
        if (o === 0) break;
      }
    }
    placed.set(e.id, best);
    byPair.set(pair, best);
    grid.add(grow(boxAround(best, size), CLEARANCE));
  }
  return placed;
}
