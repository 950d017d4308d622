import type { ExecutionPlan, PlanStep, PlanWeights } from '../../compile/types';
import type { LayerKind } from '../../graph/types';
import { assignPythonNames } from '../pythonNames';
import type { UnsupportedNode } from '../targets';
import { noExporterYet } from '../unmappedKind';
import type { KerasLayer, KerasMapping } from './kerasLayer';
import { KERAS_LAYERS } from './layers';

/** A Keras functional model: layers in call order, and the names of its inputs and outputs in plan order. */
export interface KerasModel {
  layers: KerasLayer[];
  inputNames: string[];
  outputNames: string[];
  /** Per layer that ends a node: the node's output shape and its name in the graph. */
  nodeOf: Map<string, { shape: readonly number[]; label: string }>;
}

/** What model.py itself names besides the layers: a layer variable called `layers` would hide the module. */
const KERAS_RESERVED = new Set(['keras', 'layers', 'build_model', 'load_weights', 'weights', 'arrays', 'directory', 'path', 'layer', 'names', 'inputs', 'outputs']);

const NON_NEGATIVE_FNS = new Set(['relu', 'relu6', 'sigmoid', 'softplus', 'softmax', 'hardSigmoid']);
/** Kinds whose output is never negative when their inputs are not (they only move, pick, average or add values). */
const KEEPS_SIGN = new Set<LayerKind>(['MaxPool2D', 'AvgPool2D', 'GlobalAvgPool2D', 'GlobalMaxPool2D', 'Dropout', 'Flatten', 'Reshape', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'Add', 'Concatenate', 'Multiply']);

function isNonNegative(step: PlanStep, inputsNonNegative: boolean[]): boolean {
  if (step.kind === 'Activation') return NON_NEGATIVE_FNS.has(step.params.fn);
  // Every producer (convolutions, Dense) has a fused activation.
  if ('activation' in step.params) return NON_NEGATIVE_FNS.has(step.params.activation);
  return KEEPS_SIGN.has(step.kind) && inputsNonNegative.length > 0 && inputsNonNegative.every(Boolean);
}

/**
 * The Keras model of a plan: one layer per node named after it (snake_case, unique, no Python
 * keyword), plus helper layers named after their node (`conv1_pad`), or the nodes Keras cannot
 * express, each with what to use instead.
 */
export function buildKerasModel(plan: ExecutionPlan, weights: PlanWeights, inputIds: ReadonlyMap<string, readonly string[]>): { ok: true; model: KerasModel } | { ok: false; nodes: UnsupportedNode[] } {
  const names = assignPythonNames(plan.steps.map((s) => ({ id: s.nodeId, name: s.name, kind: s.kind })), KERAS_RESERVED);
  const taken = new Set(names.values());
  const outputOf = new Map<string, string>();
  const nonNegative = new Map<string, boolean>();
  const nodeOf: KerasModel['nodeOf'] = new Map();
  const layers: KerasLayer[] = [];
  const unsupported: UnsupportedNode[] = [];
  for (const step of plan.steps) {
    const name = names.get(step.nodeId)!;
    const ins = inputIds.get(step.nodeId) ?? [];
    nonNegative.set(step.nodeId, isNonNegative(step, ins.map((id) => nonNegative.get(id) ?? false)));
    if (step.kind === 'Input') {
      layers.push({ className: 'InputLayer', name, args: { shape: [...step.params.shape] }, inputs: [], weights: [] });
      outputOf.set(step.nodeId, name);
      nodeOf.set(name, { shape: step.outputShape, label: step.name });
      continue;
    }
    const map = KERAS_LAYERS[step.kind] as KerasMapping<LayerKind> | undefined;
    if (!map) {
      unsupported.push({ nodeId: step.nodeId, name: step.name, kind: step.kind, instead: noExporterYet(step.kind, 'Keras') });
      continue;
    }
    const helperName = (suffix: string) => {
      let helper = `${name}_${suffix}`;
      for (let k = 2; taken.has(helper) || KERAS_RESERVED.has(helper); k++) helper = `${name}_${suffix}_${k}`;
      taken.add(helper);
      return helper;
    };
    // tfjs-layers frees a tensor that one merge reads twice (x + x) before it is done with it:
    // the repeats read an identity copy.
    const copies: KerasLayer[] = [];
    const inputs = ins.map((id, k) => {
      const input = outputOf.get(id) ?? names.get(id)!;
      if (ins.indexOf(id) === k) return input;
      const copy: KerasLayer = { className: 'Activation', name: helperName(`copy${k}`), args: { activation: 'linear' }, inputs: [input], weights: [], note: 'an identity copy: tfjs-layers cannot read one tensor twice in a merge' };
      copies.push(copy);
      return copy.name;
    });
    const mapped = map({
      step: step as never,
      name,
      inputs,
      weight: (w) => {
        const values = weights[step.nodeId]?.[w];
        if (!values) throw new Error(`${step.name}: no ${w} weight in the plan`);
        return values;
      },
      helperName,
      nonNegative: (k) => nonNegative.get(ins[k]) ?? false,
    });
    if ('unsupported' in mapped) {
      unsupported.push({ nodeId: step.nodeId, name: step.name, kind: step.kind, instead: mapped.unsupported });
      continue;
    }
    layers.push(...copies, ...mapped);
    outputOf.set(step.nodeId, mapped[mapped.length - 1].name);
    nodeOf.set(mapped[mapped.length - 1].name, { shape: step.outputShape, label: step.name });
  }
  if (unsupported.length > 0) return { ok: false, nodes: unsupported };
  return {
    ok: true,
    model: { layers, nodeOf, inputNames: plan.inputs.map((i) => outputOf.get(i.nodeId)!), outputNames: plan.outputs.map((o) => outputOf.get(o.nodeId)!) },
  };
}
