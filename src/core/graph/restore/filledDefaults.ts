import { getLayer } from '../../layers/registry';
import type { GraphNode } from '../types';

const MAX_LISTED = 5;

/**
 * One report line naming the params that nodes leave out and take their defaults for (a document
 * written by hand may omit anything that has a default), e.g.
 * `Defaults used for params left out: c1 strides 1, padding "valid"; pool poolSize 2.`
 * Null when every node spells its params out. Unknown kinds have no defaults to report.
 */
export function describeFilledDefaults(nodes: readonly GraphNode[]): string | null {
  const entries: string[] = [];
  let nodesWithDefaults = 0;
  for (const node of nodes) {
    const layer = getLayer(node.kind);
    if (!layer) continue;
    const defaults = layer.defaultParams() as Record<string, unknown>;
    const missing = Object.keys(defaults).filter((field) => !Object.prototype.hasOwnProperty.call(node.params, field));
    if (missing.length === 0) continue;
    nodesWithDefaults++;
    if (entries.length < MAX_LISTED) entries.push(`${node.name} ${missing.map((f) => `${f} ${JSON.stringify(defaults[f])}`).join(', ')}`);
  }
  if (nodesWithDefaults === 0) return null;
  const more = nodesWithDefaults > MAX_LISTED ? `; and ${nodesWithDefaults - MAX_LISTED} more node${nodesWithDefaults - MAX_LISTED === 1 ? '' : 's'}` : '';
  return `Defaults used for params left out: ${entries.join('; ')}${more}.`;
}
