import { createRandom } from '../../src/core/compile/random';
import { encodeFloat32 } from '../../src/core/graph/tensorCodec';
import { ACTIVATIONS, type GraphDocument, type GraphNode, type Shape, type WeightMap } from '../../src/core/graph/types';
import { getLayer } from '../../src/core/layers/registry';

/**
 * Random graphs for the exporters: every kind, every padding form ('valid', 'same', a number,
 * explicit pairs), strides, dilation, groups, transposed output padding, several Inputs, branches
 * that meet in Add and Concatenate, outputs anywhere. Like tests/e2eOracle/randomGraphs.test.ts
 * each step picks a kind and earlier nodes to read from (so the graph stays acyclic), here with
 * spatial layers too; a candidate the shape engine refuses is drawn again, so every graph compiles.
 */
export interface RandomGraph { doc: GraphDocument; seed: number }

type Rand = { int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean; next(): number };

function makeRand(seed: number): Rand {
  const next = createRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const MAX_SIDE = 20;

function padding(r: Rand, k: number): unknown {
  switch (r.int(0, 3)) {
    case 0: return 'valid';
    case 1: return 'same';
    case 2: return r.int(0, Math.max(0, k - 1));
    default: return [[r.int(0, k - 1), r.int(0, k - 1)], [r.int(0, k - 1), r.int(0, k - 1)]];
  }
}

function pair(r: Rand, lo: number, hi: number): unknown {
  return r.chance(0.25) ? [r.int(lo, hi), r.int(lo, hi)] : r.int(lo, hi);
}

function windowParams(r: Rand, kHi: number): Record<string, unknown> {
  const k = r.int(1, kHi);
  const k2 = r.chance(0.2) ? r.int(1, kHi) : k;
  const dilated = r.chance(0.25);
  // Pads below the window: every window then holds a real pixel (as with 'same').
  return { kernelSize: k2 === k ? k : [k, k2], strides: dilated ? 1 : pair(r, 1, 3), padding: padding(r, Math.min(k, k2)), dilation: dilated ? pair(r, 1, 2) : 1 };
}

function activationOf(r: Rand): string {
  return r.pick(ACTIVATIONS);
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}

/** Params for one kind on this input shape (single-input kinds). */
const SINGLE: Record<string, (r: Rand, shape: Shape) => Record<string, unknown> | null> = {
  Conv2D: (r, s) => {
    if (s.length !== 3) return null;
    const groups = r.chance(0.3) ? r.pick(divisors(s[2])) : 1;
    return { ...windowParams(r, 4), filters: groups * r.int(1, 3), groups, activation: activationOf(r), useBias: r.chance(0.8) };
  },
  DepthwiseConv2D: (r, s) => (s.length === 3 ? { ...windowParams(r, 4), depthMultiplier: r.int(1, 3), activation: activationOf(r), useBias: r.chance(0.8) } : null),
  SeparableConv2D: (r, s) => (s.length === 3 ? { ...windowParams(r, 4), depthMultiplier: r.int(1, 2), filters: r.int(1, 5), activation: activationOf(r), useBias: r.chance(0.8) } : null),
  Conv2DTranspose: (r, s) => {
    if (s.length !== 3) return null;
    const w = windowParams(r, 4);
    const strides = r.int(1, 3);
    const dilation = strides === 1 && r.chance(0.3) ? 2 : 1;
    const pad = r.pick(['valid', 'same', r.int(0, 1), [[0, 1], [1, 0]]]);
    const outputPadding = r.chance(0.4) ? r.int(0, Math.max(strides, dilation) - 1) : null;
    return { ...w, strides, dilation, padding: pad, outputPadding, filters: r.int(1, 4), activation: activationOf(r), useBias: r.chance(0.8) };
  },
  MaxPool2D: (r, s) => (s.length === 3 ? { ...poolParams(r), ...poolExtras(r, 'MaxPool2D') } : null),
  AvgPool2D: (r, s) => (s.length === 3 ? { ...poolParams(r), ...poolExtras(r, 'AvgPool2D') } : null),
  GlobalAvgPool2D: (r, s) => (s.length === 3 ? {} : null),
  Flatten: () => ({}),
  Dense: (r, s) => (s.length === 1 ? { units: r.int(1, 12), activation: activationOf(r), useBias: r.chance(0.8) } : null),
  Activation: (r) => {
    const fn = activationOf(r);
    return (fn === 'leakyRelu' || fn === 'elu') && r.chance(0.5) ? { fn, alpha: r.int(1, 12) / 10 } : { fn };
  },
  Dropout: (r) => ({ rate: r.pick([0, 0.25, 0.5]) }),
  BatchNorm: (r) => ({ epsilon: r.pick([0.001, 0.1, 1e-5]) }),
  UpSampling2D: (r, s) => (s.length === 3 ? { size: pair(r, 1, 3), interpolation: r.pick(['nearest', 'bilinear']) } : null),
  ZeroPadding2D: (r, s) => (s.length === 3 ? { padding: margins(r, 2) } : null),
  Cropping2D: (r, s) => (s.length === 3 ? { cropping: margins(r, 2) } : null),
  GlobalMaxPool2D: (_r, s) => (s.length === 3 ? {} : null),
  // Keras' pixel forms, a negative scale and the identity (which the ONNX export still writes as a Mul).
  Rescaling: (r) => ({ scale: r.pick([1 / 255, 1 / 127.5, -2.5, 0.5, 1]), offset: r.pick([0, -1, 0.25]) }),
  Reshape: (r, s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const options: number[][] = [[n], [-1], [1, 1, n], [1, n, 1]];
    if (s.length === 3) options.push([s[1], s[0], s[2]], [s[0], s[1] * s[2], 1], [s[0] * s[1], 1, s[2]], [-1, 1, s[2]]);
    return { targetShape: r.pick(options) };
  },
};

function margins(r: Rand, hi: number): unknown {
  switch (r.int(0, 2)) {
    case 0: return r.int(0, hi);
    case 1: return [r.int(0, hi), r.int(0, hi)];
    default: return [[r.int(0, hi), r.int(0, hi)], [r.int(0, hi), r.int(0, hi)]];
  }
}

/** Pool params the registry knows beyond the window (PyTorch's ceil_mode, count_include_pad), drawn when present. */
function poolExtras(r: Rand, kind: string): Record<string, unknown> {
  const defaults = (getLayer(kind)?.defaultParams() ?? {}) as Record<string, unknown>;
  const extras: Record<string, unknown> = {};
  if ('ceilMode' in defaults) extras.ceilMode = r.chance(0.3);
  if ('countIncludePad' in defaults) extras.countIncludePad = r.chance(0.3);
  return extras;
}

function poolParams(r: Rand): Record<string, unknown> {
  const k = r.int(1, 3);
  const k2 = r.chance(0.2) ? r.int(1, 3) : k;
  return { poolSize: k2 === k ? k : [k, k2], strides: r.chance(0.3) ? pair(r, 1, 3) : undefined, padding: padding(r, Math.min(k, k2)) };
}

/** The kinds the generator draws (merges included) that the registry has, for coverage checks. */
export const RANDOM_KINDS = [...Object.keys(SINGLE), 'Add', 'Concatenate', 'Multiply'].filter((k) => getLayer(k) !== undefined);

function infer(kind: string, params: Record<string, unknown>, inputs: Shape[]): Shape | null {
  const def = getLayer(kind);
  if (!def) return null;
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const v = def.validateParams(clean);
  if (!v.ok) return null;
  const out = def.inferOutput(inputs, v.params, { nodeId: 'x', label: 'x' });
  if (!out.ok || out.diagnostics.some((d) => d.severity === 'error')) return null;
  if (out.shape.length === 3 && (out.shape[0] > MAX_SIDE || out.shape[1] > MAX_SIDE)) return null;
  return out.shape;
}

/** One random graph that compiles; `seed` makes it reproducible. */
export function buildRandomGraph(seed: number): RandomGraph {
  const r = makeRand(seed);
  const node = (id: string, kind: string, params: Record<string, unknown>): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });
  const vectorInput = r.chance(0.1);
  const inShape: Shape = vectorInput ? [r.int(2, 10)] : [r.int(4, 12), r.int(4, 12), r.int(1, 4)];
  const nodes: GraphNode[] = [node('in', 'Input', { shape: inShape })];
  const shapes: Shape[] = [inShape];
  if (r.chance(0.1)) {
    nodes.push(node('in2', 'Input', { shape: inShape }));
    shapes.push(inShape);
  }
  const edges: [string, string][] = [];
  const weights: WeightMap = {};
  const steps = r.int(2, 10);
  for (let i = 0, tries = 0; i < steps && tries < 200; tries++) {
    const id = `n${i}`;
    const kind = r.pick(RANDOM_KINDS);
    const from = r.chance(0.6) ? nodes.length - 1 : r.int(0, nodes.length - 1);
    let inputs: number[];
    let params: Record<string, unknown>;
    if (kind === 'Add' || kind === 'Concatenate' || kind === 'Multiply') {
      const c = shapes[from][shapes[from].length - 1];
      // Multiply also takes per-channel gates ([c] or [1, 1, c]) on a map, as squeeze-and-excitation does.
      const gate = (j: number) => shapes[from].length === 3 && (shapes[j].join() === String(c) || shapes[j].join() === `1,1,${c}`);
      const same = (j: number) => (kind === 'Concatenate'
        ? shapes[j].length === shapes[from].length && shapes[j].slice(0, -1).join() === shapes[from].slice(0, -1).join()
        : shapes[j].join() === shapes[from].join() || (kind === 'Multiply' && gate(j)));
      const others = shapes.map((_, j) => j).filter((j) => j !== from && same(j));
      inputs = [from, others.length > 0 ? r.pick(others) : from];
      if (others.length > 1 && r.chance(0.3)) inputs.push(r.pick(others));
      params = {};
    } else {
      const make = SINGLE[kind](r, shapes[from]);
      if (!make) continue;
      inputs = [from];
      params = make;
    }
    const out = infer(kind, params, inputs.map((j) => shapes[j]));
    if (!out) continue;
    nodes.push(node(id, kind, Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined))));
    shapes.push(out);
    for (const j of inputs) edges.push([nodes[j].id, id]);
    if (kind === 'BatchNorm') {
      const c = out[out.length - 1];
      const vec = (lo: number, hi: number) => ({ shape: [c], data: encodeFloat32(Float32Array.from({ length: c }, () => lo + (hi - lo) * r.next())) });
      weights[id] = { gamma: vec(0.5, 1.5), beta: vec(-0.5, 0.5), movingMean: vec(-0.3, 0.3), movingVariance: vec(0.3, 2) };
    }
    i++;
  }
  // An Input nobody reads would be an output that is its own input: give it a reader.
  const unread = nodes.filter((n) => n.kind === 'Input' && !edges.some(([s]) => s === n.id) && nodes.length > 2);
  for (const n of unread) {
    nodes.push(node(`${n.id}_act`, 'Activation', { fn: 'tanh' }));
    edges.push([n.id, `${n.id}_act`]);
  }
  return {
    seed,
    doc: { format: 'cnn-graph', version: 1, name: `random ${seed}`, nodes, edges: edges.map(([source, target], k) => ({ id: `e${k}`, source, target })), weights },
  };
}
