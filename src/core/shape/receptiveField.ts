import type { ReceptiveStep } from '../layers/layerTypes';

/** A node's receptive field and jump per axis [rows, cols]; see ReceptiveStep for the rules. */
export interface ReceptiveField { field: readonly [number, number]; jump: readonly [number, number] }

/** An Input's own pixels: r = 1, j = 1. */
export const INPUT_FIELD: ReceptiveField = { field: [1, 1], jump: [1, 1] };

/**
 * After upsampling the jump is a fraction of an input pixel: k neighbours j apart reach at most
 * (k - 1) * j input pixels further, rounded up to whole pixels (nearest x2 then a 2-wide window
 * covers two input pixels at odd positions, one at even ones). From there on the field is an
 * upper bound: a window's phase decides how many pixels it really reaches.
 */
function wholePixels(extent: number): number {
  return Math.ceil(extent - 1e-9);
}

/**
 * The receptive field after one layer, from its inputs' fields (merges take the maximum of each over
 * their inputs, as Araujo et al. do for multi-path networks). Null when the output is a vector or
 * an input's field is unknown.
 */
export function stepReceptiveField(step: ReceptiveStep, inputs: readonly (ReceptiveField | null)[]): ReceptiveField | null {
  if (step.type === 'gate') {
    const spatial = inputs.filter((f): f is ReceptiveField => f !== null);
    return spatial.length === 0 ? null : stepReceptiveField({ type: 'same' }, spatial);
  }
  if (step.type === 'vector' || inputs.length === 0 || inputs.some((f) => f === null)) return null;
  const known = inputs as readonly ReceptiveField[];
  const maxOf = (pick: (f: ReceptiveField) => number) => Math.max(...known.map(pick));
  const r: [number, number] = [maxOf((f) => f.field[0]), maxOf((f) => f.field[1])];
  const j: [number, number] = [maxOf((f) => f.jump[0]), maxOf((f) => f.jump[1])];
  switch (step.type) {
    case 'same':
      return { field: r, jump: j };
    case 'window':
      return {
        field: [r[0] + wholePixels((step.kernel[0] - 1) * j[0]), r[1] + wholePixels((step.kernel[1] - 1) * j[1])],
        jump: [j[0] * step.stride[0], j[1] * step.stride[1]],
      };
    case 'upsample': {
      const jump: [number, number] = [j[0] / step.factor[0], j[1] / step.factor[1]];
      return { field: [r[0] + wholePixels((step.kernel[0] - 1) * jump[0]), r[1] + wholePixels((step.kernel[1] - 1) * jump[1])], jump };
    }
  }
}
