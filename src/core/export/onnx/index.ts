/** The ONNX export target (`--to onnx`): one `.onnx` file, see ./exportOnnx.ts. */
import type { GraphDocument } from '../../graph/types';
import { describeWeightSource, prepareExport } from '../prepareExport';
import type { ExportOptions, ExportResult, ExportTarget } from '../targets';
import { ONNX_TARGET_INFO } from '../targetInfo';
import { exportPlanToOnnx } from './exportOnnx';

/**
 * The ONNX model of a graph. An ONNX model carries its weights inside, so `--no-weights` writes
 * the seeded initial weights of every layer (said in the notes) rather than a model that cannot run.
 */
export function exportOnnxTarget(doc: GraphDocument, options: ExportOptions): ExportResult {
  const { weights: _ignored, ...withoutWeights } = doc;
  const prepared = prepareExport(options.weights === 'none' ? withoutWeights : doc, options);
  if (!prepared.ok) return prepared;
  const { plan, weights, source } = prepared.prepared;
  const exported = exportPlanToOnnx(doc, plan, weights, { layout: options.layout ?? 'nchw' });
  if (!exported.ok) {
    if (exported.code === 'not-expressible' && exported.nodes) {
      const nodes = exported.nodes.map((n) => ({ nodeId: n.nodeId, name: plan.steps.find((s) => s.nodeId === n.nodeId)?.name ?? n.nodeId, kind: n.kind, instead: n.reason }));
      return { ok: false, code: 'unsupported', message: exported.message, nodes };
    }
    return { ok: false, code: 'graph-errors', message: exported.message, diagnostics: [] };
  }
  const weightsNote = source.kind === 'none'
    ? `an ONNX model holds its weights, so --no-weights writes the app's seeded initial weights (seed ${options.seed}), untrained`
    : describeWeightSource(source);
  const layout = options.layout === 'nhwc' ? 'NHWC [N, H, W, C]' : 'NCHW [N, C, H, W]';
  const inputs = exported.inputs.map((i) => `'${i.name}' [${i.dims.map((d) => (d < 0 ? 'N' : d)).join(', ')}]`).join(', ');
  return { ok: true, output: { kind: 'file', bytes: exported.bytes }, notes: [`input ${inputs} (${layout}, N is the batch)`, weightsNote] };
}

export const onnxTarget: ExportTarget = { ...ONNX_TARGET_INFO, exportGraph: exportOnnxTarget };
