import type { ReceptiveStep } from '../layers/layerTypes';

/** A node's receptive field and jump per axis [rows, cols]; see ReceptiveStep for the rules. */
export interface ReceptiveField {
  field: readonly [number, number];
  jump: readonly [number, number];
  /**
   * How many times finer than the last grid of whole source pixels this map is (1 until an
   * upsampling). Neighbours on such a map are 0 or `jump * fine` input pixels apart, not `jump`.
   */
  fine?: readonly [number, number];
}

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
  const fine: [number, number] = [maxOf((f) => f.fine?.[0] ?? 1), maxOf((f) => f.fine?.[1] ?? 1)];
  /**
   * How far k taps reach on an upsampled map: at most ceil((k - 1) / fine) + 1 source pixels, each
   * jump * fine apart (nearest x2 after a stride 2 repeats pixels 2 apart: two taps can reach 3).
   */
  const reachOnFine = (k: number, axis: 0 | 1) => Math.ceil((k - 1) / fine[axis] - 1e-9) * j[axis] * fine[axis];
  switch (step.type) {
    case 'same':
      return { field: r, jump: j, ...(fine[0] > 1 || fine[1] > 1 ? { fine } : {}) };
    case 'window': {
      const reach = (axis: 0 | 1) => (fine[axis] === 1 ? (step.kernel[axis] - 1) * j[axis] : reachOnFine(step.kernel[axis], axis));
      // A stride that does not divide the fineness leaves uneven gaps: bound them by whole source steps.
      const next = (axis: 0 | 1): [number, number] => {
        const s = step.stride[axis];
        if (fine[axis] === 1) return [j[axis] * s, 1];
        if (fine[axis] % s === 0) return [j[axis] * s, fine[axis] / s];
        return [Math.ceil(s / fine[axis]) * j[axis] * fine[axis], 1];
      };
      const [rows, cols] = [next(0), next(1)];
      return {
        field: [r[0] + wholePixels(reach(0)), r[1] + wholePixels(reach(1))],
        jump: [rows[0], cols[0]],
        ...(rows[1] > 1 || cols[1] > 1 ? { fine: [rows[1], cols[1]] as const } : {}),
      };
    }
    case 'upsample': {
      const jump: [number, number] = [j[0] / step.factor[0], j[1] / step.factor[1]];
      const reach = (axis: 0 | 1) => Math.max((step.kernel[axis] - 1) * jump[axis], fine[axis] === 1 ? 0 : reachOnFine(step.kernel[axis], axis));
      return {
        field: [r[0] + wholePixels(reach(0)), r[1] + wholePixels(reach(1))],
        jump,
        fine: [fine[0] * step.factor[0], fine[1] * step.factor[1]],
      };
    }
  }
}
