import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { decodeFloat32, encodeFloat32 } from '../../src/core/graph/tensorCodec';
import type { GraphDocument, GraphNode } from '../../src/core/graph/types';
import { makeTestPicture } from '../../src/core/imaging/testPictures';
import { shapeInput } from '../../src/core/imaging/shapeInput';
import { createExecutor } from '../../src/core/runtime/executor';
import { collectLayerTimes, createRunStore } from '../../src/ui/run/runStore';
import type { RuntimeClient } from '../../src/ui/run/runtimeClient';
import { setNodeWeight } from '../../src/ui/run/weightEdits';
import { createRuntimeApi } from '../../src/worker/runtimeApi';

/**
 * The worker API behind the client interface, with every message structured-cloned both ways as
 * postMessage does: a key like `__proto__` that only survives as an own property shows up here.
 */
function clonedClient(): RuntimeClient {
  const api = createRuntimeApi();
  return {
    load: async (doc, seed) => structuredClone(api.load(structuredClone(doc), seed)),
    run: async (inputs, onProgress) => structuredClone(api.run(structuredClone(inputs), (p) => onProgress?.(structuredClone(p)))),
    featureMap: async (id) => structuredClone(api.featureMap(id)),
    cancel: () => {},
    dispose: () => {},
  };
}

function node(id: string, kind: string, params: Record<string, unknown>): GraphNode {
  return { id, kind, name: `L_${id}`, params, position: { x: 0, y: 0 } };
}

// Ids that name Object.prototype members, built directly (the import gate would rename them).
const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

function prototypeDoc(): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: 'prototype ids',
    nodes: [
      node('__proto__', 'Input', { shape: [8, 8, 1] }),
      node('constructor', 'Conv2D', { filters: 2, kernelSize: 3, strides: 1, padding: 'valid', dilation: 1, activation: 'relu', useBias: true }),
      node('toString', 'Flatten', {}),
      node('hasOwnProperty', 'Dense', { units: 3, activation: 'softmax', useBias: true }),
    ],
    edges: [
      { id: 'e1', source: '__proto__', target: 'constructor' },
      { id: 'e2', source: 'constructor', target: 'toString' },
      { id: 'e3', source: 'toString', target: 'hasOwnProperty' },
    ],
  };
}

describe('node ids that name Object.prototype members', () => {
  it('have no result, time or weight before anything ran or was stored', () => {
    const store = createRunStore(clonedClient);
    const s = store.getState();
    for (const id of IDS) expect(s.results.get(id)).toBeUndefined();
    expect(collectLayerTimes(s.results).size).toBe(0);
    const doc = prototypeDoc();
    // Removing a weight that was never stored is no change at all.
    for (const id of IDS) expect(setNodeWeight(doc, id, 'kernel', null)).toBe(doc);
  });

  it('store a kernel under "constructor" and "__proto__" as own entries, and remove them again', () => {
    const tensor = { shape: [1], data: encodeFloat32(Float32Array.from([0.5])) };
    const doc = setNodeWeight(setNodeWeight(prototypeDoc(), 'constructor', 'kernel', tensor), '__proto__', 'kernel', tensor);
    expect(Object.keys(doc.weights!).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(doc.weights!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(doc.weights!['constructor'])).not.toBe(Function.prototype);
    expect(decodeFloat32(doc.weights!['__proto__'].kernel.data)![0]).toBe(0.5);
    // JSON (a saved file) keeps both.
    expect(Object.keys(JSON.parse(JSON.stringify(doc.weights))).sort()).toEqual(['__proto__', 'constructor']);
    const back = setNodeWeight(setNodeWeight(doc, 'constructor', 'kernel', null), '__proto__', 'kernel', null);
    expect(back.weights).toBeUndefined();
  });

  it('run through the run store across a cloned worker boundary, equal to the runtime run directly', async () => {
    const store = createRunStore(clonedClient);
    const picture = makeTestPicture('circle', 32);
    store.getState().setPicture(picture, { kind: 'test', name: 'circle' });
    const kernel = Float32Array.from({ length: 3 * 3 * 1 * 2 }, (_, i) => (i % 5) / 4 - 0.5);
    const doc = setNodeWeight(prototypeDoc(), 'constructor', 'kernel', { shape: [3, 3, 1, 2], data: encodeFloat32(kernel) });
    await store.getState().run(doc);
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.status).toBe('done');
    expect(s.order).toEqual([...IDS]);
    expect([...s.results.keys()].sort()).toEqual([...IDS].sort());
    expect(s.results.get('__proto__')?.shape).toEqual([8, 8, 1]);
    expect(s.results.get('constructor')?.shape).toEqual([6, 6, 2]);
    expect(s.results.get('toString')?.kind).toBe('Flatten');
    expect(s.results.get('hasOwnProperty')?.shape).toEqual([3]);
    const times = collectLayerTimes(s.results);
    expect([...times.keys()].sort()).toEqual([...IDS].sort());
    for (const ms of times.values()) expect(ms).toBeGreaterThanOrEqual(0);

    // The same document and input run in this thread without any boundary.
    const compiled = compileGraph(doc, { seed: s.seed });
    if (!compiled.ok) throw new Error(compiled.message);
    expect(Array.from(compiled.weights['constructor'].kernel)).toEqual(Array.from(kernel));
    const shaped = shapeInput(picture, [8, 8, 1], 'L___proto__');
    if (!shaped.ok) throw new Error(shaped.error.message);
    const direct = createExecutor(compiled.plan, compiled.weights).run(shaped.data, 1);
    if (!direct.ok) throw new Error(direct.error.message);
    expect(Object.keys(direct.outputs)).toEqual(['hasOwnProperty']);
    expect(s.outputs.map((o) => o.nodeId)).toEqual(['hasOwnProperty']);
    const outputId: string = 'hasOwnProperty';
    expect(Array.from(s.outputs[0].data)).toEqual(Array.from(direct.outputs[outputId]));
    expect(s.outputs[0].data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    // The detail view's full map comes back for a prototype-named node, and none for an unknown one.
    const map = await s.fetchFeatureMap('constructor');
    expect(map?.shape).toEqual([6, 6, 2]);
    expect(await s.fetchFeatureMap('valueOf')).toBeNull();
  });

  it('the worker refuses inputs keyed by a prototype name it was not given, naming the Input', () => {
    const api = createRuntimeApi();
    expect(api.load(prototypeDoc(), 3).ok).toBe(true);
    // An ordinary object with no own "__proto__" entry: Object.prototype must not pass as data.
    const res = api.run(structuredClone({ constructor: new Float32Array(64) }) as Record<string, Float32Array>);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatchObject({ code: 'missing-input', nodeId: '__proto__', message: 'Input L___proto__ has no data' });
  });
});
