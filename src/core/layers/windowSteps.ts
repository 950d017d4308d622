import { formatAxisArithmetic, formatEffectiveKernel, selectAxis } from '../shape/convArithmetic';
import type { ConvGeometry } from '../shape/types';
import type { OutputArithmetic, ReceptiveStep } from './layerTypes';

/** What window layers (Conv2D, pooling) share for the inspector and the receptive field. */

/** The per-axis output-size arithmetic of a window geometry, `(32 + 2*0 - 5)/1 + 1 = 28`. */
export function explainWindowArithmetic(g: ConvGeometry): OutputArithmetic {
  const axes = ([['rows', 0], ['cols', 1]] as const).map(([name, index]) => {
    const axis = selectAxis(g, index);
    // With dilation the k in the sum is the dilated window, not the kernel size in the field above.
    const dilated = formatEffectiveKernel(axis);
    return { name, text: formatAxisArithmetic(axis), isError: axis.out <= 0, ...(dilated ? { note: `k = d(k − 1) + 1 = ${dilated}` } : {}) };
  });
  return { formula: g.ceilMode ? 'h′ = ⌈(h + pads − k)/s⌉ + 1' : 'h′ = (h + pads − k)/s + 1', axes };
}

/** The receptive-field step of a window: the dilated kernel and the stride. */
export function windowReceptiveStep(g: ConvGeometry | undefined): ReceptiveStep {
  if (!g) return { type: 'same' };
  return { type: 'window', kernel: [g.effKH, g.effKW], stride: [g.strideH, g.strideW] };
}
