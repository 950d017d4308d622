import { createPicture, type Picture } from './picture';

/**
 * Luma weights of ITU-R BT.601, the ones tf.image.rgbToGrayscale and PIL's "L" mode use:
 * gray = 0.2989 r + 0.5870 g + 0.1140 b.
 */
export const LUMA_WEIGHTS = [0.2989, 0.587, 0.114] as const;

/** A one-channel copy of the picture (an already gray picture is returned as is). */
export function toGrayscale(pic: Picture): Picture {
  if (pic.channels === 1) return pic;
  const out = createPicture(pic.width, pic.height, 1);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  for (let i = 0, n = pic.width * pic.height; i < n; i++) {
    out.data[i] = wr * pic.data[i * 3] + wg * pic.data[i * 3 + 1] + wb * pic.data[i * 3 + 2];
  }
  return out;
}

/** A three-channel copy of the picture: gray is repeated into r, g and b. */
export function toRgb(pic: Picture): Picture {
  if (pic.channels === 3) return pic;
  const out = createPicture(pic.width, pic.height, 3);
  for (let i = 0, n = pic.width * pic.height; i < n; i++) {
    const v = pic.data[i];
    out.data[i * 3] = v;
    out.data[i * 3 + 1] = v;
    out.data[i * 3 + 2] = v;
  }
  return out;
}

/** Converts to the channel count an Input node asks for. */
export function toChannels(pic: Picture, channels: 1 | 3): Picture {
  return channels === 1 ? toGrayscale(pic) : toRgb(pic);
}
