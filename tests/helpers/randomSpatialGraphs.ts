import fc from 'fast-check';
import { ACTIVATIONS, type GraphDocument, type GraphNode } from '../../src/core/graph/types';
import { inferShapes } from '../../src/core/shape/inferShapes';

/**
 * Random valid CNN graphs for the exporters: every convolution kind (groups, depthwise,
 * separable, transposed with and without outputPadding), every padding form ('valid', 'same',
 * a number, explicit asymmetric pads), strides, dilation, pooling, BatchNorm, every activation,
 * branches merged by Add and Concatenate, then a vector tail (Flatten or GlobalAvgPool2D, Dense).
 * Each proposed layer is kept only when shape inference accepts it, so the graphs are valid
 * without this file repeating the shape arithmetic.
 */
export interface SpatialChoice {
  kind: 'Conv2D' | 'DepthwiseConv2D' | 'SeparableConv2D' | 'Conv2DTranspose' | 'MaxPool2D' | 'AvgPool2D' | 'BatchNorm' | 'Activation' | 'Dropout' | 'Add' | 'Concatenate';
  picks: number[];
  numbers: number[];
}

const KINDS = ['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'MaxPool2D', 'AvgPool2D', 'BatchNorm', 'Activation', 'Dropout', 'Add', 'Concatenate'] as const;

export const spatialChoiceArb: fc.Arbitrary<SpatialChoice> = fc.record({
  kind: fc.constantFrom(...KINDS),
  picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  numbers: fc.array(fc.nat({ max: 1000 }), { minLength: 10, maxLength: 10 }),
});

export interface SpatialGraphSpec {
  input: [number, number, number];
  choices: SpatialChoice[];
  /** 0: Flatten + Dense, 1: GlobalAvgPool2D + Dense, 2: no vector tail. */
  tail: number;
  tailUnits: number;
}

export const spatialGraphArb: fc.Arbitrary<SpatialGraphSpec> = fc.record({
  input: fc.tuple(fc.integer({ min: 5, max: 11 }), fc.integer({ min: 5, max: 11 }), fc.integer({ min: 1, max: 4 })),
  choices: fc.array(spatialChoiceArb, { minLength: 1, maxLength: 8 }),
  tail: fc.integer({ min: 0, max: 2 }),
  tailUnits: fc.integer({ min: 1, max: 6 }),
});

/** Picks one of `options` with a number. */
const pickOf = <T>(options: readonly T[], n: number): T => options[n % options.length];

function padding(n: number, m: number): unknown {
  switch (n % 5) {
    case 0: return 'valid';
    case 1: return 'same';
    case 2: return m % 3;
    case 3: return [[m % 3, (m >> 2) % 3], [(m >> 4) % 3, (m >> 6) % 2]];
    default: return 'same';
  }
}

const pair = (n: number, m: number, max: number): unknown => (n % 3 === 0 ? [1 + (m % max), 1 + ((m >> 3) % max)] : 1 + (m % max));

function paramsFor(c: SpatialChoice, cin: number): Record<string, unknown> {
  const [a, b, d, e, f, g, h, i, j, k] = c.numbers;
  const strided = a % 3 === 0;
  const window = { kernelSize: pair(b, d, 4), strides: strided ? pair(e, f, 3) : 1, padding: padding(g, h), dilation: !strided && i % 4 === 0 ? 2 : 1 };
  const activation = pickOf(ACTIVATIONS, j);
  switch (c.kind) {
    case 'Conv2D': {
      const divisors = [1, 2, 3, 4].filter((q) => cin % q === 0);
      const groups = pickOf(divisors, k);
      return { ...window, filters: groups * (1 + (k % 3)), groups, activation, useBias: k % 5 !== 0 };
    }
    case 'DepthwiseConv2D': return { ...window, depthMultiplier: 1 + (k % 2), activation, useBias: k % 5 !== 0 };
    case 'SeparableConv2D': return { ...window, depthMultiplier: 1 + (k % 2), filters: 1 + (k % 5), activation, useBias: k % 5 !== 0 };
    case 'Conv2DTranspose': {
      const strides = 1 + (e % 2);
      return {
        ...window, strides, dilation: strides === 1 && i % 4 === 0 ? 2 : 1, filters: 1 + (k % 4), activation, useBias: k % 5 !== 0,
        outputPadding: h % 2 === 0 ? null : (f % strides),
      };
    }
    case 'MaxPool2D':
    case 'AvgPool2D': return { poolSize: pair(b, d, 3), strides: pair(e, f, 3), padding: padding(g, h) };
    case 'BatchNorm': return { epsilon: pickOf([0.001, 1e-5, 0.1], k) };
    case 'Activation': {
      const fn = pickOf(ACTIVATIONS, k);
      return (fn === 'leakyRelu' || fn === 'elu') && j % 2 === 0 ? { fn, alpha: 0.1 + (j % 10) / 10 } : { fn };
    }
    case 'Dropout': return { rate: 0.25 };
    case 'Add':
    case 'Concatenate': return {};
  }
}

/** Builds the graph; layers that shape inference refuses are left out. */
export function buildSpatialGraph(spec: SpatialGraphSpec): GraphDocument {
  const nodes: GraphNode[] = [{ id: 'in', kind: 'Input', name: 'in', params: { shape: spec.input }, position: { x: 0, y: 0 } }];
  const edges: GraphDocument['edges'] = [];
  const doc: GraphDocument = { format: 'cnn-graph', version: 1, name: 'random spatial', nodes, edges };
  const shapes = new Map<string, readonly number[]>([['in', spec.input]]);
  const tryAdd = (node: GraphNode, sources: string[]): boolean => {
    nodes.push(node);
    sources.forEach((s) => edges.push({ id: `e${edges.length}`, source: s, target: node.id }));
    const inference = inferShapes(doc);
    const shape = inference.nodes.get(node.id)?.outputShape;
    // Small maps only: a random graph is about the arithmetic, not the size.
    if (!inference.hasErrors && shape && shape.length === 3 && shape[0] * shape[1] * shape[2] <= 4096) {
      shapes.set(node.id, shape);
      return true;
    }
    nodes.pop();
    edges.splice(edges.length - sources.length, sources.length);
    return false;
  };
  spec.choices.forEach((c, n) => {
    const maps = [...shapes.keys()];
    const first = maps[c.picks[0] % maps.length];
    const id = `n${n}`;
    let sources = [first];
    if (c.kind === 'Add') {
      const same = maps.filter((m) => shapes.get(m)!.join() === shapes.get(first)!.join());
      sources = [first, same[c.picks[1] % same.length], ...(c.picks[2] % 3 === 0 ? [same[c.picks[2] % same.length]] : [])];
    } else if (c.kind === 'Concatenate') {
      const [h, w] = shapes.get(first)!;
      const same = maps.filter((m) => shapes.get(m)![0] === h && shapes.get(m)![1] === w);
      sources = [first, same[c.picks[1] % same.length], ...(c.picks[2] % 3 === 0 ? [same[c.picks[2] % same.length]] : [])];
    }
    tryAdd({ id, kind: c.kind, name: id, params: paramsFor(c, shapes.get(first)![2]), position: { x: 0, y: 0 } }, sources);
  });
  if (spec.tail < 2) {
    const last = [...shapes.keys()].at(-1)!;
    const pool = spec.tail === 0 ? 'Flatten' : 'GlobalAvgPool2D';
    nodes.push({ id: 'flat', kind: pool, name: 'flat', params: {}, position: { x: 0, y: 0 } });
    edges.push({ id: `e${edges.length}`, source: last, target: 'flat' });
    nodes.push({ id: 'dense', kind: 'Dense', name: 'dense', params: { units: spec.tailUnits, activation: pickOf(ACTIVATIONS, spec.tailUnits + spec.input[0]), useBias: true }, position: { x: 0, y: 0 } });
    edges.push({ id: `e${edges.length}`, source: 'flat', target: 'dense' });
  }
  return doc;
}
