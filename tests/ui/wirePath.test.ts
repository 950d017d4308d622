import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE } from '../../src/ui/layout/autoLayout';
import { computeWire, formatWirePath, pointOnCubic, type Point, type Wire } from '../../src/ui/canvas/wirePath';

const { width: W, height: H } = DEFAULT_NODE_SIZE;
const PITCH = H + 44;

/** Points along the whole wire, 50 per piece. */
function sample(wire: Wire): Point[] {
  const points: Point[] = [];
  let from = wire.from;
  for (const piece of wire.pieces) {
    for (let i = 0; i <= 50; i++) points.push(pointOnCubic(from, piece, i / 50));
    from = piece.to;
  }
  return points;
}

/** A ResNet basic block as ELK lays it out: Input offset right, five layers in one column, then Add. */
const column = Array.from({ length: 5 }, (_, i) => ({ x: 0, y: (i + 1) * PITCH, width: W, height: H }));
const inputBottom = { x: W / 2 + 50, y: H };
const addTop = { x: W / 2, y: 6 * PITCH };

const hits = (p: Point) => column.some((r) => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height);

describe('wire paths', () => {
  it('a straight-down curve from Input to Add would cross all five cards in between', () => {
    const straight = { from: inputBottom, pieces: [{ c1: { x: inputBottom.x, y: 400 }, c2: { x: addTop.x, y: 400 }, to: addTop }], label: addTop };
    const points = sample(straight);
    expect(column.map((r) => points.some((p) => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height))).toEqual([true, true, true, true, true]);
  });

  it('the ResNet shortcut goes around every card it skips, ending on both handles', () => {
    const wire = computeWire(inputBottom, addTop);
    const points = sample(wire);
    expect(points.filter(hits)).toEqual([]);
    expect(points[0]).toEqual(inputBottom);
    expect(points[points.length - 1]).toEqual(addTop);
    // The label sits in the lane, right of the column (Input leans right), between the ends.
    expect(wire.label.x).toBeGreaterThan(W);
    expect(wire.label.y).toBeGreaterThan(inputBottom.y);
    expect(wire.label.y).toBeLessThan(addTop.y);
  });

  it('a shortcut from a source leaning left takes the left lane', () => {
    const wire = computeWire({ x: W / 2 - 50, y: H }, addTop);
    expect(wire.label.x).toBeLessThan(0);
    expect(sample(wire).filter(hits)).toEqual([]);
  });

  it('a source straight above, measured a fraction of a pixel left of the target, keeps the right lane', () => {
    // The page measures the two handles of one column up to a pixel apart: the lane must not flip.
    for (const dx of [0, -0.4, -0.99, 0.3]) expect(computeWire({ x: addTop.x + dx, y: H }, addTop).label.x).toBeGreaterThan(addTop.x + W / 2);
  });

  it('a wire to the next layer, or sideways into another column, stays one S-curve with its label halfway', () => {
    const next = computeWire({ x: 100, y: 79 }, { x: 100, y: 123 });
    expect(next.pieces).toHaveLength(1);
    expect(next.label).toEqual({ x: 100, y: 101 });
    const sideways = computeWire({ x: 100, y: 79 }, { x: 600, y: 800 });
    expect(sideways.pieces).toHaveLength(1);
    expect(formatWirePath(next)).toBe('M100,79 C100,119 100,83 100,123');
  });
});
