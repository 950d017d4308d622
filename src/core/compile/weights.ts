import type { Shape, TensorData, WeightMap } from '../graph/types';
import { countBase64Bytes, decodeFloat32 } from '../graph/tensorCodec';
import { initialiseWeight } from './initialiseWeight';
import type { PlanStep, PlanWeights } from './types';

export { glorotLimit, initialiseWeight } from './initialiseWeight';

export type ResolveWeightsResult =
  | { ok: true; weights: PlanWeights }
  | { ok: false; nodeId: string; message: string };

/**
 * The weights of every step: taken from the document's `weights` when it has them (checked
 * against the step's WeightSpec: shape, 4 bytes per value, finite values), otherwise initialised
 * from `seed`. A weight name the layer does not have is an error, so a stale tensor (say a bias
 * after useBias was switched off) is reported rather than silently dropped.
 */
export function resolveWeights(steps: readonly PlanStep[], docWeights: WeightMap | undefined, seed: number): ResolveWeightsResult {
  const weights: PlanWeights = {};
  for (const step of steps) {
    if (step.weights.length === 0 && !docWeights?.[step.nodeId]) continue;
    const given = docWeights?.[step.nodeId] ?? {};
    const known = new Set(step.weights.map((w) => w.name));
    for (const name of Object.keys(given)) {
      if (!known.has(name)) {
        const expected = step.weights.length ? `has ${step.weights.map((w) => w.name).join(', ')}` : 'has no weights';
        return { ok: false, nodeId: step.nodeId, message: `${step.name}.${name}: unexpected weight (${step.kind} ${step.name} ${expected})` };
      }
    }
    const values: Record<string, Float32Array> = {};
    for (const spec of step.weights) {
      const tensor = given[spec.name];
      if (!tensor) {
        values[spec.name] = initialiseWeight(step.nodeId, spec, seed);
        continue;
      }
      const decoded = decodeWeight(`${step.name}.${spec.name}`, tensor, spec.shape);
      if (!decoded.ok) return { ok: false, nodeId: step.nodeId, message: decoded.message };
      values[spec.name] = decoded.data;
    }
    weights[step.nodeId] = values;
  }
  return { ok: true, weights };
}

type DecodeResult = { ok: true; data: Float32Array } | { ok: false; message: string };

function decodeWeight(label: string, tensor: TensorData, expected: Shape): DecodeResult {
  const shape = Array.isArray(tensor.shape) ? tensor.shape : null;
  if (!shape || !sameShape(shape, expected)) {
    return { ok: false, message: `${label}: shape ${formatShape(expected)} expected, got ${shape ? formatShape(shape) : JSON.stringify(tensor.shape)}` };
  }
  const count = sizeOf(expected);
  const bytes = typeof tensor.data === 'string' ? countBase64Bytes(tensor.data) : -1;
  if (bytes >= 0 && bytes !== 4 * count) {
    return { ok: false, message: `${label}: ${4 * count} bytes expected (4*${count} values of ${formatShape(expected)}), got ${bytes}` };
  }
  const data = bytes >= 0 ? decodeFloat32(tensor.data) : null;
  if (!data) return { ok: false, message: `${label}: data is not valid base64` };
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) return { ok: false, message: `${label}: non-finite value at index ${i} (${data[i]})` };
  }
  return { ok: true, data };
}

function sameShape(a: readonly unknown[], b: Shape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function formatShape(shape: readonly unknown[]): string {
  return `[${shape.join(',')}]`;
}

function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
