/**
 * Deterministic pseudo-random numbers for weight initialisation. Integer-only 32-bit math
 * (Math.imul, shifts) so a seed gives the same weights in every engine and on every platform.
 */

/** FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a fast 32-bit generator; returns a function giving uniform numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  return createRandomStream(seed).next;
}

/** A mulberry32 stream whose position can be saved and restored (a training checkpoint's Dropout masks). */
export interface RandomStream {
  /** The next uniform number in [0, 1) (a plain function: it can be passed on alone). */
  next(): number;
  /** The generator's position, a 32-bit integer. */
  state(): number;
  /** Moves the generator to a position `state()` returned. */
  restore(state: number): void;
}

/** mulberry32 from `seed`, with its position exposed; createRandom is its `next`. */
export function createRandomStream(seed: number): RandomStream {
  let a = seed | 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => a,
    restore(state) {
      if (!Number.isInteger(state) || state < -(2 ** 31) || state >= 2 ** 31) throw new Error(`a random state is a 32-bit integer, got ${state}`);
      a = state;
    },
  };
}

/**
 * Fills `out` with `(2u - 1) * limit` for the next `out.length` draws `u` of mulberry32 from
 * `seed`: bit for bit what `(2 * next() - 1) * limit` with next = createRandom(seed) gives, with
 * the generator inlined so a 100-million-value kernel takes a fraction of the time.
 */
export function fillRandomSymmetric(out: Float32Array, seed: number, limit: number): void {
  let a = seed | 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    // * 2^-32 is exactly / 2^32 (a power of two), and cheaper.
    out[i] = (2 * (((t ^ (t >>> 14)) >>> 0) * 2.3283064365386963e-10) - 1) * limit;
  }
}

/** The seed of the stream createWeightRandom returns. */
export function weightSeed(seed: number, nodeId: string, weightName: string): number {
  return (Math.imul(seed | 0, 0x9e3779b1) + hashString(`${nodeId}/${weightName}`)) | 0;
}

/**
 * The stream for one weight tensor: the global seed mixed with a hash of "nodeId/weightName", so
 * adding, removing or reordering other nodes never changes this tensor's values.
 */
export function createWeightRandom(seed: number, nodeId: string, weightName: string): () => number {
  return createRandom(weightSeed(seed, nodeId, weightName));
}
