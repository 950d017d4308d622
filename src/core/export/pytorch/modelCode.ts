import { buildPlan } from '../../compile/compileGraph';
import type { GraphDocument } from '../../graph/types';
import { inferShapes } from '../../shape/inferShapes';
import { describeWeightSource, findWeightSource } from '../prepareExport';
import type { ExportFailure, ExportOptions } from '../targets';
import { writeModelPy } from './modelPy';

/** A generated model.py as a code view shows it: the text and each node's lines (1-based). */
export type ModelCode = { ok: true; source: string; linesOf: Map<string, number[]> } | ({ ok: false } & ExportFailure);

/**
 * The model.py that `exportPytorch` writes for these options, without reading or seeding a single
 * weight (cheap enough to redo on every edit of VGG-16): the plan is built, the weights stay unmade.
 */
export function writePytorchModelCode(doc: GraphDocument, options: ExportOptions): ModelCode {
  const built = buildPlan(doc, options.seed);
  if (!built.ok) return { ok: false, code: 'graph-errors', message: built.message, diagnostics: built.diagnostics };
  const { plan } = built;
  const inference = inferShapes(doc);
  const inputIds = new Map(plan.steps.map((s) => [s.nodeId, inference.nodes.get(s.nodeId)?.inputIds ?? []]));
  const source = findWeightSource(doc, plan, options);
  // The emitters read weights lazily, only when a state tensor's values are asked for: none are here.
  const written = writeModelPy(plan, {}, inputIds, { title: doc.name, weightsNote: describeWeightSource(source), hasWeights: source.kind !== 'none' });
  if (!written.ok) {
    const list = written.nodes.map((n) => `${n.name} (${n.kind}): ${n.instead}`).join('; ');
    return { ok: false, code: 'unsupported', message: `PyTorch cannot express ${written.nodes.length} node(s): ${list}`, nodes: written.nodes };
  }
  return { ok: true, source: written.model.source, linesOf: written.model.linesOf };
}
