import { LAYER_KINDS, type LayerKind } from '../../core/graph/types';
import { LAYER_CATEGORIES, type LayerCategory } from '../../core/layers/layerTypes';
import { LAYERS } from '../../core/layers/registry';

/** A palette group: a heading and the kinds under it, in the order the palette lists them. */
export interface PaletteGroup { title: LayerCategory; kinds: readonly LayerKind[] }

/**
 * The palette's groups, in the order a CNN is usually built, from the layer definitions: every
 * kind is listed under its category, in the order of LAYER_KINDS, so a new kind cannot be missed.
 */
export const PALETTE_GROUPS: readonly PaletteGroup[] = LAYER_CATEGORIES.map((title) => ({
  title,
  kinds: LAYER_KINDS.filter((k) => LAYERS[k].category === title),
})).filter((g) => g.kinds.length > 0);

/** The one-line hint shown under a kind in the palette. */
export function kindHint(kind: LayerKind): string {
  return LAYERS[kind].hint;
}

/** The groups whose kinds match `filter` (case-insensitive, on the kind, its group or its hint); empty groups drop out. */
export function filterPalette(filter: string): PaletteGroup[] {
  const q = filter.trim().toLowerCase();
  if (q === '') return PALETTE_GROUPS.slice();
  return PALETTE_GROUPS.map((g) => ({
    title: g.title,
    kinds: g.title.toLowerCase().includes(q) ? g.kinds : g.kinds.filter((k) => k.toLowerCase().includes(q) || kindHint(k).toLowerCase().includes(q)),
  })).filter((g) => g.kinds.length > 0);
}
