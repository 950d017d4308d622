import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { confusionMatrix } from '../../src/core/train/confusion';
import { generateDataset } from '../../src/core/train/data/generated';
import { fit } from '../../src/core/train/fit';
import { createStepper, type StepperEvent } from '../../src/core/train/stepper';
import { createTrainer } from '../../src/core/train/trainer';
import { prepareTrainingGraph } from '../../src/core/train/trainingGraph';

/** A small CNN for 12x12x1 images and 3 classes. */
const DOC: GraphDocument = {
  format: 'cnn-graph', version: 1, name: 'small',
  nodes: [
    { id: 'in', kind: 'Input', name: 'In', params: { shape: [12, 12, 1] }, position: { x: 0, y: 0 } },
    { id: 'c', kind: 'Conv2D', name: 'C', params: { filters: 4, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: true }, position: { x: 0, y: 0 } },
    { id: 'p', kind: 'MaxPool2D', name: 'P', params: { poolSize: 2, strides: 2, padding: 'valid' }, position: { x: 0, y: 0 } },
    { id: 'f', kind: 'Flatten', name: 'F', params: {}, position: { x: 0, y: 0 } },
    { id: 'd', kind: 'Dense', name: 'D', params: { units: 3, activation: 'softmax', useBias: true }, position: { x: 0, y: 0 } },
  ],
  edges: [['in', 'c'], ['c', 'p'], ['p', 'f'], ['f', 'd']].map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
};

/** DOC with a Dropout before the Dense: its masks come from the trainer's seeded generator. */
const WITH_DROPOUT: GraphDocument = {
  ...DOC,
  nodes: [...DOC.nodes, { id: 'drop', kind: 'Dropout', name: 'Drop', params: { rate: 0.5 }, position: { x: 0, y: 0 } }],
  edges: [['in', 'c'], ['c', 'p'], ['p', 'f'], ['f', 'drop'], ['drop', 'd']].map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
};

function trainer(doc: GraphDocument = DOC) {
  const prepared = prepareTrainingGraph(doc, 5);
  if (!prepared.ok) throw new Error(prepared.message);
  const created = createTrainer(prepared.graph, { loss: 'cross-entropy', optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9 }, seed: 5 });
  if (!created.ok) throw new Error(created.message);
  return created.trainer;
}

function data(count: number, seed: number) {
  const g = generateDataset('shapes', [12, 12, 1], count, seed);
  if (!g.ok) throw new Error(g.message);
  return g.data;
}

describe('the batch-at-a-time stepper', () => {
  it('ends with exactly the weights fit() gives for the same seed, batches and schedule', () => {
    const train = data(90, 1);
    const validation = data(30, 2);
    const a = trainer();
    const fitted = fit(a, train, { epochs: 2, batch: 16, shuffle: true, seed: 9, learningRate: 0.05, schedule: { kind: 'cosine' }, validation });
    expect(fitted.ok).toBe(true);
    const b = trainer();
    const stepper = createStepper(b, train, { epochs: 2, batch: 16, shuffle: true, seed: 9, learningRate: 0.05, schedule: { kind: 'cosine' }, validation });
    const events: StepperEvent[] = [];
    for (let e = stepper.next(); e.kind !== 'done'; e = stepper.next()) events.push(e);
    expect(events.filter((e) => e.kind === 'batch')).toHaveLength(2 * Math.ceil(90 / 16));
    for (const id of Object.keys(a.weights)) for (const name of Object.keys(a.weights[id])) expect(b.weights[id][name]).toEqual(a.weights[id][name]);
    const epochs = events.filter((e) => e.kind === 'epoch');
    expect(epochs.map((e) => e.kind === 'epoch' && e.valLoss)).toEqual(fitted.epochs.map((e) => e.valLoss));
    // The confusion matrix counts every validation sample once; its diagonal is the right ones.
    const last = epochs[1];
    if (last.kind !== 'epoch' || !last.confusion) throw new Error('no confusion matrix');
    expect(last.confusion.reduce((s, v) => s + v, 0)).toBe(30);
    const diagonal = [0, 4, 8].reduce((s, i) => s + last.confusion![i], 0);
    expect(diagonal / 30).toBeCloseTo(fitted.epochs[1].valAccuracy!, 10);
    // The wrong ones listed are wrong by the trainer's own evaluation, and as many as the off-diagonal holds (up to the cap).
    const evaluated = b.evaluate(validation.x, validation.targets, validation.count);
    const truth = validation.targets.kind === 'classes' ? validation.targets.classes : new Int32Array();
    expect(last.misclassified).toEqual(Array.from(truth).flatMap((t, i) => (evaluated.predictions[i] !== t ? [{ index: i, truth: t, predicted: evaluated.predictions[i] }] : [])).slice(0, 24));
    expect(last.misclassified.length).toBe(Math.min(24, 30 - diagonal));
  });

  it('resumed after epoch 1 from its weights and optimizer state, ends where an uninterrupted run ends', () => {
    const train = data(60, 1);
    const opts = { epochs: 3, batch: 16, shuffle: true, seed: 4, learningRate: 0.01, schedule: { kind: 'cosine' as const } };
    const whole = trainer();
    const all = createStepper(whole, train, opts);
    while (all.next().kind !== 'done');
    const first = trainer();
    const part = createStepper(first, train, opts);
    while (part.next().kind !== 'epoch');
    // A fresh trainer on the saved weights and optimizer state, as after a reload.
    const again = trainer();
    for (const id of Object.keys(first.weights)) for (const name of Object.keys(first.weights[id])) again.weights[id][name].set(first.weights[id][name]);
    again.optimizer.restore(first.optimizer.state());
    const rest = createStepper(again, train, { ...opts, startEpoch: 1 });
    const steps: number[] = [];
    for (let e = rest.next(); e.kind !== 'done'; e = rest.next()) if (e.kind === 'batch') steps.push(e.step);
    expect(steps[0]).toBe(part.stepsPerEpoch + 1);
    for (const id of Object.keys(whole.weights)) for (const name of Object.keys(whole.weights[id])) expect(again.weights[id][name]).toEqual(whole.weights[id][name]);
  });

  it('with Dropout, resumed from weights, optimizer state and the masks\' generator, ends bit for bit where an unbroken run ends', () => {
    const train = data(60, 1);
    const opts = { epochs: 3, batch: 16, shuffle: true, seed: 4, learningRate: 0.01 };
    const whole = trainer(WITH_DROPOUT);
    const all = createStepper(whole, train, opts);
    while (all.next().kind !== 'done');
    const first = trainer(WITH_DROPOUT);
    const part = createStepper(first, train, opts);
    while (part.next().kind !== 'epoch');
    const resumed = (withRandom: boolean) => {
      const again = trainer(WITH_DROPOUT);
      for (const id of Object.keys(first.weights)) for (const name of Object.keys(first.weights[id])) again.weights[id][name].set(first.weights[id][name]);
      again.optimizer.restore(first.optimizer.state());
      if (withRandom) again.dropoutRandom.restore(first.dropoutRandom.state());
      const rest = createStepper(again, train, { ...opts, startEpoch: 1 });
      while (rest.next().kind !== 'done');
      return again.weights.d.kernel;
    };
    expect(resumed(true)).toEqual(whole.weights.d.kernel);
    // Without the generator the masks start afresh and the run goes elsewhere: the check above can fail.
    expect(resumed(false)).not.toEqual(whole.weights.d.kernel);
  });

  it('stops each epoch after stepsPerEpoch steps', () => {
    const stepper = createStepper(trainer(), data(90, 1), { epochs: 3, stepsPerEpoch: 2, batch: 8, shuffle: false, seed: 0, learningRate: 0.01 });
    const kinds: string[] = [];
    for (let e = stepper.next(); e.kind !== 'done'; e = stepper.next()) kinds.push(e.kind);
    expect(kinds).toEqual(['batch', 'batch', 'epoch', 'batch', 'batch', 'epoch', 'batch', 'batch', 'epoch']);
    expect(stepper.totalSteps).toBe(6);
  });
});

describe('confusionMatrix', () => {
  it('counts pairs as a brute-force tally does, and leaves out-of-range labels uncounted', () => {
    const truth = [0, 1, 2, 2, 1, 0, 3, -1];
    const pred = [0, 2, 2, 1, 1, 0, 0, 0];
    const m = confusionMatrix(truth, pred, 3);
    for (let t = 0; t < 3; t++) for (let p = 0; p < 3; p++) expect(m[t * 3 + p]).toBe(truth.filter((v, i) => v === t && pred[i] === p).length);
    expect(m.reduce((a, b) => a + b, 0)).toBe(6);
  });
});

describe('generated datasets', () => {
  it('stripes vary only across their orientation, shapes are balanced and seeded', () => {
    const g = generateDataset('stripes', [16, 16, 2], 6, 3);
    if (!g.ok) throw new Error(g.message);
    const { x, targets } = g.data;
    if (targets.kind !== 'classes') throw new Error('classes expected');
    for (let s = 0; s < 6; s++) {
      const img = x.subarray(s * 512, (s + 1) * 512);
      const at = (y: number, xx: number) => Math.round(img[(y * 16 + xx) * 2]);
      // Noise is below 0.05, so rounding gives the drawn 0/1 back.
      let alongRow = 0;
      let alongCol = 0;
      for (let y = 0; y < 16; y++) for (let xx = 1; xx < 16; xx++) alongRow += Number(at(y, xx) !== at(y, xx - 1));
      for (let xx = 0; xx < 16; xx++) for (let y = 1; y < 16; y++) alongCol += Number(at(y, xx) !== at(y - 1, xx));
      if (targets.classes[s] === 0) expect(alongRow).toBe(0);
      if (targets.classes[s] === 1) expect(alongCol).toBe(0);
      if (targets.classes[s] === 2) expect(alongRow * alongCol).toBeGreaterThan(0);
    }
    const a = generateDataset('shapes', [20, 20, 1], 30, 7);
    const b = generateDataset('shapes', [20, 20, 1], 30, 7);
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.data.x).toEqual(b.data.x);
    const classes = a.data.targets.kind === 'classes' ? Array.from(a.data.targets.classes) : [];
    expect([0, 1, 2].map((c) => classes.filter((v) => v === c).length)).toEqual([10, 10, 10]);
  });

  it('refuses an Input that is not an image, naming its shape', () => {
    expect(generateDataset('shapes', [7], 10, 0)).toEqual({ ok: false, message: 'the shapes dataset draws images, [h, w, c]; the Input is [7]' });
  });
});
