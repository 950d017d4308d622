import { getLayer } from '../../core/layers/registry';
import type { FieldControl, FieldSpec } from '../../core/layers/layerTypes';

export type { FieldControl, FieldSpec };

/** The inspector rows of a kind, in reading order, from its layer definition (none for an unknown kind). */
export function listFieldSpecs(kind: string): readonly FieldSpec[] {
  return getLayer(kind)?.fields ?? [];
}
