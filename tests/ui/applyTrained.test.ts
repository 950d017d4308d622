import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { GraphDocument, TrainingSettings } from '../../src/core/graph/types';
import { withTrainedWeights } from '../../src/ui/train/applyTrained';

const lenet = (): GraphDocument => JSON.parse(readFileSync('tests/fixtures/graphs/lenet5.cnn.json', 'utf8'));
const TRAINING: TrainingSettings = { optimizer: 'adam', learningRate: 0.001, momentum: 0, weightDecay: 0, batch: 32, epochs: 1 };

describe('withTrainedWeights', () => {
  const w = (v: string) => ({ kernel: { shape: [1], data: v } });
  it('applies weights of unchanged nodes and skips nodes edited or deleted during training, by name', () => {
    const started = lenet();
    const [, c1, , c3] = started.nodes;
    const current: GraphDocument = {
      ...started,
      nodes: started.nodes.filter((n) => n.id !== c3.id).map((n) => n),
      weights: { other: w('AAAAAA==') },
    };
    const edited: GraphDocument = { ...current, nodes: current.nodes.map((n) => (n.id === c1.id ? { ...n, params: { ...n.params, filters: 7 } } : n)) };
    const f6 = started.nodes.find((n) => n.name === 'F6')!;
    const trained = { [c1.id]: w('AACAPw=='), [c3.id]: w('AAAAQA=='), [f6.id]: w('AABAQA==') };
    const { doc, skipped } = withTrainedWeights(edited, started, trained, TRAINING);
    expect(skipped.sort()).toEqual([c1.name, c3.name].sort());
    expect(doc.weights).toEqual({ other: w('AAAAAA=='), [f6.id]: w('AABAQA==') });
    expect(doc.training).toEqual(TRAINING);
  });
});
