/**
 * What an import may contain before we look at it any closer. Every limit is checked before the
 * thing it guards is allocated: a file's byte length before decoding, a tensor's declared shape and
 * base64 length before any bytes are decoded.
 */
export const RESTORE_LIMITS = {
  /** A saved file, a PNG's embedded text or a decoded link: 10 MiB. */
  maxBytes: 10 * 1024 * 1024,
  maxNodes: 5_000,
  /**
   * Two inputs per node on average: a CNN's merges (Add, Concatenate, Multiply) take two or a
   * few, and every other layer one. Duplicate parallel edges are removed besides.
   */
  maxEdges: 10_000,
  /**
   * Node positions are kept within ±this many pixels; anything further out (2e18 froze the
   * canvas: `i++` stops changing `i` above 2^53) is laid out again. A real canvas spans thousands.
   */
  maxCoordinate: 10_000_000,
  /** Nesting depth of a node's raw params (JSON objects/arrays). */
  maxParamDepth: 32,
  /** Elements of one weight tensor: 2^24 floats = 64 MiB. */
  maxTensorElements: 2 ** 24,
  /** All weights together, in decoded bytes. */
  maxWeightBytes: 256 * 1024 * 1024,
  maxTensorRank: 6,
} as const;

export type RestoreLimits = { readonly [K in keyof typeof RESTORE_LIMITS]: number };
