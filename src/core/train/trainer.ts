import type { PlanStep, PlanWeights } from '../compile/types';
import type { ActivationFn, LayerKind, ParamsByKind } from '../graph/types';
import { getLayer } from '../layers/registry';
import { createExecutor } from '../runtime/executor';
import { createRandomStream } from '../compile/random';
import { BACKWARDS, isTrainingAlias } from './backwardMap';
import type { BackwardFactory, BackwardSpec, TrainableOp } from './backward/types';
import { computeLoss, computeLossFromProbabilities, type LossKind, type LossValue, type Targets } from './losses';
import { clipGradients, createOptimizer, type Optimizer, type OptimizerConfig, type Parameter } from './optimizers';
import { planTrainingArena, type TrainingArena } from './trainingArena';
import type { TrainingGraph } from './trainingGraph';

export interface TrainerOptions {
  loss: LossKind;
  optimizer: OptimizerConfig;
  /** Clip the global gradient norm to this (null: no clipping). */
  clipNorm?: number | null;
  /** Seeds the Dropout masks. */
  seed?: number;
}

export type TrainerErrorCode = 'untrainable-kind' | 'no-trainable-params' | 'inputs' | 'outputs' | 'loss-output';

export type CreateTrainerResult = { ok: true; trainer: Trainer } | { ok: false; code: TrainerErrorCode; message: string; nodeId?: string };

/** One optimizer step's outcome; `ok: false` when the loss or a gradient is not finite (weights left as they were). */
export type StepOutcome = ({ ok: true } | { ok: false; message: string }) & LossValue & { gradientNorm: number };

/** Evaluation over a whole set: mean loss, right predictions, and the predicted class of each sample (vector outputs). */
export interface Evaluation extends LossValue { predictions: Int32Array; outputs: Float32Array }

/** Memory of a training step, per sample for the arena (float32 bytes). */
export interface TrainingMemory {
  arenaBytesPerSample: number;
  naiveBytesPerSample: number;
  inferenceArenaBytesPerSample: number;
  parameterBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
}

export interface Trainer {
  readonly graph: TrainingGraph;
  /** The live weights (updated in place by each step). */
  readonly weights: PlanWeights;
  readonly memory: TrainingMemory;
  readonly optimizer: Optimizer;
  /** Where the Dropout masks' generator stands: saved with a checkpoint so a resumed run draws the masks an unbroken one would. */
  readonly dropoutRandom: { state(): number; restore(state: number): void };
  readonly inputSize: number;
  readonly outputSize: number;
  /** Forward, loss, backward and one update on `batch` samples (x: batch * inputSize values). */
  trainStep(x: Float32Array, targets: Targets, batch: number, learningRate: number): StepOutcome;
  /** Inference (BatchNorm on moving statistics, Dropout off) over `count` samples in chunks of `chunk`. */
  evaluate(x: Float32Array, targets: Targets, count: number, chunk?: number): Evaluation;
  /** The gradients of the last trainStep, per node id and weight name (before clipping is applied to the update). */
  readonly gradients: PlanWeights;
}

/** The activation applied last by a step, for fusing it into the loss. */
function finalActivation(step: PlanStep, params: ParamsByKind[LayerKind]): ActivationFn | null {
  const kind = step.kind;
  if (kind === 'Conv2D' || kind === 'Dense') return (params as ParamsByKind['Dense']).activation;
  if (kind === 'Activation') return (params as ParamsByKind['Activation']).fn;
  return null;
}

/**
 * Prepares training for a graph: one training-mode op per step (BACKWARDS), one arena for
 * activations and gradients (see trainingArena), the optimizer over every trainable weight.
 * Refused, as values: a kind without a backward (named), no trainable weights, several Inputs or
 * outputs, a loss that does not fit the output.
 */
export function createTrainer(graph: TrainingGraph, options: TrainerOptions): CreateTrainerResult {
  const { plan, inputSteps, params } = graph;
  const steps = plan.steps;
  if (plan.inputs.length !== 1) {
    return { ok: false, code: 'inputs', message: `training takes a graph with one Input; this one has ${plan.inputs.length} (${plan.inputs.map((i) => i.name).join(', ')})` };
  }
  if (plan.outputs.length !== 1) {
    return { ok: false, code: 'outputs', message: `training takes a graph with one output; this one has ${plan.outputs.length} (${plan.outputs.map((o) => o.name).join(', ')}): every node but the last must feed another` };
  }
  for (const step of steps) {
    if (!BACKWARDS[step.kind]) {
      return { ok: false, code: 'untrainable-kind', nodeId: step.nodeId, message: `${step.kind} ${step.name}: the ${step.kind} kind cannot be trained yet (no backward pass)` };
    }
  }
  const outputIndex = steps.findIndex((s) => s.nodeId === plan.outputs[0].nodeId);
  const outputStep = steps[outputIndex];
  const outputSize = outputStep.outputShape.reduce((a, b) => a * b, 1);
  if (options.loss === 'cross-entropy' && (outputStep.outputShape.length !== 1 || outputSize < 2)) {
    return { ok: false, code: 'loss-output', nodeId: outputStep.nodeId, message: `cross-entropy needs a vector of at least 2 class scores; ${outputStep.name} outputs [${outputStep.outputShape.join(', ')}]` };
  }
  const fin = finalActivation(outputStep, params[outputIndex]);
  const logitsStep = (options.loss === 'cross-entropy' && fin === 'softmax') || (options.loss === 'binary-cross-entropy' && fin === 'sigmoid') ? outputIndex : -1;

  const weights = graph.weights;
  const gradients: PlanWeights = {};
  const parameters: Parameter[] = [];
  const needsGrad: boolean[] = [];
  const frozen: Float32Array[] = [];
  for (const step of steps) {
    const nonTrainable = new Set(getLayer(step.kind)?.nonTrainableWeights ?? []);
    let trains = false;
    for (const spec of step.weights) {
      const value = weights[step.nodeId][spec.name];
      if (nonTrainable.has(spec.name)) {
        frozen.push(value);
        continue;
      }
      const grad = new Float32Array(value.length);
      (gradients[step.nodeId] ??= {})[spec.name] = grad;
      parameters.push({ value, grad });
      trains = true;
    }
    needsGrad.push(step.kind !== 'Input' && (trains || inputSteps[step.index].some((p) => needsGrad[p])));
  }
  if (parameters.length === 0) {
    return { ok: false, code: 'no-trainable-params', message: 'the graph has no trainable weights (no Conv2D, Dense or BatchNorm): there is nothing to train' };
  }

  const ops: TrainableOp[] = steps.map((step, i) => {
    const factory = BACKWARDS[step.kind] as BackwardFactory<LayerKind>;
    const spec: BackwardSpec<LayerKind> = { step, params: params[i], weights: weights[step.nodeId] ?? {}, logits: i === logitsStep };
    return factory(spec);
  });
  const arena: TrainingArena = planTrainingArena(plan, inputSteps, needsGrad, outputIndex);
  const optimizer = createOptimizer(options.optimizer, parameters);
  const random = createRandomStream((options.seed ?? 0) ^ 0x5eed);
  const ctx = { random: random.next };
  const inputSize = plan.inputs[0].shape.reduce((a, b) => a * b, 1);
  const weightFloats = parameters.reduce((s, p) => s + p.value.length, 0);
  const memory: TrainingMemory = {
    arenaBytesPerSample: arena.peakBytesPerSample,
    naiveBytesPerSample: arena.naiveBytesPerSample,
    inferenceArenaBytesPerSample: plan.peakArenaBytes,
    parameterBytes: 4 * (weightFloats + frozen.reduce((s, f) => s + f.length, 0)),
    gradientBytes: 4 * weightFloats,
    optimizerBytes: 4 * weightFloats * (options.optimizer.kind === 'sgd' ? ((options.optimizer.momentum ?? 0) > 0 ? 1 : 0) : 2),
  };

  let store = new Float32Array(0);
  let viewsBatch = -1;
  let views: Float32Array[] = [];
  const viewsFor = (batch: number): Float32Array[] => {
    if (batch === viewsBatch) return views;
    if (arena.arenaElements * batch > store.length) store = new Float32Array(arena.arenaElements * batch);
    views = arena.offsets.map((o, b) => store.subarray(o * batch, (o + arena.sizes[b]) * batch));
    viewsBatch = batch;
    return views;
  };
  const frozenCopies = frozen.map((f) => new Float32Array(f.length));

  const forward = (x: Float32Array, batch: number): Float32Array[] => {
    const v = viewsFor(batch);
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (isTrainingAlias(step.kind)) continue;
      const out = v[arena.activation[i]];
      if (step.kind === 'Input') {
        out.set(x.subarray(0, batch * inputSize));
        continue;
      }
      ops[i].forward(inputSteps[i].map((p) => v[arena.activation[p]]), batch, out, ctx);
    }
    return v;
  };

  const trainer: Trainer = {
    graph,
    weights,
    gradients,
    memory,
    optimizer,
    dropoutRandom: { state: random.state, restore: random.restore },
    inputSize,
    outputSize,
    trainStep(x, targets, batch, learningRate) {
      if (x.length < batch * inputSize) throw new Error(`trainStep: ${x.length} input values for ${batch} samples of ${inputSize}`);
      frozen.forEach((f, k) => frozenCopies[k].set(f));
      const v = forward(x, batch);
      for (const b of arena.zeroBefore.get(steps.length) ?? []) v[b].fill(0);
      const outGrad = v[arena.gradient[outputIndex]];
      const value = computeLoss(options.loss, v[arena.activation[outputIndex]], targets, 0, batch, outputSize, outGrad);
      for (const p of parameters) p.grad.fill(0);
      for (let i = steps.length - 1; i >= 0; i--) {
        for (const b of arena.zeroBefore.get(i) ?? []) v[b].fill(0);
        if (!needsGrad[i] || isTrainingAlias(steps[i].kind)) continue;
        const dInputs = inputSteps[i].map((p) => (arena.gradient[p] >= 0 ? v[arena.gradient[p]] : null));
        ops[i].backward(
          inputSteps[i].map((p) => v[arena.activation[p]]), v[arena.activation[i]], v[arena.gradient[i]],
          dInputs, gradients[steps[i].nodeId] ?? {}, batch,
        );
      }
      const gradientNorm = clipGradients(parameters, options.clipNorm ?? null);
      if (!Number.isFinite(value.loss) || !Number.isFinite(gradientNorm)) {
        frozen.forEach((f, k) => f.set(frozenCopies[k]));
        const what = Number.isFinite(value.loss) ? `the gradient norm is ${gradientNorm}` : `the loss is ${value.loss}`;
        return { ok: false, message: `${what} at learning rate ${learningRate}: stopped before this update, the weights are the last good ones`, ...value, gradientNorm };
      }
      optimizer.apply(learningRate);
      for (const op of ops) op.reload?.();
      return { ok: true, ...value, gradientNorm };
    },
    evaluate(x, targets, count, chunk = 256) {
      const executor = createExecutor(plan, weights);
      const outputs = new Float32Array(count * outputSize);
      let loss = 0;
      let correct = 0;
      let counted = 0;
      for (let first = 0; first < count; first += chunk) {
        const n = Math.min(chunk, count - first);
        const run = executor.run(x.subarray(first * inputSize, (first + n) * inputSize), n);
        if (!run.ok) throw new Error(`evaluate: ${run.error.message}`);
        const out = run.outputs[outputStep.nodeId];
        outputs.set(out, first * outputSize);
        const value = logitsStep >= 0
          ? computeLossFromProbabilities(options.loss, out, targets, first, n, outputSize)
          : computeLoss(options.loss, out, targets, first, n, outputSize, null);
        loss += value.loss * n;
        correct += value.correct;
        counted += value.counted;
      }
      const predictions = new Int32Array(count);
      if (outputSize > 1) {
        for (let s = 0; s < count; s++) {
          let best = 0;
          for (let c = 1; c < outputSize; c++) if (outputs[s * outputSize + c] > outputs[s * outputSize + best]) best = c;
          predictions[s] = best;
        }
      }
      return { loss: loss / Math.max(1, count), correct, counted, predictions, outputs };
    },
  };
  return { ok: true, trainer };
}
