import fc from 'fast-check';
import { ACTIVATIONS, type GraphDocument, type GraphNode } from '../../src/core/graph/types';

/**
 * Random DAGs of vector layers with many fan-outs, merges and aliases: the shapes where a wrong
 * buffer lifetime would let a later step overwrite a tensor that is still to be read.
 */
export type Choice = { kind: 'Dense' | 'Activation' | 'Dropout' | 'Flatten' | 'BatchNorm' | 'Add' | 'Concatenate'; picks: number[]; units: number };

export const choiceArb: fc.Arbitrary<Choice> = fc.record({
  kind: fc.constantFrom('Dense', 'Activation', 'Dropout', 'Flatten', 'BatchNorm', 'Add', 'Concatenate'),
  picks: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }),
  units: fc.integer({ min: 1, max: 12 }),
});

export function buildGraph(choices: Choice[]): GraphDocument {
  const node = (id: string, kind: string, params: Record<string, unknown>): GraphNode => ({ id, kind, name: id, params, position: { x: 0, y: 0 } });
  const nodes: GraphNode[] = [node('in', 'Input', { shape: [6] })];
  const sizes = [6];
  const edges: [string, string][] = [];
  choices.forEach((c, i) => {
    const id = `n${i}`;
    const earlier = nodes.length; // only nodes made before this one: the graph stays acyclic
    const pick = (k: number) => c.picks[k] % earlier;
    switch (c.kind) {
      case 'Add': {
        const first = pick(0);
        const same = c.picks.map((p) => p % earlier).filter((j) => sizes[j] === sizes[first]);
        const inputs = same.length >= 2 ? same : [first, first];
        nodes.push(node(id, 'Add', {}));
        sizes.push(sizes[first]);
        inputs.forEach((j) => edges.push([nodes[j].id, id]));
        return;
      }
      case 'Concatenate': {
        const inputs = c.picks.map((p) => p % earlier);
        nodes.push(node(id, 'Concatenate', {}));
        sizes.push(inputs.reduce((s, j) => s + sizes[j], 0));
        inputs.forEach((j) => edges.push([nodes[j].id, id]));
        return;
      }
      case 'Dense':
        nodes.push(node(id, 'Dense', { units: c.units, activation: ACTIVATIONS[(c.units + c.picks[0]) % ACTIVATIONS.length], useBias: true }));
        sizes.push(c.units);
        break;
      case 'Activation': {
        // Every function; leakyRelu and elu with an alpha from 0.2 to 1.2 half the time.
        const fn = ACTIVATIONS[c.picks[1] % ACTIVATIONS.length];
        const alpha = (fn === 'leakyRelu' || fn === 'elu') && c.units % 2 === 0 ? c.units / 10 : undefined;
        nodes.push(node(id, 'Activation', alpha === undefined ? { fn } : { fn, alpha }));
        sizes.push(sizes[pick(0)]);
        break;
      }
      case 'BatchNorm':
        nodes.push(node(id, 'BatchNorm', { epsilon: 0.001 }));
        sizes.push(sizes[pick(0)]);
        break;
      case 'Dropout':
        nodes.push(node(id, 'Dropout', { rate: 0.5 }));
        sizes.push(sizes[pick(0)]);
        break;
      case 'Flatten':
        nodes.push(node(id, 'Flatten', {}));
        sizes.push(sizes[pick(0)]);
        break;
    }
    edges.push([nodes[pick(0)].id, id]);
  });
  return { format: 'cnn-graph', version: 1, name: 'random', nodes, edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })) };
}
