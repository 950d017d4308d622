import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { checkConnection, reaches } from '../../src/ui/editor/connection';
import { arityOf } from '../../src/ui/editor/layerInfo';

const node = (id: string, kind: string) => ({ id, kind, name: id.toUpperCase(), params: {}, position: { x: 0, y: 0 } });

/** a -> b -> c, plus a free Add and an unknown-kind node. */
const doc: GraphDocument = {
  format: 'cnn-graph', version: 1, name: 't',
  nodes: [node('a', 'Input'), node('b', 'Conv2D'), node('c', 'Activation'), node('m', 'Add'), node('x', 'Mystery')],
  edges: [{ id: 'e1', source: 'a', target: 'b' }, { id: 'e2', source: 'b', target: 'c' }],
};

describe('checkConnection', () => {
  it.each([
    ['c', 'b', 'cycle'],
    ['c', 'c', 'self-loop'],
    ['a', 'b', 'duplicate'],
    ['x', 'a', 'takes-no-input'],
    ['m', 'b', 'input-taken'],
    ['zz', 'b', 'missing-node'],
  ])('%s -> %s is refused as %s', (source, target, code) => {
    const result = checkConnection(doc, source, target, arityOf);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it.each([['c', 'm'], ['a', 'm'], ['c', 'x']])('%s -> %s is allowed', (source, target) => {
    expect(checkConnection(doc, source, target, arityOf)).toEqual({ ok: true });
  });

  it('names both nodes in a cycle refusal', () => {
    const result = checkConnection(doc, 'c', 'b', arityOf);
    expect(!result.ok && result.error.message).toBe('C → B would make a cycle: B already feeds C.');
  });

  it('reaches follows edges forward only', () => {
    expect(reaches(doc, 'a', 'c')).toBe(true);
    expect(reaches(doc, 'c', 'a')).toBe(false);
  });

  it('a long chain does not overflow the stack', () => {
    const n = 50_000;
    const big: GraphDocument = {
      ...doc,
      nodes: Array.from({ length: n }, (_, i) => node(`n${i}`, i === 0 ? 'Input' : 'Activation')),
      edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` })),
    };
    expect(checkConnection(big, `n${n - 1}`, 'n1', arityOf).ok).toBe(false);
  });
});
