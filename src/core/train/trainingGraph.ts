import { compileGraph } from '../compile/compileGraph';
import type { ExecutionPlan, PlanWeights } from '../compile/types';
import type { GraphDocument, LayerKind, ParamsByKind } from '../graph/types';
import { getLayer } from '../layers/registry';
import { inferShapes } from '../shape/inferShapes';

/**
 * A compiled graph with what training needs beyond the inference plan: per step, the steps that
 * feed it (edge order) and its checked params.
 */
export interface TrainingGraph {
  plan: ExecutionPlan;
  weights: PlanWeights;
  inputSteps: number[][];
  params: ParamsByKind[LayerKind][];
}

export type PrepareTrainingResult = { ok: true; graph: TrainingGraph } | { ok: false; message: string; nodeId?: string };

/** Compiles `doc` (weights from the document, else initialised from `seed`) for training. Never throws. */
export function prepareTrainingGraph(doc: GraphDocument, seed: number): PrepareTrainingResult {
  const compiled = compileGraph(doc, { seed });
  if (!compiled.ok) return { ok: false, message: compiled.message, ...(compiled.nodeId ? { nodeId: compiled.nodeId } : {}) };
  const { plan } = compiled;
  const inference = inferShapes(doc);
  const stepOf = new Map(plan.steps.map((s, i) => [s.nodeId, i]));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inputSteps: number[][] = [];
  const params: ParamsByKind[LayerKind][] = [];
  for (const step of plan.steps) {
    const ids = inference.nodes.get(step.nodeId)?.inputIds ?? [];
    inputSteps.push(ids.map((id) => stepOf.get(id) ?? -1));
    const checked = getLayer(step.kind)?.validateParams(byId.get(step.nodeId)?.params ?? {});
    if (!checked?.ok) return { ok: false, nodeId: step.nodeId, message: `${step.kind} ${step.name}: params did not validate although the graph compiled` };
    params.push(checked.params);
  }
  return { ok: true, graph: { plan, weights: compiled.weights, inputSteps, params } };
}
