/**
 * Caps on layer params. Anything above them is almost surely a typo (an extra zero) and would
 * only produce an unusable model, so validation rejects it with the cap in the message.
 */

/** Largest `filters` (Conv2D) or `units` (Dense). */
export const MAX_UNITS = 1_000_000;
/** Largest kernel or pool window side. */
export const MAX_WINDOW = 1024;
/** Largest stride. */
export const MAX_STRIDE = 1024;
/** Largest dilation rate. */
export const MAX_DILATION = 1024;
/** Largest explicit padding on one side. */
export const MAX_PADDING = 1024;
/** Largest single dimension of an Input shape. */
export const MAX_INPUT_DIM = 65_536;
/** Largest tensor per sample: 2^26 float32 elements (256 MB). More is the 'tensor-too-large' error. */
export const MAX_TENSOR_ELEMENTS = 2 ** 26;
