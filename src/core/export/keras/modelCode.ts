import { buildPlan } from '../../compile/compileGraph';
import type { GraphDocument } from '../../graph/types';
import { inferShapes } from '../../shape/inferShapes';
import { describeWeightSource, findWeightSource } from '../prepareExport';
import type { ModelCode } from '../pytorch/modelCode';
import { toSnakeIdentifier } from '../pythonNames';
import type { ExportOptions } from '../targets';
import { buildKerasModel } from './buildKerasModel';
import { writeKerasModelPy } from './modelPy';

/**
 * The model.py that `exportKerasBundle` writes for these options, without making a weight (the
 * layers read theirs lazily), and each node's lines in `build_model()`: its helper layers (a pad)
 * and the layers up to the one that ends it (a separate activation).
 */
export function writeKerasModelCode(doc: GraphDocument, options: ExportOptions): ModelCode {
  const built = buildPlan(doc, options.seed);
  if (!built.ok) return { ok: false, code: 'graph-errors', message: built.message, diagnostics: built.diagnostics };
  const { plan } = built;
  const inference = inferShapes(doc);
  const inputIds = new Map(plan.steps.map((s) => [s.nodeId, inference.nodes.get(s.nodeId)?.inputIds ?? []]));
  const keras = buildKerasModel(plan, {}, inputIds);
  if (!keras.ok) {
    const list = keras.nodes.map((n) => `${n.name} (${n.kind}): ${n.instead}`).join('; ');
    return { ok: false, code: 'unsupported', message: `Keras cannot express ${keras.nodes.length} node(s): ${list}`, nodes: keras.nodes };
  }
  const { model } = keras;
  const source = findWeightSource(doc, plan, options);
  const text = writeKerasModelPy(model, { title: doc.name, modelName: toSnakeIdentifier(doc.name) || 'model', weightsNote: describeWeightSource(source), hasWeights: source.kind !== 'none' });
  const lines = text.split('\n');
  const start = lines.indexOf('def build_model():');
  const lineOfLayer = new Map<string, number>();
  for (let i = start + 1; i < lines.length && lines[i].startsWith('    '); i++) {
    const name = /^ {4}(\w+) = /.exec(lines[i])?.[1];
    if (name !== undefined && !lineOfLayer.has(name)) lineOfLayer.set(name, i + 1);
  }
  // Every step maps to one or more layers in plan order, the last of them the one in nodeOf.
  const linesOf = new Map<string, number[]>();
  let step = 0;
  let group: number[] = [];
  for (const layer of model.layers) {
    const line = lineOfLayer.get(layer.name);
    if (line !== undefined) group.push(line);
    if (model.nodeOf.has(layer.name) && step < plan.steps.length) {
      linesOf.set(plan.steps[step++].nodeId, group);
      group = [];
    }
  }
  return { ok: true, source: text, linesOf };
}
