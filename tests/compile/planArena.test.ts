import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planArena, type BufferLifetime } from '../../src/core/compile/planArena';

/** Brute force: every pair of buffers alive at a common step must not share an element. */
export function findOverlap(lifetimes: readonly BufferLifetime[], offsets: readonly number[]): string | null {
  for (let i = 0; i < lifetimes.length; i++) {
    for (let j = i + 1; j < lifetimes.length; j++) {
      const a = lifetimes[i];
      const b = lifetimes[j];
      const sameTime = a.firstStep <= b.lastStep && b.firstStep <= a.lastStep;
      const sameSpace = offsets[i] < offsets[j] + b.sizeElements && offsets[j] < offsets[i] + a.sizeElements;
      if (sameTime && sameSpace && a.sizeElements > 0 && b.sizeElements > 0) return `buffers ${i} and ${j} overlap`;
    }
  }
  return null;
}

/** Brute force: the largest sum of sizes over the steps. */
export function bruteForcePeak(lifetimes: readonly BufferLifetime[]): number {
  const last = Math.max(...lifetimes.map((l) => l.lastStep));
  let peak = 0;
  for (let t = 0; t <= last; t++) {
    peak = Math.max(peak, lifetimes.filter((l) => l.firstStep <= t && t <= l.lastStep).reduce((s, l) => s + l.sizeElements, 0));
  }
  return peak;
}

describe('planArena', () => {
  it('a chain of growing then shrinking buffers needs only the largest adjacent pair', () => {
    const sizes = [100, 400, 300, 50, 600, 10];
    const lifetimes = sizes.map((s, i) => ({ sizeElements: s, firstStep: i, lastStep: i + 1 }));
    const layout = planArena(lifetimes);
    expect(findOverlap(lifetimes, layout.offsets)).toBeNull();
    expect(layout.peakLiveElements).toBe(700); // 400 + 300
    expect(layout.arenaElements).toBe(700);
  });
  it('a skip tensor keeps its space until its last reader and no longer', () => {
    // 0 -> 1 -> 2 -> add(1, 2)=3 -> 4 ; buffer 1 is read at step 2 and 3
    const lifetimes = [
      { sizeElements: 10, firstStep: 0, lastStep: 1 },
      { sizeElements: 10, firstStep: 1, lastStep: 3 },
      { sizeElements: 10, firstStep: 2, lastStep: 3 },
      { sizeElements: 10, firstStep: 3, lastStep: 4 },
      { sizeElements: 10, firstStep: 4, lastStep: 4 },
    ];
    const layout = planArena(lifetimes);
    expect(findOverlap(lifetimes, layout.offsets)).toBeNull();
    expect(layout.arenaElements).toBe(30);
    expect(layout.peakLiveElements).toBe(bruteForcePeak(lifetimes));
  });
  it('random lifetimes: never an overlap, never less than the live peak', () => {
    const lifetimeArb = fc
      .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 10 }))
      .map(([size, first, len]) => ({ sizeElements: size, firstStep: first, lastStep: first + len }));
    fc.assert(
      fc.property(fc.array(lifetimeArb, { minLength: 1, maxLength: 40 }), (lifetimes) => {
        const layout = planArena(lifetimes);
        expect(findOverlap(lifetimes, layout.offsets)).toBeNull();
        expect(layout.peakLiveElements).toBe(bruteForcePeak(lifetimes));
        expect(layout.arenaElements).toBeGreaterThanOrEqual(layout.peakLiveElements);
        const naive = lifetimes.reduce((s, l) => s + l.sizeElements, 0);
        expect(layout.arenaElements).toBeLessThanOrEqual(naive);
      }),
    );
  });
});
