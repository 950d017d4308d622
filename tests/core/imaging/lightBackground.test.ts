import { describe, expect, it } from 'vitest';
import { computeBorderMean, hasLightBackground, invertPicture } from '../../../src/core/imaging/lightBackground';
import type { Picture } from '../../../src/core/imaging/picture';

/** A w x h grayscale picture: `paper` everywhere, `ink` in a vertical bar down the middle (a 1). */
function digitOne(w: number, h: number, paper: number, ink: number): Picture {
  const data = new Float32Array(w * h).fill(paper);
  for (let y = Math.floor(h * 0.2); y < Math.ceil(h * 0.8); y++) for (let x = Math.floor(w * 0.45); x < Math.ceil(w * 0.55); x++) data[y * w + x] = ink;
  return { width: w, height: h, channels: 1, data };
}

describe('light background detection', () => {
  it('a black 1 on white paper: border mean 1, light', () => {
    const pic = digitOne(28, 28, 1, 0);
    expect(computeBorderMean(pic)).toBe(1);
    expect(hasLightBackground(pic)).toBe(true);
  });

  it('the same 1 inverted (MNIST style, white on black): border mean 0, dark', () => {
    const pic = invertPicture(digitOne(28, 28, 1, 0));
    expect(computeBorderMean(pic)).toBe(0);
    expect(hasLightBackground(pic)).toBe(false);
    expect(pic.data[14 * 28 + 14]).toBe(1);
  });

  it('the ring is a tenth of the shorter side: on 40x20 a 2-pixel ring of 0.8 around a 0.1 middle', () => {
    const data = new Float32Array(40 * 20).fill(0.1);
    let ringPixels = 0;
    for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) if (x < 2 || x >= 38 || y < 2 || y >= 18) { data[y * 40 + x] = 0.8; ringPixels++; }
    expect(ringPixels).toBe(40 * 20 - 36 * 16);
    expect(computeBorderMean({ width: 40, height: 20, channels: 1, data })).toBeCloseTo(0.8, 6);
  });

  it('RGB pixels count by their channel mean: a pure red border (1, 0, 0) is 1/3, not light', () => {
    const data = new Float32Array(10 * 10 * 3);
    for (let i = 0; i < 100; i++) data[i * 3] = 1;
    expect(computeBorderMean({ width: 10, height: 10, channels: 3, data })).toBeCloseTo(1 / 3, 6);
    expect(hasLightBackground({ width: 10, height: 10, channels: 3, data })).toBe(false);
  });

  it('a 1x1 picture is all border; an empty one gives 0 instead of NaN', () => {
    expect(computeBorderMean({ width: 1, height: 1, channels: 1, data: Float32Array.of(0.7) })).toBeCloseTo(0.7, 6);
    expect(computeBorderMean({ width: 0, height: 0, channels: 1, data: new Float32Array(0) })).toBe(0);
  });
});
