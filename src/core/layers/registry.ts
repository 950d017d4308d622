import { LAYER_KINDS, type LayerKind } from '../graph/types';
import type { LayerDefinition } from './layerTypes';
import { LAYERS } from './layers.generated';

/**
 * Every known layer kind and its definition: `LAYERS` is written by scripts/kindTables.ts from
 * each file's `export const x: LayerDefinition<'Kind'>`, so a new kind needs no line here.
 */
export { LAYERS };

const KIND_SET: ReadonlySet<string> = new Set(LAYER_KINDS);

/** True for the kinds in LAYER_KINDS; anything else is an "unknown kind" kept as a placeholder. */
export function isLayerKind(kind: string): kind is LayerKind {
  return KIND_SET.has(kind);
}

/** The definition of a kind, or undefined for an unknown kind. */
export function getLayer(kind: string): LayerDefinition<LayerKind> | undefined {
  return isLayerKind(kind) ? (LAYERS[kind] as LayerDefinition<LayerKind>) : undefined;
}
