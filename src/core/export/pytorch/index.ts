import type { GraphDocument } from '../../graph/types';
import { serializeGraphDocument } from '../../graph/serializeGraph';
import { inferShapes } from '../../shape/inferShapes';
import { encodeNpz } from '../npz';
import { describeWeightSource, prepareExport, referenceBatch, runReference } from '../prepareExport';
import { encodeSafetensors, float32Bytes } from '../safetensors';
import type { ExportFile, ExportOptions, ExportResult, ExportTarget } from '../targets';
import { PYTORCH_TARGET_INFO } from '../targetInfo';
import { nchwShape, nhwcToNchw } from '../tensorLayout';
import { writeModelPy } from './modelPy';
import { writeReadme } from './readme';
import { describeTrainSettings, trainSettingsOf, writeTrainPy } from './trainPy';
import { writeVerifyPy } from './verifyPy';

const text = (s: string) => new TextEncoder().encode(s);

/**
 * The PyTorch bundle of a graph: model.py, weights.safetensors, reference.npz + verify.py,
 * train.py, graph.cnn.json and README.md (see docs/export.md).
 */
export function exportPytorch(doc: GraphDocument, options: ExportOptions): ExportResult {
  const prepared = prepareExport(doc, options);
  if (!prepared.ok) return prepared;
  const { plan, weights, source } = prepared.prepared;
  const inference = inferShapes(doc);
  const inputIds = new Map(plan.steps.map((s) => [s.nodeId, inference.nodes.get(s.nodeId)?.inputIds ?? []]));
  const hasWeights = source.kind !== 'none';
  const weightsNote = describeWeightSource(source);
  const written = writeModelPy(plan, weights, inputIds, { title: doc.name, weightsNote, hasWeights });
  if (!written.ok) {
    const list = written.nodes.map((n) => `${n.name} (${n.kind}): ${n.instead}`).join('; ');
    return { ok: false, code: 'unsupported', message: `PyTorch cannot express ${written.nodes.length} node(s): ${list}`, nodes: written.nodes };
  }
  const { model } = written;
  const files: ExportFile[] = [{ path: 'model.py', bytes: text(model.source) }];
  if (hasWeights) {
    files.push({
      path: 'weights.safetensors',
      bytes: encodeSafetensors(model.state.map((t) => {
        const values = t.values();
        return { name: t.key, dtype: t.dtype, shape: t.shape, bytes: values instanceof Float32Array ? float32Bytes(values) : new Uint8Array(values.buffer.slice(0)) };
      })),
    });
    const batch = referenceBatch(plan);
    const reference = runReference(prepared.prepared, batch);
    files.push({
      path: 'reference.npz',
      bytes: encodeNpz([
        ...plan.inputs.map((t, k) => ({ key: `x_${model.inputNames[k]}`, shape: nchwShape(batch, t.shape), data: nhwcToNchw(reference.inputs[t.nodeId], batch, t.shape) })),
        ...plan.outputs.map((t, k) => ({ key: `y_${model.outputNames[k]}`, shape: nchwShape(batch, t.shape), data: nhwcToNchw(reference.outputs[t.nodeId], batch, t.shape) })),
      ]),
    });
    files.push({ path: 'verify.py', bytes: text(writeVerifyPy(model.inputNames, model.outputNames)) });
  }
  const last = plan.steps.find((s) => s.nodeId === plan.outputs[0]?.nodeId);
  const outputsProbabilities = last !== undefined && ((last.kind === 'Activation' && last.params.fn === 'softmax') || ((last.kind === 'Dense' || last.kind === 'Conv2D') && last.params.activation === 'softmax'));
  const outShape = plan.outputs[0]?.shape ?? [1];
  files.push({
    path: 'train.py',
    bytes: text(writeTrainPy({ inputShape: plan.inputs[0].shape, inputCount: plan.inputs.length, outputCount: plan.outputs.length, classes: outShape[outShape.length - 1], outputsProbabilities, settings: trainSettingsOf(doc.training), back: model.back })),
  });
  const { weights: _dropped, ...withoutWeights } = doc;
  files.push({ path: 'graph.cnn.json', bytes: text(serializeGraphDocument(withoutWeights)) });
  files.push({ path: 'README.md', bytes: text(writeReadme({ title: doc.name, inputShapes: plan.inputs.map((i) => i.shape), weightsNote, hasWeights, optimizer: describeTrainSettings(trainSettingsOf(doc.training), doc.training !== undefined) })) });
  const notes = [weightsNote];
  return { ok: true, output: { kind: 'directory', files }, notes };
}

export const pytorchTarget: ExportTarget = { ...PYTORCH_TARGET_INFO, exportGraph: exportPytorch };
