/**
 * What an import may contain before we look at it any closer. Every limit is checked before the
 * thing it guards is allocated: a file's byte length before decoding, a tensor's declared shape and
 * base64 length before any bytes are decoded.
 */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_WEIGHT_BYTES = 256 * 1024 * 1024;

export const RESTORE_LIMITS = {
  /** A PNG's embedded text, a decoded link or a graph without weights: 10 MiB. */
  maxBytes: MAX_DOCUMENT_BYTES,
  /**
   * A `.cnn.json` file, which may carry its weights: the document's 10 MiB plus `maxWeightBytes`
   * in base64 (4 characters for 3 bytes), 351.3 MiB. Without it an imported model saved as a file
   * could not be opened again. The weights are still checked tensor by tensor before decoding.
   */
  maxFileBytes: MAX_DOCUMENT_BYTES + Math.ceil(MAX_WEIGHT_BYTES / 3) * 4,
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
  maxWeightBytes: MAX_WEIGHT_BYTES,
  maxTensorRank: 6,
} as const;

export type RestoreLimits = { readonly [K in keyof typeof RESTORE_LIMITS]: number };
