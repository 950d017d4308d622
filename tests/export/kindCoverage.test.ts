import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../../src/core/graph/types';
import { EMITTERS } from '../../src/core/export/onnx/emitLayers';
import { KERAS_LAYERS } from '../../src/core/export/keras/layers';
import { PYTORCH_LAYERS } from '../../src/core/export/pytorch/layers';
import { BACKWARDS } from '../../src/core/train/backwardMap';
import { EXPORT_TARGETS } from '../../src/core/export/targets';
import { findPreset } from '../../src/core/presets';

/**
 * A new kind runs in the app from three files; the exporters and the trainer cover it when they
 * add a mapping. These lists are what each one does not cover yet, so a gap is a decision
 * written here, never an accident.
 */
const NOT_EXPORTED = { pytorch: [], keras: [], onnx: [] } as const;
const NOT_TRAINABLE: string[] = [];

const missing = (table: object, skipInput: boolean) =>
  LAYER_KINDS.filter((k) => !(skipInput && k === 'Input') && !(table as Record<string, unknown>)[k]);

describe('which kinds each exporter and the trainer cover', () => {
  it('PyTorch, Keras and ONNX', () => {
    expect(missing(PYTORCH_LAYERS, false)).toEqual(NOT_EXPORTED.pytorch);
    expect(missing(KERAS_LAYERS, true)).toEqual(NOT_EXPORTED.keras);
    expect(missing(EMITTERS, true)).toEqual(NOT_EXPORTED.onnx);
  });

  it('training', () => {
    expect(missing(BACKWARDS, false)).toEqual(NOT_TRAINABLE);
  });
});

describe('a kind an exporter has no mapping for', () => {
  // LeNet-5 has a Flatten; each exporter's Flatten entry is taken out for one export.
  const tables = { pytorch: PYTORCH_LAYERS, keras: KERAS_LAYERS, onnx: EMITTERS } as Record<string, Record<string, unknown>>;
  it.each(EXPORT_TARGETS.map((t) => [t.id]))('%s refuses it by node and kind, and exports the rest as before', (id) => {
    const target = EXPORT_TARGETS.find((t) => t.id === id)!;
    const doc = findPreset('lenet5')!.doc;
    const table = tables[id];
    const flatten = table.Flatten;
    delete table.Flatten;
    try {
      const result = target.exportGraph(doc, { weights: 'none', seed: 1 });
      expect(result.ok).toBe(false);
      if (result.ok || result.code !== 'unsupported') throw new Error('expected an unsupported-node refusal');
      expect(result.nodes.map((n) => n.kind)).toEqual(['Flatten']);
      expect(result.message).toMatch(/no mapping for Flatten layers yet/);
    } finally {
      table.Flatten = flatten;
    }
    expect(target.exportGraph(doc, { weights: 'none', seed: 1 }).ok).toBe(true);
  });
});
