/**
 * Opset 17 has no GELU or SiLU op, so torch.onnx.export (and our own export) writes them out:
 *   gelu      x * (1 + Erf(x / sqrt 2)) * 0.5
 *   geluTanh  x * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 * x^3))) * 0.5   (x^3 as x * (x * x) or Pow)
 *   silu      x * Sigmoid(x)
 * Before mapping, each such subgraph whose inner values nothing else reads becomes one node
 * (`Gelu` with `approximate`, or `Silu`), which maps to the activation and folds into the layer
 * before it like any other. Multiplications and additions match in either operand order.
 */
import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, AttributeProtoSchema, NodeProtoSchema } from '../onnx/codec';
import type { GraphProto, NodeProto, TensorProto } from '../onnx/codec';
import { readFloatTensor } from '../onnx/tensors';

export type PatternFn = 'gelu' | 'geluTanh' | 'silu';

/** One recognised subgraph: its ONNX nodes (the last one's output is the activation's) and the node standing for them. */
export interface FusedActivation { fn: PatternFn; nodes: NodeProto[]; replacement: NodeProto }

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const isDefaultDomain = (domain: string) => domain === '' || domain === 'ai.onnx';

/** The graph's nodes with every recognised activation subgraph replaced by one node. */
export function fuseActivationPatterns(graph: GraphProto): { nodes: NodeProto[]; fused: FusedActivation[] } {
  const finder = new PatternFinder(graph);
  const fused: FusedActivation[] = [];
  const replaced = new Set<NodeProto>();
  for (const node of graph.node) {
    if (node.opType !== 'Mul' || replaced.has(node)) continue;
    const match = finder.gelu(node) ?? finder.geluTanh(node) ?? finder.silu(node);
    if (!match || match.nodes.some((n) => replaced.has(n))) continue;
    for (const n of match.nodes) replaced.add(n);
    fused.push({ fn: match.fn, nodes: match.nodes, replacement: replacementNode(match.fn, match.x, match.nodes) });
  }
  if (fused.length === 0) return { nodes: graph.node, fused };
  const byLast = new Map(fused.map((f) => [f.nodes[f.nodes.length - 1], f.replacement]));
  const nodes = graph.node.flatMap((n) => (byLast.has(n) ? [byLast.get(n)!] : replaced.has(n) ? [] : [n]));
  return { nodes, fused };
}

/** Named after the pattern's first node (the layer's name in an export that groups ops by layer). */
function replacementNode(fn: PatternFn, x: string, nodes: readonly NodeProto[]): NodeProto {
  const last = nodes[nodes.length - 1];
  const attribute = fn === 'silu' ? [] : [create(AttributeProtoSchema, {
    name: 'approximate', type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(fn === 'gelu' ? 'none' : 'tanh'),
  })];
  return create(NodeProtoSchema, { name: nodes[0].name, opType: fn === 'silu' ? 'Silu' : 'Gelu', input: [x], output: [last.output[0]], attribute });
}

interface Match { fn: PatternFn; x: string; nodes: NodeProto[] }

class PatternFinder {
  private readonly producer = new Map<string, NodeProto>();
  private readonly readers = new Map<string, number>();
  private readonly constants = new Map<string, TensorProto>();

  constructor(graph: GraphProto) {
    for (const t of graph.initializer) this.constants.set(t.name, t);
    for (const n of graph.node) {
      for (const o of n.output) this.producer.set(o, n);
      for (const i of n.input) this.readers.set(i, (this.readers.get(i) ?? 0) + 1);
      const value = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
      if (value) this.constants.set(n.output[0], value);
    }
    // A graph output is read from outside: an inner value that is one cannot disappear.
    for (const o of graph.output) this.readers.set(o.name, (this.readers.get(o.name) ?? 0) + 1);
  }

  /** x * (1 + Erf(x / sqrt 2)) * 0.5, with x / sqrt 2 also as x * (1 / sqrt 2). */
  gelu(last: NodeProto): Match | null {
    for (const { x, fn: erf, outer } of this.halfTimesOnePlus(last, 'Erf')) {
      const scaled = this.inner(erf.input[0], 'Div') ?? this.inner(erf.input[0], 'Mul');
      if (!scaled) continue;
      const divides = scaled.opType === 'Div' && scaled.input[0] === x && this.isConst(scaled.input[1], Math.SQRT2);
      const multiplies = scaled.opType === 'Mul' && this.operands(scaled, 'Mul').some(([a, k]) => a === x && this.isConst(k, Math.SQRT1_2));
      if (divides || multiplies) return { fn: 'gelu', x, nodes: [scaled, erf, ...outer] };
    }
    return null;
  }

  /** x * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 * x^3))) * 0.5. */
  geluTanh(last: NodeProto): Match | null {
    for (const { x, fn: tanh, outer } of this.halfTimesOnePlus(last, 'Tanh')) {
      const scaled = this.inner(tanh.input[0], 'Mul');
      if (!scaled) continue;
      for (const [poly, beta] of this.operands(scaled, 'Mul')) {
        if (!this.isConst(beta, SQRT_2_OVER_PI)) continue;
        const polySum = this.inner(poly, 'Add');
        if (!polySum) continue;
        for (const [x2, term] of this.operands(polySum, 'Add')) {
          if (x2 !== x) continue;
          const cubic = this.inner(term, 'Mul');
          if (!cubic) continue;
          for (const [cube, kappa] of this.operands(cubic, 'Mul')) {
            if (!this.isConst(kappa, 0.044715)) continue;
            const cubeNodes = this.cube(cube, x);
            if (cubeNodes) return { fn: 'geluTanh', x, nodes: [...cubeNodes, cubic, polySum, scaled, tanh, ...outer] };
          }
        }
      }
    }
    return null;
  }

  /**
   * The part both GELU forms share, x * (1 + fn(..)) * 0.5 ending at `last`: each way to read it,
   * with x, the `fn` node (Erf or Tanh) and the outer nodes Add, Mul, Mul in order.
   */
  private *halfTimesOnePlus(last: NodeProto, fn: 'Erf' | 'Tanh'): Generator<{ x: string; fn: NodeProto; outer: NodeProto[] }> {
    for (const [inner, half] of this.operands(last, 'Mul')) {
      if (!this.isConst(half, 0.5)) continue;
      const times = this.inner(inner, 'Mul');
      if (!times) continue;
      for (const [x, sum] of this.operands(times, 'Mul')) {
        const plus = this.inner(sum, 'Add');
        const node = plus && this.plusOne(plus, fn);
        if (plus && node) yield { x, fn: node, outer: [plus, times, last] };
      }
    }
  }

  /** x * Sigmoid(x). */
  silu(last: NodeProto): Match | null {
    for (const [x, s] of this.operands(last, 'Mul')) {
      const sigmoid = this.inner(s, 'Sigmoid');
      if (sigmoid && sigmoid.input[0] === x) return { fn: 'silu', x, nodes: [sigmoid, last] };
    }
    return null;
  }

  /** x^3 as Pow(x, 3), x * (x * x) or (x * x) * x: its nodes, innermost first. */
  private cube(value: string, x: string): NodeProto[] | null {
    const pow = this.inner(value, 'Pow');
    if (pow) return pow.input[0] === x && this.isConst(pow.input[1], 3) ? [pow] : null;
    const outer = this.inner(value, 'Mul');
    if (!outer) return null;
    for (const [a, b] of this.operands(outer, 'Mul')) {
      const square = a === x ? this.inner(b, 'Mul') : null;
      if (square && square.input[0] === x && square.input[1] === x) return [square, outer];
    }
    return null;
  }

  /** The `op` node of an Add(op(..), 1) (either order). */
  private plusOne(plus: NodeProto, op: string): NodeProto | null {
    for (const [a, one] of this.operands(plus, 'Add')) {
      if (!this.isConst(one, 1)) continue;
      const node = this.inner(a, op);
      if (node) return node;
    }
    return null;
  }

  /** Both orders of a binary node's inputs, when it is `op` with two. */
  private operands(node: NodeProto, op: string): [string, string][] {
    if (node.opType !== op || node.input.length !== 2 || !isDefaultDomain(node.domain)) return [];
    const [a, b] = node.input;
    return [[a, b], [b, a]];
  }

  /** The `op` node making `value`, when the pattern is its only reader. */
  private inner(value: string | undefined, op: string): NodeProto | null {
    if (!value) return null;
    const node = this.producer.get(value);
    return node && node.opType === op && isDefaultDomain(node.domain) && node.output.length === 1 && this.readers.get(value) === 1 ? node : null;
  }

  /** Whether `value` is a constant of one value within float32 rounding of `expected`. */
  private isConst(value: string, expected: number): boolean {
    const tensor = this.constants.get(value);
    if (!tensor) return false;
    const read = readFloatTensor(tensor);
    return read.ok && read.data.length === 1 && Math.abs(read.data[0] - expected) <= 1e-6 * Math.abs(expected);
  }
}
