import type { ExecutionPlan } from '../../compile/types';

/** Kinds a channel-major vector passes through keeping its meaning (per-feature or whole-vector ops). */
const PASS_THROUGH = new Set(['Activation', 'Dropout', 'BatchNorm']);

/**
 * Which Flattens of an [h, w, c] map can keep PyTorch's channel-major order: those whose vector
 * reaches only Linear layers (through activations, dropout and batch norm, whose weights are
 * reordered at export) and no output of the model. Returns, per node whose output vector is in
 * that order, the [h, w, c] it was flattened from. `inputIds` gives each node's inputs in order.
 */
export function findChannelMajorVectors(plan: ExecutionPlan, inputIds: ReadonlyMap<string, readonly string[]>): Map<string, readonly [number, number, number]> {
  const readers = new Map<string, string[]>();
  for (const s of plan.steps) for (const src of inputIds.get(s.nodeId) ?? []) readers.set(src, [...(readers.get(src) ?? []), s.nodeId]);
  const kindOf = new Map(plan.steps.map((s) => [s.nodeId, s.kind]));
  const outputs = new Set(plan.outputs.map((o) => o.nodeId));
  const result = new Map<string, readonly [number, number, number]>();
  for (const s of plan.steps) {
    if (s.kind !== 'Flatten' || s.inputShapes[0].length !== 3) continue;
    const [h, w, c] = s.inputShapes[0];
    if (c === 1 || h * w === 1) continue; // both orders are the same
    const reached: string[] = [];
    const queue = [s.nodeId];
    let absorbed = true;
    while (queue.length > 0 && absorbed) {
      const id = queue.pop()!;
      reached.push(id);
      if (outputs.has(id)) absorbed = false;
      for (const r of readers.get(id) ?? []) {
        const kind = kindOf.get(r);
        if (kind === 'Dense') continue;
        if (kind !== undefined && PASS_THROUGH.has(kind)) queue.push(r);
        else absorbed = false;
      }
    }
    if (absorbed) for (const id of reached) result.set(id, [h, w, c]);
  }
  return result;
}
