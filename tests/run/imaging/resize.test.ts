import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createPicture, cropToAspect, resizePicture, type Picture } from '../../../src/core/imaging';

function gray(width: number, height: number, values: number[]): Picture {
  const pic = createPicture(width, height, 1);
  pic.data.set(values);
  return pic;
}

describe('resizePicture', () => {
  it('4x1 -> 2x1 averages pairs (area)', () => {
    expect(Array.from(resizePicture(gray(4, 1, [0, 1, 2, 6]), 2, 1).data)).toEqual([0.5, 4]);
  });

  it('3x1 -> 2x1 weighs partial pixels by their overlap: [2a+b, b+2c]/3', () => {
    const out = resizePicture(gray(3, 1, [3, 6, 9]), 2, 1).data;
    expect(out[0]).toBeCloseTo((2 * 3 + 6) / 3, 6);
    expect(out[1]).toBeCloseTo((6 + 2 * 9) / 3, 6);
  });

  it('4x4 -> 2x2 averages each 2x2 block', () => {
    const pic = gray(4, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(Array.from(resizePicture(pic, 2, 2).data)).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('2x1 -> 4x1 interpolates with half-pixel centres: [a, .75a+.25b, .25a+.75b, b]', () => {
    expect(Array.from(resizePicture(gray(2, 1, [0, 8]), 4, 1).data)).toEqual([0, 2, 6, 8]);
  });

  it('enlarging matches tf.image.resizeBilinear(halfPixelCenters) on an RGB picture', () => {
    const pic = createPicture(5, 3, 3);
    for (let i = 0; i < pic.data.length; i++) pic.data[i] = ((i * 37) % 11) / 10;
    const ours = resizePicture(pic, 9, 7);
    const theirs = tf.image
      .resizeBilinear(tf.tensor4d(pic.data, [1, 3, 5, 3]), [7, 9], false, true)
      .dataSync();
    expect(ours.data.length).toBe(theirs.length);
    for (let i = 0; i < theirs.length; i++) expect(ours.data[i]).toBeCloseTo(theirs[i], 5);
  });

  it('keeps the mean of a picture when shrinking by a whole factor', () => {
    const pic = createPicture(12, 12, 1);
    for (let i = 0; i < pic.data.length; i++) pic.data[i] = (i % 7) / 7;
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(resizePicture(pic, 3, 4).data)).toBeCloseTo(mean(pic.data), 5);
  });
});

describe('cropToAspect', () => {
  it('6x4 to a square keeps the centred 4x4 (columns 1..4)', () => {
    const pic = gray(6, 4, Array.from({ length: 24 }, (_, i) => i));
    const out = cropToAspect(pic, 1, 1);
    expect([out.width, out.height]).toEqual([4, 4]);
    expect(Array.from(out.data.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(out.data.subarray(12, 16))).toEqual([19, 20, 21, 22]);
  });

  it('2x6 to 2:1 keeps one row, row 2 (of 0..5, centre 2.5 rounded down)', () => {
    const pic = gray(2, 6, Array.from({ length: 12 }, (_, i) => i));
    const out = cropToAspect(pic, 2, 1);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.data)).toEqual([4, 5]);
  });
});
