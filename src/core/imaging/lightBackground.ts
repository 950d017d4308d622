import type { Picture } from './picture';

/** A border brighter than this (0..1) reads as a light background: paper, a whiteboard. */
export const LIGHT_BORDER_MEAN = 0.5;

/**
 * The mean brightness of the picture's outer ring (a tenth of the shorter side, at least one
 * pixel), RGB averaged per pixel. A digit photographed or scanned sits in the middle, so the ring
 * is its background: near 0 for MNIST's white-on-black, near 1 for ink on paper.
 */
export function computeBorderMean(picture: Picture): number {
  const { width, height, channels, data } = picture;
  if (width === 0 || height === 0) return 0;
  const ring = Math.max(1, Math.round(Math.min(width, height) / 10));
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x >= ring && x < width - ring && y >= ring && y < height - ring) continue;
      let v = 0;
      for (let c = 0; c < channels; c++) v += data[(y * width + x) * channels + c];
      sum += v / channels;
      count++;
    }
  }
  return sum / count;
}

/** Whether the picture has a light background (computeBorderMean above LIGHT_BORDER_MEAN). */
export function hasLightBackground(picture: Picture): boolean {
  return computeBorderMean(picture) > LIGHT_BORDER_MEAN;
}

/** The picture with every value v turned into 1 - v: black on white becomes white on black, as MNIST is. */
export function invertPicture(picture: Picture): Picture {
  const data = new Float32Array(picture.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 1 - picture.data[i];
  return { ...picture, data };
}
