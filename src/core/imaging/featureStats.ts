/** Summary numbers of a feature map or one of its channels. */
export interface FeatureStats {
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  /** Fraction of values exactly 0 (dead ReLU units show up here). */
  zeroFraction: number;
  count: number;
}

/**
 * Statistics over every `stride`-th value starting at `offset`: channel c of an [h, w, C] map is
 * offset c, stride C; the whole tensor is offset 0, stride 1. Two passes for a stable std.
 */
export function computeStats(data: ArrayLike<number>, offset = 0, stride = 1): FeatureStats {
  let min = Infinity, max = -Infinity, sum = 0, zeros = 0, count = 0;
  for (let i = offset; i < data.length; i += stride) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
    sum += v;
    count++;
  }
  if (count === 0) return { min: 0, max: 0, mean: 0, std: 0, zeroFraction: 0, count: 0 };
  const mean = sum / count;
  let sq = 0;
  for (let i = offset; i < data.length; i += stride) sq += (data[i] - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(sq / count), zeroFraction: zeros / count, count };
}

/** Statistics of each channel of an [h, w, c] map (c = last axis); a vector is one channel. */
export function computeChannelStats(data: ArrayLike<number>, channels: number): FeatureStats[] {
  return Array.from({ length: channels }, (_, c) => computeStats(data, c, channels));
}

/** One ranked class of a classifier's output. */
export interface RankedClass { index: number; probability: number }

/**
 * The `k` most probable classes. If the values already are a distribution (all in 0..1, sum 1
 * within 1e-3, as after softmax) they are used as is; otherwise they are logits and softmax is
 * applied first (max-subtracted, so large logits do not overflow).
 */
export function rankClasses(values: ArrayLike<number>, k = 5): { classes: RankedClass[]; appliedSoftmax: boolean } {
  const n = values.length;
  let sum = 0;
  let isDistribution = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) isDistribution = false;
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-3) isDistribution = false;
  let probs: number[];
  if (isDistribution) {
    probs = Array.from(values);
  } else {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, values[i]);
    const exps = Array.from(values, (v) => Math.exp(v - max));
    const total = exps.reduce((a, b) => a + b, 0);
    probs = exps.map((e) => e / total);
  }
  const classes = probs
    .map((probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
  return { classes, appliedSoftmax: !isDistribution };
}
