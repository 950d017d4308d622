import type { Shape } from '../graph/types';
import { resizePicture } from './resize';

/** A small copy of a feature map for thumbnails: same layout as the map, fewer pixels/channels. */
export interface FeaturePreview {
  /** [h, w, c] (spatial maps, c <= maxChannels) or [n] (vectors, n <= maxLength). */
  shape: Shape;
  data: Float32Array;
  /** How many channels (or vector entries) the full map has. */
  fullChannels: number;
}

/**
 * Shrinks a feature map for a node thumbnail: an [h, w, c] map keeps its first `maxChannels`
 * channels, each area-averaged to at most `maxSide` pixels on its longer side; a vector keeps its
 * first `maxLength` entries, and so does a 1x1xC map. Small maps are copied unchanged. Any other
 * rank is kept flat.
 */
export function makeFeaturePreview(data: Float32Array, shape: Shape, maxSide = 32, maxChannels = 16, maxLength = 1000): FeaturePreview {
  // A 1x1xC map (after a global pool or a 1x1-output conv) reads better as a vector of C.
  if (shape.length !== 3 || shape[0] * shape[1] === 1) {
    const n = Math.min(data.length, maxLength);
    return { shape: [n], data: data.slice(0, n), fullChannels: data.length };
  }
  const [h, w, c] = shape;
  const keep = Math.min(c, maxChannels);
  const scale = Math.min(1, maxSide / Math.max(h, w));
  const ph = Math.max(1, Math.round(h * scale));
  const pw = Math.max(1, Math.round(w * scale));
  const out = new Float32Array(ph * pw * keep);
  const channel = new Float32Array(h * w);
  for (let ch = 0; ch < keep; ch++) {
    for (let i = 0; i < h * w; i++) channel[i] = data[i * c + ch];
    const small = resizePicture({ width: w, height: h, channels: 1, data: channel }, pw, ph).data;
    for (let i = 0; i < ph * pw; i++) out[i * keep + ch] = small[i];
  }
  return { shape: [ph, pw, keep], data: out, fullChannels: c };
}
