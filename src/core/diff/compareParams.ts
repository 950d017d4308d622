import type { GraphNode } from '../graph/types';
import { getLayer } from '../layers/registry';
import type { FieldControl } from '../layers/layerTypes';
import type { ParamChange } from './types';

/** The params a layer runs with: its kind's defaults, then what the node spells out. */
export function fillParams(node: GraphNode): Record<string, unknown> {
  const layer = getLayer(node.kind);
  return layer ? { ...(layer.defaultParams() as Record<string, unknown>), ...node.params } : { ...node.params };
}

/**
 * One spelling per meaning, so `kernelSize: 3` and `[3, 3]` compare equal: a pair n is [n, n], a
 * symmetric padding p or margins n is [[p, p], [p, p]] ("valid" is padding 0), margins [rows, cols]
 * is per side. "same" depends on the input and stays as it is.
 */
function normalise(control: FieldControl | undefined, value: unknown): unknown {
  const isNumber = typeof value === 'number';
  if (control === 'pair' && isNumber) return [value, value];
  if (control === 'padding' && value === 'valid') return [[0, 0], [0, 0]];
  if ((control === 'padding' || control === 'margins') && isNumber) return [[value, value], [value, value]];
  if (control === 'margins' && Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
    return [[value[0], value[0]], [value[1], value[1]]];
  }
  return value;
}

/** JSON with object keys sorted: equal values give equal text whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The params that differ between two nodes taken to be the same layer, compared after filling
 * defaults (so `{}` and an explicit default are the same), in the inspector's field order and then
 * any other field alphabetically. Values are the filled ones as written, not the normalised ones.
 */
export function compareParams(before: GraphNode, after: GraphNode): ParamChange[] {
  const a = fillParams(before);
  const b = fillParams(after);
  const fields = getLayer(after.kind)?.fields ?? getLayer(before.kind)?.fields ?? [];
  const controls = new Map(fields.map((f) => [f.field, f.control]));
  const order = [...fields.map((f) => f.field), ...[...new Set([...Object.keys(a), ...Object.keys(b)])].sort()];
  const changes: ParamChange[] = [];
  for (const field of new Set(order)) {
    const inA = Object.prototype.hasOwnProperty.call(a, field);
    const inB = Object.prototype.hasOwnProperty.call(b, field);
    if (!inA && !inB) continue;
    const control = controls.get(field);
    if (inA && inB && canonicalJson(normalise(control, a[field])) === canonicalJson(normalise(control, b[field]))) continue;
    changes.push({ field, ...(inA ? { before: a[field] } : {}), ...(inB ? { after: b[field] } : {}) });
  }
  return changes;
}
