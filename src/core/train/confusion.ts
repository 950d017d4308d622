/**
 * Counts of (true class, predicted class) pairs: matrix[t * classes + p]. Labels outside
 * 0..classes-1 are not counted (they cannot be placed in a row).
 */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Int32Array {
  const matrix = new Int32Array(classes * classes);
  const n = Math.min(truth.length, predicted.length);
  for (let i = 0; i < n; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (t >= 0 && t < classes && p >= 0 && p < classes) matrix[t * classes + p]++;
  }
  return matrix;
}
