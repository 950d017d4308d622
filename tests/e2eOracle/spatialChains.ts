import fc from 'fast-check';
import { ACTIVATIONS, type GraphDocument, type GraphNode } from '../../src/core/graph/types';
import { inferShapes } from '../../src/core/shape/inferShapes';

/**
 * Random spatial chains through the reshaping and gating kinds (UpSampling2D both ways,
 * ZeroPadding2D and Cropping2D in every Keras form, Reshape, squeeze-and-excitation gates through
 * Multiply with [c] and [1, 1, c], GlobalMaxPool2D, Rescaling) between small convolutions.
 */
export type Step = { op: 'conv' | 'up' | 'pad' | 'crop' | 'se' | 'square' | 'reshape' | 'rescale'; a: number; b: number; c: number; d: number };

export const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('conv', 'up', 'pad', 'crop', 'se', 'square', 'reshape', 'rescale'),
  a: fc.nat(11), b: fc.nat(11), c: fc.nat(11), d: fc.nat(11),
});

const node = (id: string, kind: string, params: Record<string, unknown>): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });

function marginsOf(s: Step, limit: (axis: 0 | 1) => number): unknown {
  const cap = (v: number, axis: 0 | 1) => Math.min(v, limit(axis));
  switch (s.d % 3) {
    case 0: return cap(s.a % 3, 0) === cap(s.a % 3, 1) ? cap(s.a % 3, 0) : [[cap(s.a % 3, 0), cap(s.a % 3, 0)], [cap(s.a % 3, 1), cap(s.a % 3, 1)]];
    case 1: return [cap(s.a % 3, 0), cap(s.b % 3, 1)];
    default: return [[cap(s.a % 3, 0), cap(s.b % 3, 0)], [cap(s.c % 3, 1), cap(s.d % 2, 1)]];
  }
}

export function buildChain(input: [number, number, number], steps: Step[]): GraphDocument {
  const nodes: GraphNode[] = [node('in', 'Input', { shape: input })];
  const edges: [string, string][] = [];
  let [h, w, c] = input;
  let cur = 'in';
  const add = (id: string, kind: string, params: Record<string, unknown>, from: string[]) => {
    nodes.push(node(id, kind, params));
    for (const f of from) edges.push([f, id]);
  };
  steps.forEach((s, i) => {
    const id = `n${i}`;
    switch (s.op) {
      case 'conv': {
        const filters = 1 + (s.a % 4);
        add(id, 'Conv2D', { filters, kernelSize: 1 + (s.b % 3), strides: 1, padding: 'same', activation: ACTIVATIONS[s.c % ACTIVATIONS.length] === 'softmax' ? 'tanh' : ACTIVATIONS[s.c % ACTIVATIONS.length], useBias: true }, [cur]);
        c = filters;
        break;
      }
      case 'up': {
        const size: [number, number] = [1 + (s.a % 3), 1 + (s.b % 3)];
        if (h * size[0] > 24 || w * size[1] > 24) return;
        add(id, 'UpSampling2D', { size: size[0] === size[1] ? size[0] : size, interpolation: s.c % 2 === 0 ? 'nearest' : 'bilinear' }, [cur]);
        h *= size[0]; w *= size[1];
        break;
      }
      case 'pad': {
        if (h > 20 || w > 20) return;
        const padding = marginsOf(s, () => 3);
        add(id, 'ZeroPadding2D', { padding }, [cur]);
        const probe = inferShapes({ format: 'cnn-graph', version: 1, name: 'p', nodes: [node('i', 'Input', { shape: [h, w, c] }), node('z', 'ZeroPadding2D', { padding })], edges: [{ id: 'e', source: 'i', target: 'z' }] });
        [h, w] = probe.nodes.get('z')!.outputShape as number[];
        break;
      }
      case 'crop': {
        // At most half of each side's room, so one pixel always stays.
        const cropping = marginsOf(s, (axis) => Math.floor(((axis === 0 ? h : w) - 1) / 2));
        add(id, 'Cropping2D', { cropping }, [cur]);
        const probe = inferShapes({ format: 'cnn-graph', version: 1, name: 'p', nodes: [node('i', 'Input', { shape: [h, w, c] }), node('z', 'Cropping2D', { cropping })], edges: [{ id: 'e', source: 'i', target: 'z' }] });
        [h, w] = probe.nodes.get('z')!.outputShape as number[];
        break;
      }
      case 'se': {
        // Squeeze-and-excitation: pool, a Dense gate, optionally reshaped to [1, 1, c], times the map.
        add(`${id}_pool`, s.a % 2 === 0 ? 'GlobalAvgPool2D' : 'GlobalMaxPool2D', {}, [cur]);
        add(`${id}_gate`, 'Dense', { units: c, activation: 'sigmoid', useBias: true }, [`${id}_pool`]);
        let gate = `${id}_gate`;
        if (s.b % 2 === 0) {
          add(`${id}_shape`, 'Reshape', { targetShape: s.c % 2 === 0 ? [1, 1, c] : [1, -1, c] }, [gate]);
          gate = `${id}_shape`;
        }
        add(id, 'Multiply', {}, s.d % 2 === 0 ? [cur, gate] : [gate, cur]);
        break;
      }
      case 'square':
        add(`${id}_act`, 'Activation', { fn: 'tanh' }, [cur]);
        add(id, 'Multiply', {}, [cur, `${id}_act`, cur].slice(0, 2 + (s.a % 2)));
        break;
      case 'rescale':
        // Keras' two preprocessing forms ([0, 1] and [-1, 1]) and a negative, widening one.
        add(id, 'Rescaling', { scale: [1 / 255, 1 / 127.5, -2.5, 0.5][s.a % 4], offset: [0, -1, 0.25][s.b % 3] }, [cur]);
        break;
      case 'reshape': {
        const targetShape = s.a % 3 === 0 ? [w, h, c] : s.a % 3 === 1 ? [-1, w, c] : [h * w, 1, -1];
        add(id, 'Reshape', { targetShape }, [cur]);
        if (s.a % 3 === 0) [h, w] = [w, h];
        else if (s.a % 3 === 2) [h, w] = [h * w, 1];
        break;
      }
    }
    cur = id;
  });
  add('head', 'GlobalMaxPool2D', {}, [cur]);
  return { format: 'cnn-graph', version: 1, name: 'spatial', nodes, edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })) };
}

/** Input sizes for the chains: small maps of 1 to 4 channels. */
export const inputArb = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }));
