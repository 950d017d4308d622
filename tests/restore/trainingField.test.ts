import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseGraphDocument } from '../../src/core/graph/parseGraph';
import { restoreGraph } from '../../src/core/graph/restore';
import { serializeGraphDocument } from '../../src/core/graph/serializeGraph';
import type { GraphDocument, TrainingSettings } from '../../src/core/graph/types';

const lenet = (): GraphDocument => JSON.parse(readFileSync('tests/fixtures/graphs/lenet5.cnn.json', 'utf8'));
const TRAINING: TrainingSettings = { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 0.0005, batch: 64, epochs: 3 };

function restored(value: unknown) {
  const r = restoreGraph(value, 'file');
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('the document training field', () => {
  it('round-trips through serialize, the restore gate and the schema', () => {
    const doc = { ...lenet(), training: TRAINING };
    const text = serializeGraphDocument(doc);
    // Written before the weights, in a fixed key order.
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'name', 'nodes', 'edges', 'training']);
    const r = restored(text);
    expect(r.report).toEqual([]);
    expect(r.doc.training).toEqual(TRAINING);
    const parsed = parseGraphDocument(JSON.parse(text));
    expect(parsed.ok && parsed.doc.training).toEqual(TRAINING);
  });

  it('an old document without it opens unchanged, with no training field', () => {
    const r = restored(lenet());
    expect(r.report).toEqual([]);
    expect('training' in r.doc).toBe(false);
    expect(serializeGraphDocument(r.doc)).not.toContain('training');
  });

  it.each([
    [{ ...TRAINING, optimizer: 'rmsprop' }, 'optimizer'],
    [{ ...TRAINING, learningRate: -1 }, 'learningRate must be above 0'],
    [{ ...TRAINING, batch: 2.5 }, 'batch'],
    ['fast', 'training'],
  ])('drops bad settings %j and says which field, keeping the graph', (training, said) => {
    const r = restored({ ...lenet(), training });
    expect(r.doc.training).toBeUndefined();
    expect(r.doc.nodes).toHaveLength(lenet().nodes.length);
    expect(r.report.join(' ')).toContain(`The training settings were removed: ${said}`);
  });

  it('keeps only the known fields (a hostile extra key is not copied)', () => {
    const r = restored({ ...lenet(), training: { ...TRAINING, __proto__: { polluted: true }, extra: 1 } });
    expect(r.doc.training).toEqual(TRAINING);
  });
});
