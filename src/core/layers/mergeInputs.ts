import type { Shape } from '../graph/types';
import type { LayerContext } from './layerTypes';

/** `x [56, 56, 64], bn2 [28, 28, 64]`: merge inputs with their shapes, for mismatch messages. */
export function formatMergeInputs(shapes: readonly Shape[], ctx: LayerContext): string {
  return shapes.map((s, i) => `${ctx.inputLabels?.[i] ?? `input ${i + 1}`} [${s.join(', ')}]`).join(', ');
}

