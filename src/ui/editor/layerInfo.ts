import { getLayer } from '../../core/layers/registry';
import type { Arity, LayerCategory } from '../../core/layers/layerTypes';

export type { LayerCategory };

/**
 * The editor's view of the core layer registry: small, total functions that also answer for
 * unknown kinds (kept in a document as placeholders), so UI code never branches on `undefined`.
 */

const UNKNOWN_ARITY: Arity = { min: 0, max: Infinity };

/** How many inputs the kind takes; an unknown kind accepts any, since we cannot tell. */
export function arityOf(kind: string): Arity {
  return getLayer(kind)?.arity ?? UNKNOWN_ARITY;
}

/** Palette group of the kind, or null for an unknown kind. */
export function categoryOf(kind: string): LayerCategory | null {
  return getLayer(kind)?.category ?? null;
}

/** Fresh default params of the kind (empty for an unknown kind). */
export function defaultParamsOf(kind: string): Record<string, unknown> {
  return { ...(getLayer(kind)?.defaultParams() ?? {}) };
}

/**
 * What the registry says about `field` if `value` were committed: the first error message for
 * that field, or null when it is acceptable. The inspector commits only acceptable values.
 */
export function checkFieldValue(kind: string, raw: Record<string, unknown>, field: string, value: unknown): string | null {
  const def = getLayer(kind);
  if (!def) return null;
  const checked = def.validateParams({ ...raw, [field]: value });
  if (checked.ok) return null;
  return checked.errors.find((e) => e.field === field)?.message ?? null;
}
