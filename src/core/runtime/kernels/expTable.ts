/**
 * A table for e^y, y <= 0, in double precision, cheaper than calling Math.exp inside a loop (which
 * V8 does not inline): y is split into -k/64 (`EXP_TABLE[k]` = e^(-k/64), 64 * 104 + 2 values) and a remainder
 * d in (-1/64, 0], whose e^d is a degree-7 Taylor polynomial (truncation below 1e-17). Relative
 * error within a few parts in 1e16, so float32 results round exactly as from Math.exp. The
 * callers inline the polynomial in their loops: a helper returning a double would box it.
 */

/** Table steps per unit of y. */
export const EXP_STEPS = 64;
/** The most negative argument the table covers; e^-104 is already below float32's smallest value. */
export const EXP_TABLE_MIN = 104;
/** e^(-k / EXP_STEPS) for k = 0 .. EXP_STEPS * EXP_TABLE_MIN + 1. */
export const EXP_TABLE = new Float64Array(EXP_STEPS * EXP_TABLE_MIN + 2);
for (let k = 0; k < EXP_TABLE.length; k++) EXP_TABLE[k] = Math.exp(-k / EXP_STEPS);
