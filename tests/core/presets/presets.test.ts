import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import type { GraphInference } from '../../../src/core/shape/types';

function totals(inf: GraphInference) {
  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  for (const n of inf.nodes.values()) {
    trainable += n.trainableParams;
    nonTrainable += n.nonTrainableParams;
    macs += n.macs;
  }
  return { params: trainable + nonTrainable, trainable, nonTrainable, macs };
}

const infer = (id: string) => inferShapes(PRESETS.find((p) => p.id === id)!.doc);
const shapeOf = (inf: GraphInference, id: string) => inf.nodes.get(id)!.outputShape;

/** Keras counts, written out by hand: conv k*k*cin*cout + cout, dense in*out + out. */
const conv = (k: number, cin: number, cout: number, bias = true) => k * k * cin * cout + (bias ? cout : 0);
const dense = (n: number, units: number) => n * units + units;

describe('presets', () => {
  it('lists LeNet-5 first', () => expect(PRESETS[0].id).toBe('lenet5'));

  // The published architectures' own quirks, kept: SqueezeNet 1.1's 3x3/2 stem on 224 never
  // reads the last row and column ((224 - 3)/2 + 1 = 111.5), in torchvision as here.
  const KNOWN_WARNINGS: Record<string, string[]> = { squeezenet1_1: ['features.0 stride-skips-pixels'] };

  it.each(PRESETS.map((p) => [p.id, p]))('%s infers with no errors and no warnings but its published ones', (id, preset) => {
    const inf = inferShapes(preset.doc);
    expect(inf.diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(KNOWN_WARNINGS[id] ?? []);
    expect(inf.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(inf.order).toHaveLength(preset.doc.nodes.length);
  });

  it('LeNet-5 has the published 61,706 params and 1x1x120 after C5', () => {
    const inf = infer('lenet5');
    expect(totals(inf).params).toBe(61_706);
    expect(shapeOf(inf, 'c1')).toEqual([28, 28, 6]);
    expect(shapeOf(inf, 's4')).toEqual([5, 5, 16]);
    expect(shapeOf(inf, 'c5')).toEqual([1, 1, 120]);
    expect(shapeOf(inf, 'output')).toEqual([10]);
  });

  it('LeNet-5 for MNIST matches hand-computed Keras counts', () => {
    const inf = infer('lenet5-mnist');
    const expected = conv(5, 1, 6) + conv(5, 6, 16) + conv(5, 16, 120) + dense(120, 84) + dense(84, 10);
    expect(totals(inf).params).toBe(expected);
    expect(shapeOf(inf, 'c1')).toEqual([28, 28, 6]);
    expect(shapeOf(inf, 'c5')).toEqual([1, 1, 120]);
  });

  it('TinyVGG follows CNN Explainer: 64 -> 62 -> 60 -> 30 -> 28 -> 26 -> 13, dense input 1690', () => {
    const inf = infer('tinyvgg');
    const sizes = inf.order.map((id) => inf.nodes.get(id)!.outputShape![0]);
    expect(sizes).toEqual([64, 62, 60, 30, 28, 26, 13, 1690, 10]);
    expect(totals(inf).params).toBe(conv(3, 3, 10) + 3 * conv(3, 10, 10) + dense(1690, 10));
    expect(totals(inf).params).toBe(19_920);
  });

  it('VGG-16 has exactly 138,357,544 params and ~15.47 G MACs', () => {
    const t = totals(infer('vgg16'));
    expect(t.params).toBe(138_357_544);
    // Published: 15.5 GMACs (often quoted as 15.5 "GFLOPs"); within 1%.
    expect(Math.abs(t.macs - 15.5e9) / 15.5e9).toBeLessThan(0.01);
  });

  it('ResNet basic block keeps 56x56x64 and counts BatchNorm like Keras', () => {
    const inf = infer('resnet-block');
    expect(shapeOf(inf, 'relu2')).toEqual([56, 56, 64]);
    const t = totals(inf);
    expect(t.trainable).toBe(2 * conv(3, 64, 64, false) + 2 * (2 * 64));
    expect(t.nonTrainable).toBe(2 * (2 * 64));
  });

  it('Inception 3a concatenates to 28x28x256 with 163,696 params', () => {
    const inf = infer('inception-block');
    expect(shapeOf(inf, 'concat')).toEqual([28, 28, 256]);
    const byHand = conv(1, 192, 64) + conv(1, 192, 96) + conv(3, 96, 128) + conv(1, 192, 16) + conv(5, 16, 32) + conv(1, 192, 32);
    expect(byHand).toBe(163_696);
    expect(totals(inf).params).toBe(byHand);
  });
});
