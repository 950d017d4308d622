import type { LayerKind, ParamsByKind } from '../../core/graph/types';
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

/** The checked params of a node, or null when the kind is unknown or any param is bad. */
export function readParams<K extends LayerKind>(kind: K, raw: Record<string, unknown>): ParamsByKind[K] | null;
export function readParams(kind: string, raw: Record<string, unknown>): Record<string, unknown> | null;
export function readParams(kind: string, raw: Record<string, unknown>): unknown {
  const def = getLayer(kind);
  if (!def) return null;
  const checked = def.validateParams(raw);
  return checked.ok ? checked.params : null;
}

/** The compact param line of a node card, or a note that a param is bad. */
export function describeLayer(kind: string, raw: Record<string, unknown>): string {
  const def = getLayer(kind);
  if (!def) return '';
  const checked = def.validateParams(raw);
  if (!checked.ok) return `invalid ${checked.errors.map((e) => e.field).join(', ')}`;
  return def.describeParams(checked.params);
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
