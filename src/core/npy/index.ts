/** The NumPy `.npy` codec: float32 tensors in and out of the CLI and the app. */
export { parseNpy } from './parseNpy';
export type { NpyError, NpyErrorCode, ParseNpyResult } from './parseNpy';
export { encodeNpy } from './encodeNpy';
