import { describe, expect, it } from 'vitest';
import { centreDigit, createPicture, makeTestPicture, shapeInput } from '../../../src/core/imaging';

describe('shapeInput', () => {
  const photo = makeTestPicture('gradient', 64);

  it('fills [28, 28, 1] with a grayscale 28x28 picture in 0..1', () => {
    const r = shapeInput(photo, [28, 28, 1], 'input');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.length).toBe(784);
    expect(Math.min(...r.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.data)).toBeLessThanOrEqual(1);
  });

  it('fills [32, 16, 3] from a square picture by cropping the centre columns', () => {
    const r = shapeInput(photo, [32, 16, 3], 'input');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.length).toBe(32 * 16 * 3);
    // Red grows left to right; the crop keeps columns 16..47 of 64, so the left edge is red ~ 16/63.
    expect(r.data[0]).toBeGreaterThan(0.2);
    expect(r.data[0]).toBeLessThan(0.32);
  });

  it('fills a vector of 784 with the flattened grayscale 28x28 picture', () => {
    const r = shapeInput(photo, [784], 'flat');
    expect(r.ok && r.data.length).toBe(784);
  });

  it('refuses a vector of 7 and names the node and the length', () => {
    const r = shapeInput(photo, [7], 'features');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('vector-not-square');
      expect(r.error.message).toContain('features');
      expect(r.error.message).toContain('7');
    }
  });

  it('refuses 4 channels and a rank-2 shape', () => {
    const four = shapeInput(photo, [8, 8, 4], 'rgba');
    expect(!four.ok && four.error.code).toBe('unsupported-channels');
    expect(!four.ok && four.error.message).toContain('4 channels');
    const rank2 = shapeInput(photo, [8, 8], 'm');
    expect(!rank2.ok && rank2.error.code).toBe('unsupported-rank');
  });

  it('never hands back the caller\'s own buffer', () => {
    const pic = createPicture(4, 4, 1);
    const r = shapeInput(pic, [4, 4, 1], 'x');
    expect(r.ok && r.data).not.toBe(pic.data);
  });
});

describe('centreDigit', () => {
  it('moves a square drawn in a corner to the centre, 20 pixels across', () => {
    const pic = createPicture(100, 100, 1);
    for (let y = 5; y < 25; y++) for (let x = 5; x < 25; x++) pic.data[y * 100 + x] = 1;
    const out = centreDigit(pic);
    expect([out.width, out.height]).toEqual([28, 28]);
    const lit: number[] = [];
    out.data.forEach((v, i) => { if (v > 0.5) lit.push(i); });
    expect(lit.length).toBe(400);
    const xs = lit.map((i) => i % 28), ys = lit.map((i) => Math.floor(i / 28));
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([4, 23, 4, 23]);
  });

  it('keeps a tall stroke tall: a 10x40 bar becomes 5x20', () => {
    const pic = createPicture(60, 60, 1);
    for (let y = 10; y < 50; y++) for (let x = 30; x < 40; x++) pic.data[y * 60 + x] = 1;
    const out = centreDigit(pic);
    let count = 0;
    out.data.forEach((v) => { if (v > 0.5) count++; });
    expect(count).toBe(100);
  });

  it('gives an all-black digit for an empty pad', () => {
    expect(centreDigit(createPicture(50, 50, 3)).data.every((v) => v === 0)).toBe(true);
  });
});
