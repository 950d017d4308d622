/**
 * A picture as the input helpers pass it around: height x width x channels (HWC, row-major),
 * float32 values in 0..1, `channels` 1 (grayscale) or 3 (RGB). It matches the NHWC layout
 * of an Input node's [h, w, c] tensor, so shaping an input is a resize plus a channel change.
 */
export interface Picture {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Float32Array;
}

/** A black picture of the given size. */
export function createPicture(width: number, height: number, channels: 1 | 3): Picture {
  return { width, height, channels, data: new Float32Array(width * height * channels) };
}

/**
 * Converts canvas RGBA bytes (ImageData.data) to an RGB picture in 0..1. Alpha is composited
 * over black, so transparent pixels of a PNG read as background, as on the drawing pad.
 */
export function pictureFromRgba(rgba: ArrayLike<number>, width: number, height: number): Picture {
  const pic = createPicture(width, height, 3);
  for (let i = 0, n = width * height; i < n; i++) {
    const a = rgba[i * 4 + 3] / 255;
    pic.data[i * 3] = (rgba[i * 4] / 255) * a;
    pic.data[i * 3 + 1] = (rgba[i * 4 + 1] / 255) * a;
    pic.data[i * 3 + 2] = (rgba[i * 4 + 2] / 255) * a;
  }
  return pic;
}

/** Converts a picture back to opaque RGBA bytes for a canvas (values outside 0..1 are clamped). */
export function pictureToRgba(pic: Picture): Uint8ClampedArray {
  const n = pic.width * pic.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const r = pic.data[i * pic.channels];
    const g = pic.channels === 3 ? pic.data[i * 3 + 1] : r;
    const b = pic.channels === 3 ? pic.data[i * 3 + 2] : r;
    out[i * 4] = Math.round(r * 255);
    out[i * 4 + 1] = Math.round(g * 255);
    out[i * 4 + 2] = Math.round(b * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}
