import type { ExecutionPlan, PlanWeights } from '../../compile/types';
import type { LayerKind } from '../../graph/types';
import { assignPythonNames, describeForPython } from '../pythonNames';
import { nchwShape } from '../tensorLayout';
import type { UnsupportedNode } from '../targets';
import { noExporterYet } from '../unmappedKind';
import { findChannelMajorVectors } from './flattenOrder';
import type { Emitter, LayerCode, StateTensor, WeightBack } from './layerCode';
import { PYTORCH_LAYERS } from './layers';
import { HELPER_CLASSES, LOADER_FUNCTIONS } from './pythonRuntime';

/** model.py and what goes with it: the state dict to write and how train.py maps it back. */
export interface PytorchModel {
  source: string;
  state: StateTensor[];
  back: WeightBack[];
  /** Python names of the forward's arguments and of its outputs, in plan order. */
  inputNames: string[];
  outputNames: string[];
  /** The node id of each Python name, for the reference and train.py. */
  nodeIdOf: Map<string, string>;
  /**
   * The 1-based lines of `source` that are each node's, for an editor to point at: its attribute in
   * `__init__` and its line in `forward` (an Input's is the `def forward` line that takes it).
   */
  linesOf: Map<string, number[]>;
}

export interface ModelPyOptions {
  title: string;
  /** One sentence on where the weights come from, for the docstring. */
  weightsNote: string;
  hasWeights: boolean;
}

function shapeComment(shape: readonly number[]): string {
  return `[${nchwShape(0, shape).map((d, i) => (i === 0 ? 'N' : String(d))).join(', ')}]`;
}

/**
 * Writes model.py: `class Model(nn.Module)` with one attribute per layer named after the node, a
 * flat `forward` (NCHW in, one line per layer with its output shape), and `load_model()`. Nodes
 * PyTorch cannot express are returned instead, each with what to use.
 */
export function writeModelPy(plan: ExecutionPlan, weights: PlanWeights, inputIds: ReadonlyMap<string, readonly string[]>, opts: ModelPyOptions): { ok: true; model: PytorchModel } | { ok: false; nodes: UnsupportedNode[] } {
  const names = assignPythonNames(plan.steps.map((s) => ({ id: s.nodeId, name: s.name, kind: s.kind })));
  const channelMajor = findChannelMajorVectors(plan, inputIds);
  const init: string[] = [];
  const forward: string[] = [];
  const state: StateTensor[] = [];
  const back: WeightBack[] = [];
  const helpers = new Set<string>();
  const unsupported: UnsupportedNode[] = [];
  // Where each node's lines start in `init` and `forward`, made absolute once the file is assembled.
  const initAt = new Map<string, { start: number; count: number }>();
  const forwardAt = new Map<string, number>();
  for (const step of plan.steps) {
    const name = names.get(step.nodeId)!;
    const ins = inputIds.get(step.nodeId) ?? [];
    const emit = PYTORCH_LAYERS[step.kind] as Emitter<LayerKind> | undefined;
    if (!emit) {
      unsupported.push({ nodeId: step.nodeId, name: step.name, kind: step.kind, instead: noExporterYet(step.kind, 'PyTorch') });
      continue;
    }
    const code = emit({
      step: step as never,
      name,
      inputs: ins.map((id) => names.get(id)!),
      weight: (w) => {
        const values = weights[step.nodeId]?.[w];
        if (!values) throw new Error(`${step.name}: no ${w} weight in the plan`);
        return values;
      },
      flattenedFrom: (k) => channelMajor.get(ins[k]) ?? null,
      absorbsOrder: channelMajor.has(step.nodeId),
    });
    if ('unsupported' in code) {
      unsupported.push({ nodeId: step.nodeId, name: step.name, kind: step.kind, instead: code.unsupported });
      continue;
    }
    // The node's own name beside the attribute when sanitising changed more than its case.
    const origin = name === step.name.toLowerCase() ? '' : `  (node "${describeForPython(step.name)}")`;
    initAt.set(step.nodeId, { start: init.length, count: code.init.length });
    if (step.kind !== 'Input') forwardAt.set(step.nodeId, forward.length);
    init.push(...code.init.map((line, i) => (i === 0 && origin ? `${line}  #${origin.slice(1)}` : line)));
    if (step.kind !== 'Input') forward.push(`${name} = ${code.forward}  # ${shapeComment(step.outputShape)}${code.note ? ` ${code.note}` : ''}${code.init.length ? '' : origin}`);
    state.push(...code.state);
    back.push(...code.back);
    for (const h of code.helpers ?? []) helpers.add(h);
  }
  if (unsupported.length > 0) return { ok: false, nodes: unsupported };
  const inputNames = plan.inputs.map((i) => names.get(i.nodeId)!);
  const outputNames = plan.outputs.map((o) => names.get(o.nodeId)!);
  const nodeIdOf = new Map(plan.steps.map((s) => [names.get(s.nodeId)!, s.nodeId]));
  const { source, initLine, forwardLine } = assemble(plan, opts, init, forward, helpers, inputNames, outputNames);
  const linesOf = new Map<string, number[]>();
  for (const step of plan.steps) {
    const own = initAt.get(step.nodeId);
    const lines = own ? Array.from({ length: own.count }, (_, j) => initLine + own.start + j + 1) : [];
    const at = forwardAt.get(step.nodeId);
    lines.push(at === undefined ? forwardLine + 1 : forwardLine + at + 2);
    linesOf.set(step.nodeId, lines);
  }
  return { ok: true, model: { source, state, back, inputNames, outputNames, nodeIdOf, linesOf } };
}

/** The file's text, with the 0-based indices of the first `__init__` layer line and of `def forward`. */
function assemble(plan: ExecutionPlan, opts: ModelPyOptions, init: string[], forward: string[], helpers: Set<string>, inputNames: string[], outputNames: string[]): { source: string; initLine: number; forwardLine: number } {
  const title = describeForPython(opts.title);
  const inputLines = plan.inputs.map((input, k) => {
    const nhwc = `[${input.shape.join(', ')}]`;
    return input.shape.length === 3
      ? `Input ${inputNames[k]}: ${shapeComment(input.shape)}, channels first (the app's ${nhwc} is NHWC).`
      : `Input ${inputNames[k]}: ${shapeComment(input.shape)}.`;
  });
  const head = [
    `"""${title}: a PyTorch model exported from CNN Graph Studio.`,
    '',
    ...inputLines,
    opts.weightsNote,
    'load_model() returns it in eval mode with the weights of weights.safetensors beside this file.',
    '"""',
    'import json',
    'import os',
    'import struct',
    'import warnings',
    '',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    `WEIGHTS_FILE = ${opts.hasWeights ? "'weights.safetensors'" : 'None'}`,
    '',
    '',
    ...[...helpers].sort().flatMap((h) => [HELPER_CLASSES[h], '', '']),
    'class Model(nn.Module):',
    `    """${title}, layer for layer as in the app."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
  ];
  const body = [
    ...init.map((l) => `        ${l}`),
    '',
    `    def forward(self, ${inputNames.join(', ')}):`,
    ...forward.map((l) => `        ${l}`),
    `        return ${outputNames.join(', ')}`,
    '',
    '',
    LOADER_FUNCTIONS,
  ];
  // Helper classes and notes span several lines each: count lines, not entries.
  const headText = head.join('\n');
  const initLine = headText.split('\n').length;
  return { source: `${headText}\n${body.join('\n')}`, initLine, forwardLine: initLine + init.length + 1 };
}

