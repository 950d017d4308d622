import fc from 'fast-check';
import type { GraphDocument } from '../../../src/core/graph/types';
import { encodeFloat32 } from '../../../src/core/graph/tensorCodec';

/** JSON values as they come back from JSON.parse (no -0, which JSON writes as 0). */
const jsonValue = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x));

const tensor = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }).chain((shape) =>
  fc.float32Array({ minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1), noDefaultInfinity: true })
    .map((data) => ({ shape, data: encodeFloat32(data) })),
);

/** Valid graph documents with arbitrary ids, kinds, raw params and weights. */
export const graphDocumentArbitrary: fc.Arbitrary<GraphDocument> = fc.record({
  format: fc.constant('cnn-graph' as const),
  version: fc.constant(1 as const),
  name: fc.string(),
  nodes: fc.array(
    fc.record({
      id: fc.string({ minLength: 1 }),
      kind: fc.oneof(fc.constantFrom('Input', 'Conv2D', 'Dense', 'Add'), fc.string({ minLength: 1 })),
      name: fc.string(),
      params: fc.dictionary(fc.string(), jsonValue, { maxKeys: 4 }),
      position: fc.record({ x: coord, y: coord }),
    }),
    { maxLength: 6 },
  ),
  edges: fc.array(fc.record({ id: fc.string({ minLength: 1 }), source: fc.string(), target: fc.string() }), { maxLength: 6 }),
}).chain((doc) =>
  fc.option(fc.dictionary(fc.string(), fc.dictionary(fc.string(), tensor, { maxKeys: 2 }), { maxKeys: 2 }), { nil: undefined })
    .map((weights) => (weights === undefined ? doc : { ...doc, weights })),
);
