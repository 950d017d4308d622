import { getLayer } from '../layers/registry';
import { countElements } from './convArithmetic';
import type { Diagnostic, NodeInference } from './types';

/** A run needing more than this (weights, their packed copies, activations; batch 1) is refused. */
export const RUN_MEMORY_LIMIT_BYTES = 3_000_000_000;
/** Above this a run is warned about: half the limit, where a tab starts to strain a laptop. */
export const RUN_MEMORY_WARNING_BYTES = 1_500_000_000;

/** Kinds whose kernel the runtime packs once more into GEMM panels (a second copy of the weights). */
const PACKED_KINDS = new Set(['Conv2D', 'Dense', 'Conv2DTranspose', 'SeparableConv2D']);
const BYTES_PER_FLOAT = 4;

/** What a run of the graph holds at once, in bytes, batch 1. */
export interface RunMemoryEstimate {
  weightsBytes: number;
  /** The GEMM-packed copies of Conv2D / Dense kernels the executor prepares. */
  packedBytes: number;
  /** The most activation bytes alive at once: the least any arena can be. */
  activationBytes: number;
  totalBytes: number;
  /** The node holding the most weights (or, without weights, the largest output). */
  heaviest: { nodeId: string; label: string; weightsBytes: number; params: number } | null;
}

/**
 * Estimates a run's memory from the inference alone, before anything is allocated: weights
 * (4 bytes per param), the packed copies, and activations alive at once (each non-aliasing node's
 * output lives from its step to its last reader's; outputs of the graph to the end).
 */
export function estimateRunMemory(order: readonly string[], nodes: ReadonlyMap<string, NodeInference>): RunMemoryEstimate {
  let weights = 0;
  let packed = 0;
  let heaviest: RunMemoryEstimate['heaviest'] = null;
  const position = new Map(order.map((id, i) => [id, i]));
  // Each node's buffer: itself, or (Flatten, Dropout) the buffer it aliases.
  const bufferOf = new Map<string, string>();
  const lastUse = new Map<string, number>();
  for (const [i, id] of order.entries()) {
    const n = nodes.get(id)!;
    const params = n.trainableParams + n.nonTrainableParams;
    weights += params * BYTES_PER_FLOAT;
    if (PACKED_KINDS.has(n.kind)) packed += params * BYTES_PER_FLOAT;
    if (params > 0 && (!heaviest || params * BYTES_PER_FLOAT > heaviest.weightsBytes)) {
      heaviest = { nodeId: id, label: n.name || id, weightsBytes: params * BYTES_PER_FLOAT, params };
    }
    const aliases = getLayer(n.kind)?.aliasesInput && n.inputIds.length > 0;
    bufferOf.set(id, aliases ? bufferOf.get(n.inputIds[0]) ?? id : id);
    lastUse.set(bufferOf.get(id)!, Math.max(lastUse.get(bufferOf.get(id)!) ?? i, i));
    for (const src of n.inputIds) {
      const b = bufferOf.get(src);
      if (b !== undefined) lastUse.set(b, Math.max(lastUse.get(b) ?? i, i));
    }
  }
  const readers = new Set<string>();
  for (const id of order) for (const src of nodes.get(id)!.inputIds) readers.add(src);
  for (const id of order) if (!readers.has(id)) lastUse.set(bufferOf.get(id)!, order.length - 1);
  // Live bytes per step by a difference array: +size at the first step, -size after the last use.
  const delta = new Float64Array(order.length + 1);
  for (const [buffer, last] of lastUse) {
    const shape = nodes.get(buffer)?.outputShape;
    if (!shape) continue;
    const bytes = countElements(shape) * BYTES_PER_FLOAT;
    delta[position.get(buffer)!] += bytes;
    delta[last + 1] -= bytes;
  }
  let live = 0;
  let activations = 0;
  for (let i = 0; i < order.length; i++) {
    live += delta[i];
    activations = Math.max(activations, live);
  }
  return { weightsBytes: weights, packedBytes: packed, activationBytes: activations, totalBytes: weights + packed + activations, heaviest };
}

const mb = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

/**
 * A warning above RUN_MEMORY_WARNING_BYTES and an error above RUN_MEMORY_LIMIT_BYTES, on the node
 * holding the most weights, with the numbers; nothing below. `estimate` from `estimateRunMemory`.
 */
export function checkRunMemory(estimate: RunMemoryEstimate, fallbackNodeId: string): Diagnostic[] {
  const { totalBytes, weightsBytes, packedBytes, activationBytes, heaviest } = estimate;
  if (totalBytes <= RUN_MEMORY_WARNING_BYTES) return [];
  const refused = totalBytes > RUN_MEMORY_LIMIT_BYTES;
  const parts = `weights ${mb(weightsBytes)}, packed weights ${mb(packedBytes)}, activations ${mb(activationBytes)}`;
  const where = heaviest
    ? `The weights of ${heaviest.label} alone are ${mb(heaviest.weightsBytes)} (${heaviest.params.toLocaleString('en-US')} params * 4 bytes). `
    : '';
  const head = heaviest ? `${heaviest.label}: ` : '';
  const message = refused
    ? `${head}a run needs about ${mb(totalBytes)} (${parts}), more than the ${mb(RUN_MEMORY_LIMIT_BYTES)} a run may use, so it is refused. ${where}Fewer units or filters, more pooling or stride before it shrink it.`
    : `${head}a run needs about ${mb(totalBytes)} (${parts}); above ${mb(RUN_MEMORY_WARNING_BYTES)} the browser tab may slow down or run out of memory (runs are refused above ${mb(RUN_MEMORY_LIMIT_BYTES)}). ${where}`.trimEnd();
  return [{
    nodeId: heaviest?.nodeId ?? fallbackNodeId,
    severity: refused ? 'error' : 'warning',
    code: refused ? 'run-memory-too-large' : 'run-memory-high',
    message,
    fixes: [],
  }];
}
