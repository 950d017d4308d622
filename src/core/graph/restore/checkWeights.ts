import type { TensorData, WeightMap } from '../types';
import { refuse } from './errors';
import { isRecord } from './cloneJson';
import type { RestoreLimits } from './limits';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Padded base64 length of n bytes. */
function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/**
 * Checks every weight tensor against its declared shape WITHOUT decoding it: the element count
 * (refused above the limit) and the base64 length it implies (4 * ceil(4 * elements / 3)).
 * Weights of missing nodes and malformed tensors are dropped and reported; the graph still loads.
 * `renamed` maps node ids the repair renamed to their new ids.
 */
export function checkWeights(raw: unknown, nodeIds: ReadonlySet<string>, limits: RestoreLimits, report: string[], renamed: ReadonlyMap<string, string> = new Map()): WeightMap | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    report.push('Weights were not a map of node ids and were removed.');
    return undefined;
  }
  const out: WeightMap = Object.create(null);
  let orphaned = 0;
  let totalBytes = 0;
  for (const key of Object.keys(raw)) {
    const nodeId = renamed.get(key) ?? key;
    if (!nodeIds.has(nodeId)) { orphaned++; continue; }
    const tensors = raw[key];
    if (!isRecord(tensors)) { report.push(`Weights of node "${nodeId}" were not a map of tensors and were removed.`); continue; }
    const kept: Record<string, TensorData> = Object.create(null);
    for (const name of Object.keys(tensors)) {
      const tensor = tensors[name];
      // Named as in the file, so the message matches what the user can look up.
      const label = `${key}.${name}`;
      const problem = checkTensor(tensor, label, limits);
      if (problem) { report.push(`Weight ${label} removed: ${problem}.`); continue; }
      const t = tensor as TensorData;
      totalBytes += 4 * t.shape.reduce((a, b) => a * b, 1);
      if (totalBytes > limits.maxWeightBytes) {
        refuse('tensor-too-large', `The weights add up to more than ${limits.maxWeightBytes.toLocaleString('en-US')} bytes, the limit.`);
      }
      kept[name] = { shape: [...t.shape], data: t.data };
    }
    out[nodeId] = kept;
  }
  if (orphaned > 0) report.push(`Weights of ${orphaned} missing node${orphaned === 1 ? '' : 's'} removed.`);
  return out;
}

/** A reason the tensor is malformed, or null. Refuses (throws) a tensor whose declared size is over the limit. */
function checkTensor(tensor: unknown, label: string, limits: RestoreLimits): string | null {
  if (!isRecord(tensor)) return 'not a tensor';
  const { shape, data } = tensor;
  if (!Array.isArray(shape)) return 'no shape';
  if (shape.length > limits.maxTensorRank) return `rank ${shape.length} is more than ${limits.maxTensorRank}`;
  let elements = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) return `shape [${shape.map(String).join(', ')}] has a dimension that is not a positive whole number`;
    elements *= dim;
    // Checked per dimension so the product cannot overflow into something small.
    if (elements > limits.maxTensorElements) {
      refuse('tensor-too-large', `Weight ${label} declares shape [${shape.join(', ')}], more than ${limits.maxTensorElements.toLocaleString('en-US')} values (the limit).`);
    }
  }
  if (typeof data !== 'string') return 'no data';
  const expected = base64Length(4 * elements);
  if (data.length !== expected) return `shape [${shape.join(', ')}] needs ${expected} base64 characters, found ${data.length}`;
  if (!BASE64.test(data)) return 'data is not base64';
  return null;
}
