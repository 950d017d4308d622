import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createPicture, pictureFromRgba, toGrayscale, toRgb } from '../../../src/core/imaging';

describe('toGrayscale', () => {
  it.each([
    [[1, 0, 0], 0.2989],
    [[0, 1, 0], 0.587],
    [[0, 0, 1], 0.114],
    [[0.5, 0.5, 0.5], 0.49995],
    [[1, 1, 1], 0.9999],
  ])('rgb %j -> %f', (rgb, expected) => {
    const pic = createPicture(1, 1, 3);
    pic.data.set(rgb);
    expect(toGrayscale(pic).data[0]).toBeCloseTo(expected, 6);
  });

  it('matches tf.image.rgbToGrayscale', () => {
    const pic = createPicture(4, 3, 3);
    for (let i = 0; i < pic.data.length; i++) pic.data[i] = ((i * 13) % 17) / 16;
    const theirs = tf.image.rgbToGrayscale(tf.tensor3d(pic.data, [3, 4, 3])).dataSync();
    const ours = toGrayscale(pic).data;
    for (let i = 0; i < theirs.length; i++) expect(ours[i]).toBeCloseTo(theirs[i], 4);
  });
});

describe('toRgb and pictureFromRgba', () => {
  it('repeats gray into three channels', () => {
    const pic = createPicture(2, 1, 1);
    pic.data.set([0.25, 1]);
    expect(Array.from(toRgb(pic).data)).toEqual([0.25, 0.25, 0.25, 1, 1, 1]);
  });

  it('scales bytes to 0..1 and composites alpha over black', () => {
    const pic = pictureFromRgba([255, 51, 0, 255, 255, 255, 255, 0], 2, 1);
    expect(Array.from(pic.data)).toEqual(Array.from(Float32Array.from([1, 0.2, 0, 0, 0, 0])));
  });
});
