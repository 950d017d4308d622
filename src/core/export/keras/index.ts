/** The Keras export target (`--to keras`): model.py, weights.npz, model.json + weights.bin, README.md. */
import type { GraphDocument } from '../../graph/types';
import { inferShapes } from '../../shape/inferShapes';
import { encodeNpz } from '../npz';
import { describeWeightSource, prepareExport } from '../prepareExport';
import { toSnakeIdentifier } from '../pythonNames';
import type { ExportFile, ExportOptions, ExportResult, ExportTarget } from '../targets';
import { KERAS_TARGET_INFO } from '../targetInfo';
import { buildKerasModel } from './buildKerasModel';
import { WEIGHTS_BIN, weightKey, writeModelJson, writeWeightsBin } from './modelJson';
import { writeKerasModelPy } from './modelPy';
import { writeKerasReadme } from './readme';

const text = (s: string) => new TextEncoder().encode(s);

/**
 * The Keras bundle of a graph (see docs/export.md): `model.json` + `weights.bin` (TensorFlow.js
 * Layers format, what `tf.loadLayersModel` reads), `model.py` (the same layers in the Keras
 * functional API) + `weights.npz`, and `README.md`. `--no-weights` leaves out both weight files.
 * Pure: the CLI writes the files, the browser zips the same bytes.
 */
export function exportKerasBundle(doc: GraphDocument, options: ExportOptions): ExportResult {
  const prepared = prepareExport(doc, options);
  if (!prepared.ok) return prepared;
  const { plan, weights, source } = prepared.prepared;
  const inference = inferShapes(doc);
  const inputIds = new Map(plan.steps.map((s) => [s.nodeId, inference.nodes.get(s.nodeId)?.inputIds ?? []]));
  const built = buildKerasModel(plan, weights, inputIds);
  if (!built.ok) {
    const list = built.nodes.map((n) => `${n.name} (${n.kind}): ${n.instead}`).join('; ');
    return { ok: false, code: 'unsupported', message: `Keras cannot express ${built.nodes.length} node(s): ${list}`, nodes: built.nodes };
  }
  const { model } = built;
  const hasWeights = source.kind !== 'none';
  const weightsNote = describeWeightSource(source);
  const modelName = toSnakeIdentifier(doc.name) || 'model';
  const files: ExportFile[] = [
    { path: 'model.json', bytes: text(writeModelJson(model, modelName, hasWeights)) },
  ];
  if (hasWeights) {
    files.push({ path: WEIGHTS_BIN, bytes: writeWeightsBin(model) });
  }
  files.push({ path: 'model.py', bytes: text(writeKerasModelPy(model, { title: doc.name, modelName, weightsNote, hasWeights })) });
  if (hasWeights) {
    files.push({
      path: 'weights.npz',
      bytes: encodeNpz(model.layers.flatMap((l) => l.weights.map((w) => ({ key: weightKey(l.name, w.name), shape: w.shape, data: w.values() })))),
    });
  }
  files.push({ path: 'README.md', bytes: text(writeKerasReadme({ title: doc.name, inputShapes: plan.inputs.map((i) => i.shape), weightsNote, hasWeights })) });
  return { ok: true, output: { kind: 'directory', files }, notes: [weightsNote] };
}

export const kerasTarget: ExportTarget = { ...KERAS_TARGET_INFO, exportGraph: exportKerasBundle };
