import type { GraphDocument, TrainingSettings, WeightMap } from '../../core/graph/types';

/**
 * `current` with the weights training produced from `started` (the document as it was when
 * training began) and the settings it used. The canvas stays editable during training, so a node
 * that was deleted, or whose kind or params changed since (its weights may no longer fit), keeps
 * what it has; its name is listed in `skipped`.
 */
export function withTrainedWeights(current: GraphDocument, started: GraphDocument, trained: WeightMap, training: TrainingSettings): { doc: GraphDocument; skipped: string[] } {
  const before = new Map(started.nodes.map((n) => [n.id, n]));
  const now = new Map(current.nodes.map((n) => [n.id, n]));
  const weights: WeightMap = {};
  const define = (id: string, value: WeightMap[string]) => Object.defineProperty(weights, id, { value, enumerable: true, writable: true, configurable: true });
  for (const id of Object.keys(current.weights ?? {})) define(id, current.weights![id]);
  const skipped: string[] = [];
  for (const id of Object.keys(trained)) {
    const was = before.get(id);
    const is = now.get(id);
    if (!was || !is || was.kind !== is.kind || JSON.stringify(was.params) !== JSON.stringify(is.params)) {
      skipped.push(is?.name ?? was?.name ?? id);
      continue;
    }
    define(id, trained[id]);
  }
  return { doc: { ...current, weights, training }, skipped };
}
