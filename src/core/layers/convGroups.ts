import type { Conv2DParams } from '../graph/types';
import type { Diagnostic, Fix } from '../shape/types';
import type { LayerContext } from './layerTypes';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function showRatio(a: number, b: number): string {
  const q = a / b;
  return `${a}/${b} = ${Number.isInteger(q) ? q : Math.round(q * 100) / 100}`;
}

/**
 * 'groups-mismatch' when Conv2D's `groups` does not divide both the input channels and the
 * filters (Keras and PyTorch refuse it), with both divisions in the message. Fixes: the largest
 * groups below the current one that divides both, and, when the channels divide, filters rounded
 * up to a multiple of groups. Null when groups fits.
 */
export function checkGroups(inC: number, p: Conv2DParams, ctx: LayerContext): Diagnostic | null {
  const g = p.groups;
  if (inC % g === 0 && p.filters % g === 0) return null;
  const common = gcd(inC, p.filters);
  let fit = Math.min(g, common);
  while (common % fit !== 0) fit--;
  const fixes: Fix[] = [{ label: `groups ${fit}`, patch: { type: 'setParams', nodeId: ctx.nodeId, params: { groups: fit } } }];
  if (inC % g === 0) {
    const filters = Math.ceil(p.filters / g) * g;
    fixes.push({ label: `filters ${filters}`, patch: { type: 'setParams', nodeId: ctx.nodeId, params: { filters } } });
  }
  return {
    nodeId: ctx.nodeId,
    severity: 'error',
    code: 'groups-mismatch',
    message: `${ctx.label}: groups ${g} must divide the input channels and the filters: input channels ${showRatio(inC, g)}, filters ${showRatio(p.filters, g)}`,
    field: 'groups',
    fixes,
  };
}
