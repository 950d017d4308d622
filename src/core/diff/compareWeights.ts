import type { TensorData, WeightMap } from '../graph/types';
import type { WeightChange, WeightInfo } from './types';

function infoOf(t: TensorData): WeightInfo {
  return { shape: t.shape, count: t.shape.reduce((p, d) => p * d, 1) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function tensorsOf(weights: WeightMap | undefined, nodeId: string): Map<string, TensorData> {
  const own = weights && Object.prototype.hasOwnProperty.call(weights, nodeId) ? weights[nodeId] : undefined;
  return new Map(own ? Object.entries(own) : []);
}

/**
 * The stored weight tensors that differ between two nodes taken to be the same layer, by name
 * (kernel, bias, ...). Values are compared as their stored bytes (the base64 text), so a change is
 * flagged without decoding or copying any tensor.
 */
export function compareWeights(before: WeightMap | undefined, beforeId: string, after: WeightMap | undefined, afterId: string): WeightChange[] {
  const a = tensorsOf(before, beforeId);
  const b = tensorsOf(after, afterId);
  const changes: WeightChange[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ta = a.get(name);
    const tb = b.get(name);
    if (ta && tb) {
      if (!sameShape(ta.shape, tb.shape)) changes.push({ name, change: 'shape', before: infoOf(ta), after: infoOf(tb) });
      else if (ta.data !== tb.data) changes.push({ name, change: 'values', before: infoOf(ta), after: infoOf(tb) });
    } else if (ta) changes.push({ name, change: 'removed', before: infoOf(ta), after: null });
    else if (tb) changes.push({ name, change: 'added', before: null, after: infoOf(tb) });
  }
  return changes;
}
