import type { PlanWeights } from '../compile/types';
import { encodeFloat32 } from '../graph/tensorCodec';
import type { WeightMap } from '../graph/types';

/** The trainer's live weights as a document's weight map (every weight of every step that has some). */
export function toWeightMap(steps: readonly { nodeId: string; weights: { name: string; shape: readonly number[] }[] }[], weights: PlanWeights): WeightMap {
  const out: WeightMap = {};
  for (const step of steps) {
    if (step.weights.length === 0) continue;
    const entry: Record<string, { shape: number[]; data: string }> = {};
    for (const spec of step.weights) entry[spec.name] = { shape: [...spec.shape], data: encodeFloat32(weights[step.nodeId][spec.name]) };
    Object.defineProperty(out, step.nodeId, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
