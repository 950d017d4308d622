import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../src/core/presets';
import { buildResnet50 } from '../../../src/core/presets/builders/resnet';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import type { GraphInference } from '../../../src/core/shape/types';

/** Totals over every node, as Keras and torchvision count them (trainable; BatchNorm statistics not). */
function totals(inf: GraphInference) {
  let trainable = 0;
  let nonTrainable = 0;
  for (const n of inf.nodes.values()) {
    trainable += n.trainableParams;
    nonTrainable += n.nonTrainableParams;
  }
  return { trainable, nonTrainable };
}

const inferPreset = (id: string) => {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return inferShapes(preset.doc);
};

describe('modern CNN presets match their published figures', () => {
  it('MobileNetV2 has Keras\' 3,538,984 params, 3,504,872 trainable, and a 7x7x1280 head', () => {
    const inf = inferPreset('mobilenetv2');
    expect(inf.diagnostics).toEqual([]);
    const t = totals(inf);
    expect(t.trainable + t.nonTrainable).toBe(3_538_984);
    expect(t.trainable).toBe(3_504_872);
    expect(inf.nodes.get('out_relu')!.outputShape).toEqual([7, 7, 1280]);
    expect(inf.nodes.get('predictions')!.outputShape).toEqual([1000]);
  });

  it('ResNet-18 has torchvision\'s 11,689,512 trainable params and a 7x7x512 last stage', () => {
    const inf = inferPreset('resnet18');
    expect(inf.diagnostics).toEqual([]);
    expect(totals(inf).trainable).toBe(11_689_512);
    expect(inf.nodes.get('layer4.1.relu2')!.outputShape).toEqual([7, 7, 512]);
    expect(inf.nodes.get('fc')!.outputShape).toEqual([1000]);
  });

  it('ResNet-50 has torchvision\'s 25,557,032 trainable params and a 7x7x2048 last stage', () => {
    const inf = inferPreset('resnet50');
    expect(inf.diagnostics).toEqual([]);
    expect(totals(inf).trainable).toBe(25_557_032);
    expect(inf.nodes.get('layer4.2.relu3')!.outputShape).toEqual([7, 7, 2048]);
  });

  it('SqueezeNet 1.1 has torchvision\'s 1,235,496 params and a 13x13x512 last Fire module', () => {
    const inf = inferPreset('squeezenet1_1');
    expect(inf.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(totals(inf)).toEqual({ trainable: 1_235_496, nonTrainable: 0 });
    expect(inf.nodes.get('features.12')!.outputShape).toEqual([13, 13, 512]);
    expect(inf.nodes.get('classifier.3')!.outputShape).toEqual([1000]);
  });

  // Araujo et al. (Distill 2019) list 427 for torchvision's ResNet-50 and 483 for TF-slim's, which
  // downsamples at the end of each stage: same weights, different fields.
  it('ResNet-50 sees 427 pixels at the last stage; with TF-slim\'s stride placement 483', () => {
    const last = (inf: GraphInference) => inf.nodes.get('layer4.2.relu3')!.receptiveField;
    expect(last(inferPreset('resnet50'))).toEqual([427, 427]);
    const slim = inferShapes(buildResnet50('tf-slim'));
    expect(totals(slim).trainable).toBe(25_557_032);
    expect(last(slim)).toEqual([483, 483]);
  });
});
