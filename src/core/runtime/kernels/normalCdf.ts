/** 2 / sqrt(pi). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.7724538509055159;
const SQRT_HALF = Math.SQRT1_2;
/** 1 / (2n + 1) for the series, so its loop only multiplies. */
const ODD_RECIPROCALS = Float64Array.from({ length: 64 }, (_, n) => 1 / (2 * n + 1));
/** Below it the series, from it the continued fraction: both then err by under 1e-11 relative. */
const SERIES_LIMIT = 2.5;
const FRACTION_TERMS = 24;

/**
 * erfc(z) for z >= 0 in double precision, relative error under 1e-11 (far below float32's 6e-8).
 * - z < 2.5: erf(z) = 2/sqrt(pi) e^(-z^2) sum_n 2^n z^(2n+1) / (1*3*...*(2n+1)), a series of
 *   positive terms (no cancellation; at most 45 of them), and erfc = 1 - erf;
 * - z >= 2.5: Laplace's continued fraction erfc(z) = e^(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z +
 *   (3/2)/(z + ...)))), evaluated from its 24th term back, which keeps the tail's relative accuracy.
 */
export function erfcNonNegative(z: number): number {
  if (z < SERIES_LIMIT) {
    const twoZ2 = 2 * z * z;
    let term = z;
    let sum = z;
    for (let n = 1; term > 1e-17 * sum; n++) {
      term *= twoZ2 * ODD_RECIPROCALS[n];
      sum += term;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
  }
  let t = z;
  for (let n = FRACTION_TERMS; n >= 1; n--) t = z + (0.5 * n) / t;
  return Math.exp(-z * z) / (SQRT_PI * t);
}

/**
 * Phi(x) = (1 + erf(x / sqrt 2)) / 2, the standard normal CDF, through erfc of |x| / sqrt 2 so the
 * left tail keeps its relative accuracy (exact GELU is x Phi(x)). NaN stays NaN.
 */
export function normalCdf(x: number): number {
  const z = (x < 0 ? -x : x) * SQRT_HALF;
  if (z > 27) return x < 0 ? 0 : 1; // erfc(27) < 1e-317: 0 in double
  const tail = 0.5 * erfcNonNegative(z);
  return x < 0 ? tail : 1 - tail;
}
