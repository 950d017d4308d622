import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { findPreset } from '../../../src/core/presets';
import { createExecutor } from '../../../src/core/runtime/executor';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { chainDoc, type NodeSpec } from './buildDoc';

const fieldOf = (doc: Parameters<typeof inferShapes>[0], id: string) => {
  const n = inferShapes(doc).nodes.get(id)!;
  return { field: n.receptiveField, jump: n.jump };
};

describe('receptive field', () => {
  it('VGG-16: conv5_3 sees 196 pixels and pool5 212 (Araujo et al., Distill 2019)', () => {
    const doc = findPreset('vgg16')!.doc;
    expect(fieldOf(doc, 'block5_conv3')).toEqual({ field: [196, 196], jump: [16, 16] });
    expect(fieldOf(doc, 'block5_pool')).toEqual({ field: [212, 212], jump: [32, 32] });
    expect(fieldOf(doc, 'flatten').field).toBeNull();
  });

  it('LeNet-5: C1 5, S2 6, C3 14, S4 16; the vector layers have none', () => {
    const doc = findPreset('lenet5')!.doc;
    const ids = inferShapes(doc).order;
    const fields = ids.map((id) => [id, fieldOf(doc, id).field?.[0] ?? null]);
    expect(fields).toEqual([['input', 1], ['c1', 5], ['s2', 6], ['c3', 14], ['s4', 16], ['c5', 32], ['flatten', null], ['f6', null], ['output', null]]);
  });

  it('dilation widens the window: a 3x3 conv with dilation 2 sees 5', () => {
    const doc = chainDoc([['in', 'Input', { shape: [20, 20, 1] }], ['c', 'Conv2D', { filters: 1, kernelSize: 3, dilation: 2 }]]);
    expect(fieldOf(doc, 'c')).toEqual({ field: [5, 5], jump: [1, 1] });
  });

  it('merges take the widest input field', () => {
    const doc = {
      ...chainDoc([['in', 'Input', { shape: [16, 16, 2] }], ['a', 'Conv2D', { filters: 2, kernelSize: 5, padding: 'same' }]]),
    };
    doc.nodes.push({ id: 'b', kind: 'Conv2D', name: 'b', params: { filters: 2, kernelSize: 1 }, position: { x: 0, y: 0 } });
    doc.nodes.push({ id: 'sum', kind: 'Add', name: 'sum', params: {}, position: { x: 0, y: 0 } });
    doc.edges.push({ id: 'x1', source: 'in', target: 'b' }, { id: 'x2', source: 'a', target: 'sum' }, { id: 'x3', source: 'b', target: 'sum' });
    expect(fieldOf(doc, 'sum')).toEqual({ field: [5, 5], jump: [1, 1] });
  });

  // Brute force: perturb one input pixel at a time and see whether the middle output pixel changes.
  // The extent of those pixels is the receptive field. The chain is linear (convolutions without
  // activation, average pooling) with random weights, so every pixel in the field moves the output;
  // max pooling follows the same rule and is covered by VGG-16's published figures.
  it('equals the extent of input pixels that change an output pixel (random conv/pool chains)', () => {
    const layer = fc.oneof(
      fc.record({ kind: fc.constant('Conv2D'), k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 2 }), d: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ kind: fc.constant('AvgPool2D'), k: fc.integer({ min: 2, max: 3 }), s: fc.integer({ min: 1, max: 2 }), d: fc.constant(1) }),
    );
    fc.assert(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), (layers, seed) => {
        const size = 40;
        const specs: NodeSpec[] = [['in', 'Input', { shape: [size, size, 1] }]];
        layers.forEach((l, i) => {
          const stride = l.d > 1 ? 1 : l.s;
          specs.push(l.kind === 'Conv2D'
            ? [`l${i}`, 'Conv2D', { filters: 1, kernelSize: l.k, strides: stride, dilation: l.d, activation: 'linear' }]
            : [`l${i}`, l.kind, { poolSize: l.k, strides: stride }]);
        });
        const doc = chainDoc(specs);
        const last = `l${layers.length - 1}`;
        const inf = inferShapes(doc);
        const out = inf.nodes.get(last)!;
        if (!out.outputShape || out.outputShape[0] < 3) return;
        const compiled = compileGraph(doc, { seed });
        if (!compiled.ok) throw new Error(compiled.message);
        const exec = createExecutor(compiled.plan, compiled.weights);
        const run = (x: Float32Array) => {
          const r = exec.run(x, 1);
          if (!r.ok) throw new Error(r.error.message);
          return r.outputs[last];
        };
        const [oh, ow] = out.outputShape;
        const oy = Math.floor(oh / 2);
        const ox = Math.floor(ow / 2);
        // Distinct base values keep max pooling from ties that would hide a pixel.
        const base = Float32Array.from({ length: size * size }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
        const ref = run(base)[oy * ow + ox];
        let minY = Infinity, maxY = -Infinity, minX = Infinity, maxX = -Infinity;
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const probe = base.slice();
            probe[y * size + x] += 1000;
            if (run(probe)[oy * ow + ox] !== ref) {
              minY = Math.min(minY, y); maxY = Math.max(maxY, y); minX = Math.min(minX, x); maxX = Math.max(maxX, x);
            }
          }
        }
        expect([maxY - minY + 1, maxX - minX + 1]).toEqual(out.receptiveField);
      }),
      { numRuns: 12 },
    );
  });

  // Upsampling makes the field depend on the output pixel's phase, so the brute force takes the
  // widest extent over every output pixel (the formula gives that maximum).
  it('upsampling, padding and cropping: the widest extent over all output pixels', { timeout: 60_000 }, () => {
    const layer = fc.oneof(
      fc.record({ kind: fc.constant('Conv2D'), k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ kind: fc.constantFrom('nearest', 'bilinear'), k: fc.constant(0), s: fc.integer({ min: 2, max: 3 }) }),
      fc.record({ kind: fc.constantFrom('ZeroPadding2D', 'Cropping2D'), k: fc.integer({ min: 1, max: 2 }), s: fc.constant(1) }),
    );
    fc.assert(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), (layers, seed) => {
        const size = 12;
        const specs: NodeSpec[] = [['in', 'Input', { shape: [size, size, 1] }]];
        layers.forEach((l, i) => {
          if (l.kind === 'Conv2D') specs.push([`l${i}`, 'Conv2D', { filters: 1, kernelSize: l.k, strides: l.s, activation: 'linear' }]);
          else if (l.kind === 'ZeroPadding2D') specs.push([`l${i}`, 'ZeroPadding2D', { padding: l.k }]);
          else if (l.kind === 'Cropping2D') specs.push([`l${i}`, 'Cropping2D', { cropping: l.k }]);
          else specs.push([`l${i}`, 'UpSampling2D', { size: l.s, interpolation: l.kind }]);
        });
        const doc = chainDoc(specs);
        const last = `l${layers.length - 1}`;
        const outNode = inferShapes(doc).nodes.get(last)!;
        if (!outNode.outputShape || outNode.outputShape[0] < 4) return;
        const compiled = compileGraph(doc, { seed });
        if (!compiled.ok) throw new Error(compiled.message);
        const exec = createExecutor(compiled.plan, compiled.weights);
        const run = (x: Float32Array) => {
          const r = exec.run(x, 1);
          if (!r.ok) throw new Error(r.error.message);
          return r.outputs[last].slice();
        };
        const [oh, ow] = outNode.outputShape;
        const base = Float32Array.from({ length: size * size }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
        const ref = run(base);
        const lo = Array.from({ length: oh * ow }, () => [Infinity, Infinity]);
        const hi = Array.from({ length: oh * ow }, () => [-Infinity, -Infinity]);
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const probe = base.slice();
            probe[y * size + x] += 1000;
            const got = run(probe);
            for (let o = 0; o < oh * ow; o++) {
              if (got[o] === ref[o]) continue;
              lo[o] = [Math.min(lo[o][0], y), Math.min(lo[o][1], x)];
              hi[o] = [Math.max(hi[o][0], y), Math.max(hi[o][1], x)];
            }
          }
        }
        // Pixels whose window lies fully inside the image; border pixels see padding or clamping.
        let widest = [0, 0];
        for (let o = 0; o < oh * ow; o++) {
          if (hi[o][0] < 0) continue;
          widest = [Math.max(widest[0], hi[o][0] - lo[o][0] + 1), Math.max(widest[1], hi[o][1] - lo[o][1] + 1)];
        }
        // After an upsampling the jump is a fraction of a pixel, and how many input pixels a later
        // window reaches depends on its phase against the repeated or interpolated pixels (a
        // stride can align it, an odd bilinear factor has one-tap phases): there the rule is an
        // upper bound. Up to the first upsampling, and through it, it is exact.
        const firstUp = layers.findIndex((l) => l.kind === 'nearest' || l.kind === 'bilinear');
        const windowAfter = firstUp >= 0 && layers.slice(firstUp + 1).some((l) => l.kind !== 'ZeroPadding2D' && l.kind !== 'Cropping2D');
        if (!windowAfter) expect(widest).toEqual(outNode.receptiveField);
        else widest.forEach((w, axis) => expect(w).toBeLessThanOrEqual(outNode.receptiveField![axis]));
      }),
      { numRuns: 40 },
    );
  });
});
