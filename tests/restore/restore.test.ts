import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { restoreGraph, RESTORE_LIMITS } from '../../src/core/graph/restore';
import { decodeFloat32, encodeFloat32 } from '../../src/core/graph/tensorCodec';

const fixture = (name: string) => readFileSync(`tests/fixtures/graphs/${name}`, 'utf8');
const lenet = () => JSON.parse(fixture('lenet5.cnn.json'));

function expectOk(result: ReturnType<typeof restoreGraph>) {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}
function expectError(result: ReturnType<typeof restoreGraph>, code: string) {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.error.code).toBe(code);
  return result.error;
}

describe('restoreGraph: clean documents', () => {
  it.each(['lenet5.cnn.json', 'residual-block.cnn.json', 'tiny-weights.cnn.json'])('%s opens with an empty report and equals the file', (name) => {
    const text = fixture(name);
    const r = expectOk(restoreGraph(text, 'file'));
    expect(r.report).toEqual([]);
    expect(JSON.parse(JSON.stringify(r.doc))).toEqual(JSON.parse(text));
  });
  it('accepts UTF-8 bytes and an already parsed value alike', () => {
    const text = fixture('lenet5.cnn.json');
    const fromBytes = expectOk(restoreGraph(new TextEncoder().encode(text), 'file'));
    const fromValue = expectOk(restoreGraph(JSON.parse(text), 'db'));
    expect(fromBytes.doc.name).toBe('LeNet-5 — après LeCun 1998 ✓');
    expect(fromValue.doc).toEqual(fromBytes.doc);
  });
});

describe('restoreGraph: refusals', () => {
  it('refuses a link or a PNG text over 10 MiB before parsing', () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    for (const source of ['link', 'png'] as const) {
      const e = expectError(restoreGraph(big, source), 'too-large');
      expect(e.message).toContain('the limit is 10.0 MiB');
    }
  });
  it('refuses a graph file over 10 MiB plus 256 MiB of weights in base64, before parsing', () => {
    expect(RESTORE_LIMITS.maxFileBytes).toBe(10 * 2 ** 20 + Math.ceil(RESTORE_LIMITS.maxWeightBytes / 3) * 4);
    const e = expectError(restoreGraph(' '.repeat(RESTORE_LIMITS.maxFileBytes + 1), 'file'), 'too-large');
    expect(e.message).toContain('the limit is 351.3 MiB');
  });
  it('opens a graph file with 20 MB of weights (an imported model saved as .cnn.json) with every weight', () => {
    const kernel = Float32Array.from({ length: 5000 * 1000 }, (_, i) => Math.sin(i) * 0.01);
    const bias = Float32Array.from({ length: 1000 }, (_, i) => i / 1000);
    const doc = {
      format: 'cnn-graph', version: 1, name: 'wide dense',
      nodes: [
        { id: 'in', kind: 'Input', name: 'in', params: { shape: [5000] }, position: { x: 0, y: 0 } },
        { id: 'd', kind: 'Dense', name: 'd', params: { units: 1000, activation: 'linear', useBias: true }, position: { x: 0, y: 120 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'd' }],
      weights: { d: { kernel: { shape: [5000, 1000], data: encodeFloat32(kernel) }, bias: { shape: [1000], data: encodeFloat32(bias) } } },
    };
    const bytes = new TextEncoder().encode(JSON.stringify(doc));
    expect(bytes.byteLength).toBeGreaterThan(RESTORE_LIMITS.maxBytes * 2);
    const r = expectOk(restoreGraph(bytes, 'file'));
    expect(r.report).toEqual([]);
    // toEqual over 5M floats takes half a minute; the first differing index says as much.
    const firstDifference = (a: Float32Array | null, b: Float32Array) => (a?.length !== b.length ? -2 : a.findIndex((v, i) => v !== b[i]));
    expect(firstDifference(decodeFloat32(r.doc.weights!.d.kernel.data), kernel)).toBe(-1);
    expect(firstDifference(decodeFloat32(r.doc.weights!.d.bias.data), bias)).toBe(-1);
  });
  it('refuses 5,001 nodes and names both numbers', () => {
    const doc = lenet();
    doc.nodes = Array.from({ length: 5001 }, (_, i) => ({ id: `n${i}`, kind: 'Flatten', name: `n${i}`, params: {}, position: { x: 0, y: 0 } }));
    doc.edges = [];
    const e = expectError(restoreGraph(doc, 'file'), 'too-many-nodes');
    expect(e.message).toContain('5,001');
    expect(e.message).toContain('5,000');
  });
  it('accepts exactly 5,000 nodes', () => {
    const doc = lenet();
    doc.nodes = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, kind: 'Flatten', name: `n${i}`, params: {}, position: { x: 0, y: 0 } }));
    doc.edges = [];
    expect(expectOk(restoreGraph(doc, 'file')).doc.nodes).toHaveLength(5000);
  });
  it.each([
    ['not JSON', 'hello', 'not-json'],
    ['empty', '   ', 'not-json'],
    ['truncated', '{"format":"cnn-graph","version":1,"na', 'not-json'],
    ['a JSON array', '[1,2]', 'not-a-graph'],
    ['a JSON number', '42', 'not-a-graph'],
    ['wrong format', '{"format":"excalidraw","version":1,"nodes":[]}', 'not-a-graph'],
    ['missing version', '{"format":"cnn-graph","nodes":[],"edges":[]}', 'missing-version'],
    ['fractional version', '{"format":"cnn-graph","version":1.5,"nodes":[],"edges":[]}', 'bad-version'],
    ['string version', '{"format":"cnn-graph","version":"1","nodes":[],"edges":[]}', 'bad-version'],
    ['nodes not a list', '{"format":"cnn-graph","version":1,"nodes":{},"edges":[]}', 'invalid-document'],
    ['older than any migration', '{"format":"cnn-graph","version":0,"nodes":[],"edges":[]}', 'migration-failed'],
  ])('%s -> %s', (_case, text, code) => {
    expectError(restoreGraph(text, 'file'), code);
  });
  it('bytes that are not UTF-8 are a typed error', () => {
    expectError(restoreGraph(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'file'), 'not-utf8');
  });
  it('a newer version says so and leaves the input untouched', () => {
    const doc = { ...lenet(), version: 7 };
    const before = JSON.stringify(doc);
    const e = expectError(restoreGraph(doc, 'file'), 'version-too-new');
    expect(e.message).toContain('made by a newer version');
    expect(e.message).toContain('7');
    expect(JSON.stringify(doc)).toBe(before);
  });
  it('refuses a tensor whose declared shape is over the limit without needing its data', () => {
    const doc = JSON.parse(fixture('tiny-weights.cnn.json'));
    // 2^31 * 2^31 elements would overflow naive products; the data is tiny, so only the shape can tell.
    doc.weights.d.kernel = { shape: [2 ** 31, 2 ** 31], data: 'AAAA' };
    const e = expectError(restoreGraph(doc, 'file'), 'tensor-too-large');
    expect(e.message).toContain('d.kernel');
    expect(e.message).toContain('16,777,216');
  });
  it('never modifies the object it was given', () => {
    const doc = lenet();
    doc.nodes.push({ ...doc.nodes[1] });
    doc.edges.push({ id: 'x', source: 'nope', target: 'c1' });
    const before = JSON.stringify(doc);
    expectOk(restoreGraph(doc, 'db'));
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('restoreGraph: repairs, reported', () => {
  it('removes dangling edges and renames duplicate ids', () => {
    const doc = lenet();
    doc.nodes.push({ ...doc.nodes[1], name: 'second C1' });
    doc.edges.push({ id: 'd1', source: 'ghost', target: 'c1' }, { id: 'd2', source: 'c1', target: 'ghost2' });
    doc.edges.push({ id: 'e1', source: 'input', target: 's2' });
    const r = expectOk(restoreGraph(doc, 'file'));
    expect(r.report).toContain('2 edges to missing nodes removed.');
    expect(r.report).toContain('1 duplicate node id renamed (c1 -> c1_2).');
    expect(r.report).toContain('1 edge with a missing or duplicate id given a new one.');
    expect(r.doc.nodes.map((n) => n.id).filter((id) => id.startsWith('c1'))).toEqual(['c1', 'c1_2']);
    expect(new Set(r.doc.edges.map((e) => e.id)).size).toBe(r.doc.edges.length);
    expect(r.doc.edges).toHaveLength(9);
  });
  it('keeps cycles (compile refuses them elsewhere)', () => {
    const doc = lenet();
    doc.edges.push({ id: 'back', source: 'out', target: 'c1' });
    const r = expectOk(restoreGraph(doc, 'file'));
    expect(r.doc.edges.find((e) => e.id === 'back')).toEqual({ id: 'back', source: 'out', target: 'c1' });
    expect(r.report).toEqual([]);
  });
  it('keeps an unknown kind with its raw params, unchanged through a second round trip', () => {
    const doc = lenet();
    doc.nodes.push({ id: 'lstm', kind: 'LSTM', name: 'future layer', params: { units: 64, returnSequences: true, nested: { a: [1, { b: null }] } }, position: { x: 5, y: 6 } });
    const once = expectOk(restoreGraph(JSON.stringify(doc), 'file'));
    const twice = expectOk(restoreGraph(JSON.stringify(once.doc), 'file'));
    const node = twice.doc.nodes.find((n) => n.id === 'lstm')!;
    expect(node.kind).toBe('LSTM');
    expect(JSON.parse(JSON.stringify(node.params))).toEqual({ units: 64, returnSequences: true, nested: { a: [1, { b: null }] } });
    expect(JSON.stringify(twice.doc)).toBe(JSON.stringify(once.doc));
  });
  it.each([
    ['zero', 0], ['negative', -3], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['fractional', 2.5],
    ['string', '6'], ['huge', 1e308], ['wrong rank', [3, 3, 3]], ['null', null],
  ])('keeps a bad param (%s) as it is for the shape engine to report', (_case, value) => {
    const doc = lenet();
    doc.nodes[1].params.filters = value;
    doc.nodes[1].params.kernelSize = value;
    const r = expectOk(restoreGraph(doc, 'db'));
    expect(r.doc.nodes[1].params.filters).toEqual(value);
    expect(r.doc.nodes[1].params.kernelSize).toEqual(value);
    expect(r.report).toEqual([]);
  });
  it('keeps script and markup in names as plain text', () => {
    const doc = lenet();
    doc.name = '<img src=x onerror=alert(1)>';
    doc.nodes[0].name = '<script>alert("x")</script>';
    const r = expectOk(restoreGraph(JSON.stringify(doc), 'file'));
    expect(r.doc.name).toBe('<img src=x onerror=alert(1)>');
    expect(r.doc.nodes[0].name).toBe('<script>alert("x")</script>');
  });
  it('drops fields outside the whitelist (React Flow would spread them onto the DOM)', () => {
    const doc = lenet();
    Object.assign(doc.nodes[0], { domAttributes: { onclick: 'alert(1)' }, style: { color: 'red' }, className: 'evil', type: 'custom', data: { x: 1 } });
    Object.assign(doc.edges[0], { animated: true, style: {} });
    doc.extra = 1;
    const r = expectOk(restoreGraph(JSON.stringify(doc), 'file'));
    expect(Object.keys(r.doc.nodes[0]).sort()).toEqual(['id', 'kind', 'name', 'params', 'position']);
    expect(Object.keys(r.doc.edges[0]).sort()).toEqual(['id', 'source', 'target']);
    expect(Object.keys(r.doc).sort()).toEqual(['edges', 'format', 'name', 'nodes', 'version']);
    expect(r.report.join(' ')).toMatch(/Unknown fields ignored: .*domAttributes/);
  });
  it('fills in missing names, ids and positions, and drops nodes without a kind', () => {
    const text = '{"format":"cnn-graph","version":1,"nodes":[{"kind":"Input","params":{"shape":[4]}},{"id":"k"},7,{"id":"d","kind":"Dense","position":{"x":"1","y":2}}],"edges":[{"source":"node_2","target":"d"},{"source":1}]}';
    const r = expectOk(restoreGraph(text, 'file'));
    expect(r.doc.name).toBe('Untitled graph');
    expect(r.doc.nodes.map((n) => [n.id, n.kind, n.name])).toEqual([['node_2', 'Input', 'node_2'], ['d', 'Dense', 'd']]);
    // Laid out by depth: d is fed by node_2, so it sits one row below it.
    expect(r.doc.nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 130 }]);
    expect(r.unplaced).toEqual(['node_2', 'd']);
    expect(r.doc.edges).toEqual([{ id: 'e_node_2_d', source: 'node_2', target: 'd' }]);
    expect(r.report).toEqual(expect.arrayContaining([
      '2 nodes without a layer kind removed.',
      '1 node without an id given one.',
      '1 edge without a source and target removed.',
    ]));
  });
  it('drops malformed tensors and weights of missing nodes, keeping the graph', () => {
    const doc = JSON.parse(fixture('tiny-weights.cnn.json'));
    doc.weights.d.bias.data = doc.weights.d.bias.data.slice(0, 8);
    doc.weights.ghost = { kernel: { shape: [1], data: 'AAAAAA==' } };
    const r = expectOk(restoreGraph(doc, 'file'));
    expect(Object.keys(r.doc.weights!.d)).toEqual(['kernel']);
    expect(r.doc.weights!.ghost).toBeUndefined();
    expect(r.report).toContain('Weight d.bias removed: shape [2] needs 12 base64 characters, found 8.');
    expect(r.report).toContain('Weights of 1 missing node removed.');
  });
  it.each([
    ['a character outside base64', 'AAA-AAAA'],
    ['padding in the middle', 'AA=AAAAA'],
    ['a letter after the padding', 'AAAAAA=A'],
    ['a non-ASCII letter', 'AAAAAA\u00c0='],
  ])('drops a tensor with %s, keeping the rest', (_what, data) => {
    const doc = JSON.parse(fixture('tiny-weights.cnn.json'));
    doc.weights.d.bias = { shape: [1, 1], data };
    const r = expectOk(restoreGraph(doc, 'file'));
    expect(Object.keys(r.doc.weights!.d)).toEqual(['kernel']);
    expect(r.report).toContain('Weight d.bias removed: data is not base64.');
  });
});

describe('restoreGraph: no prototype pollution', () => {
  it('keeps __proto__, constructor and prototype as plain param names and renames them as ids', () => {
    const text = `{"format":"cnn-graph","version":1,"name":"p","nodes":[
      {"id":"__proto__","kind":"Input","name":"a","params":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"shape":[4]},"position":{"x":0,"y":0}},
      {"id":"constructor","kind":"Dense","name":"b","params":{"prototype":3},"position":{"x":0,"y":0}}],
      "edges":[{"id":"__proto__","source":"__proto__","target":"constructor"}],
      "weights":{"__proto__":{"__proto__":{"shape":[1],"data":"AAAAAA=="}}}}`;
    const r = expectOk(restoreGraph(text, 'file'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const params = r.doc.nodes[0].params;
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor', 'shape']);
    expect(JSON.parse(JSON.stringify(params)).__proto__).toEqual({ polluted: 1 });
    expect(r.doc.nodes[1].params.constructor).toBeUndefined();
    expect(r.doc.nodes.map((n) => n.id)).toEqual(['__proto___2', 'constructor_2']);
    expect(r.report).toContain('2 node ids that JavaScript reserves renamed (__proto__ -> __proto___2, constructor -> constructor_2).');
    expect(Object.keys(r.doc.weights!)).toEqual(['__proto___2']);
    expect(Object.keys(r.doc.weights!['__proto___2'])).toEqual(['__proto__']);
    expect(r.doc.edges).toEqual([{ id: '__proto___2', source: '__proto___2', target: 'constructor_2' }]);
    // The saved text is what came in, key for key.
    expect(JSON.parse(JSON.stringify(r.doc)).nodes[0].params).toEqual(JSON.parse(text).nodes[0].params);
  });
  it('absurdly nested params are a typed error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"format":"cnn-graph","version":1,"name":"x","nodes":[{"id":"a","kind":"X","name":"a","params":{"p":${deep}},"position":{"x":0,"y":0}}],"edges":[]}`;
    const r = restoreGraph(text, 'file');
    expect(r.ok).toBe(false);
  });
  it('a database object with a throwing getter or a reference cycle is an error, not a crash', () => {
    const doc = lenet();
    Object.defineProperty(doc.nodes[0], 'params', { get() { throw new Error('boom'); }, enumerable: true });
    expectError(restoreGraph(doc, 'db'), 'internal');
    const cyclic = lenet();
    cyclic.nodes[1].params.self = cyclic.nodes[1].params;
    expectError(restoreGraph(cyclic, 'db'), 'invalid-document');
  });
});

describe('restoreGraph: documents written by hand', () => {
  it('opens nodes without name, position or defaulted params, and says which defaults it used', () => {
    const text = JSON.stringify({
      format: 'cnn-graph', version: 1, name: 'by hand',
      nodes: [
        { id: 'in', kind: 'Input', params: { shape: [28, 28, 1] } },
        { id: 'c1', kind: 'Conv2D', params: { filters: 6, kernelSize: 5 } },
        { id: 'flat', kind: 'Flatten' },
      ],
      edges: [{ source: 'in', target: 'c1' }, { source: 'c1', target: 'flat' }],
    });
    const r = expectOk(restoreGraph(text, 'file'));
    expect(r.doc.nodes.map((n) => n.name)).toEqual(['in', 'c1', 'flat']);
    expect(r.defaults).toBe('Defaults used for params left out: c1 strides 1, padding "valid", dilation 1, activation "relu", useBias true, groups 1.');
    // What is written stays as written: the defaults are the registry's, applied by inference.
    expect(r.doc.nodes[1].params).toEqual({ filters: 6, kernelSize: 5 });
  });
  it('says nothing about defaults when every param is spelled out', () => {
    const doc = lenet();
    for (const n of doc.nodes) if (n.kind === 'Conv2D') Object.assign(n.params, { dilation: 1, groups: 1, useBias: true });
    const r = expectOk(restoreGraph(JSON.stringify({ ...doc, nodes: doc.nodes.filter((n: { kind: string }) => n.kind === 'Input') }), 'file'));
    expect(r.defaults).toBeNull();
  });
});
