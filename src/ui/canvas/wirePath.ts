import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';

/** A point in flow coordinates. */
export interface Point { x: number; y: number }
/** One cubic Bézier piece: from the previous end through two control points to `to`. */
export interface Cubic { c1: Point; c2: Point; to: Point }
/** A wire as cubic pieces from `from`, with where its label goes. */
export interface Wire { from: Point; pieces: Cubic[]; label: Point }

/** A wire dropping further than this skips layers (a residual shortcut) and goes around them. */
export const SKIP_MIN_DROP = 2 * DEFAULT_NODE_SIZE.height + 60;
/** How far beside the wire's ends its bypass lane runs: clear of a node centred on either end. */
export const BYPASS_OFFSET = DEFAULT_NODE_SIZE.width / 2 + 36;
const BEND = 56;

/**
 * The wire from an output handle (bottom centre) to an input handle (top centre). A short or
 * sideways wire is the usual S-curve. A wire dropping past other layers in the same column (a
 * ResNet shortcut) would run straight through their cards, so it bends out into a lane beside
 * the column, runs down it, and bends back in above the target. `minSkipDrop` lowers the drop
 * that counts as a skip (a removed wire past the one card added in its place).
 */
export function computeWire(source: Point, target: Point, minSkipDrop = SKIP_MIN_DROP): Wire {
  const drop = target.y - source.y;
  const sameColumn = Math.abs(target.x - source.x) < DEFAULT_NODE_SIZE.width;
  if (drop < minSkipDrop || !sameColumn) {
    const k = Math.max(40, Math.abs(drop) / 2);
    return {
      from: source,
      pieces: [{ c1: { x: source.x, y: source.y + k }, c2: { x: target.x, y: target.y - k }, to: target }],
      label: { x: (source.x + target.x) / 2, y: (source.y + target.y) / 2 },
    };
  }
  // The lane goes on the side the source leans to (right when straight above). Handle positions
  // measured in the page differ by fractions of a pixel between two cards of one column, so
  // "straight above" allows a pixel: otherwise the lane flips sides from one render to the next.
  const lane = source.x >= target.x - 1 ? Math.max(source.x, target.x) + BYPASS_OFFSET : Math.min(source.x, target.x) - BYPASS_OFFSET;
  const top = { x: lane, y: source.y + BEND + 24 };
  const bottom = { x: lane, y: target.y - BEND - 24 };
  return {
    from: source,
    pieces: [
      { c1: { x: source.x, y: source.y + BEND }, c2: { x: lane, y: source.y + 24 }, to: top },
      { c1: top, c2: bottom, to: bottom },
      { c1: { x: lane, y: target.y - 24 }, c2: { x: target.x, y: target.y - BEND }, to: target },
    ],
    label: { x: lane, y: (top.y + bottom.y) / 2 },
  };
}

/** The wire as an SVG path. */
export function formatWirePath(wire: Wire): string {
  const f = (p: Point) => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;
  return `M${f(wire.from)}` + wire.pieces.map((c) => ` C${f(c.c1)} ${f(c.c2)} ${f(c.to)}`).join('');
}

/** The point at parameter t in [0, 1] of one piece starting at `from` (for tests and hit checks). */
export function pointOnCubic(from: Point, c: Cubic, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const d = 3 * u * t * t;
  const e = t * t * t;
  return { x: a * from.x + b * c.c1.x + d * c.c2.x + e * c.to.x, y: a * from.y + b * c.c1.y + d * c.c2.y + e * c.to.y };
}
