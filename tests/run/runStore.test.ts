import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { makeTestPicture } from '../../src/core/imaging/testPictures';
import { findPreset } from '../../src/core/presets';
import { createRunStore, isFastEnough } from '../../src/ui/run/runStore';
import type { RuntimeClient } from '../../src/ui/run/runtimeClient';
import { createRuntimeApi } from '../../src/worker/runtimeApi';

/** The worker's API in this thread, behind the client interface (no Worker in Node). */
function inProcessClient(): RuntimeClient & { loads: number } {
  const api = createRuntimeApi();
  const client = {
    loads: 0,
    load: async (doc: GraphDocument, seed: number) => { client.loads++; return api.load(doc, seed); },
    run: async (inputs: Record<string, Float32Array>, onProgress?: Parameters<RuntimeClient['run']>[1]) => api.run(inputs, onProgress),
    featureMap: async (id: string) => api.featureMap(id),
    cancel: () => {},
    dispose: () => {},
  };
  return client;
}

const lenet = (): GraphDocument => structuredClone(findPreset('lenet5-mnist')!.doc);

describe('run store', () => {
  it('runs LeNet on a test picture and keeps per-node results, compiling once for moves', async () => {
    const client = inProcessClient();
    const store = createRunStore(() => client);
    store.getState().setPicture(makeTestPicture('circle', 64), { kind: 'test', name: 'circle' });
    const doc = lenet();
    await store.getState().run(doc);
    const s = store.getState();
    expect(s.status).toBe('done');
    expect(s.results.size).toBe(doc.nodes.length);
    expect(s.outputs[0].shape).toEqual([10]);
    // Moving a node is not a change that needs a recompile.
    const moved = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 10, y: n.position.y } })) };
    await store.getState().run(moved);
    expect(client.loads).toBe(1);
  });

  it('refuses a vector Input of 7 with a message naming the node, and keeps the document', async () => {
    const store = createRunStore(() => inProcessClient());
    store.getState().setPicture(makeTestPicture('stripes', 32), { kind: 'test', name: 'stripes' });
    const doc: GraphDocument = {
      format: 'cnn-graph', version: 1, name: 'vector',
      nodes: [
        { id: 'v', kind: 'Input', name: 'features', params: { shape: [7] }, position: { x: 0, y: 0 } },
        { id: 'd', kind: 'Dense', name: 'out', params: { units: 3, activation: 'softmax', useBias: true }, position: { x: 0, y: 100 } },
      ],
      edges: [{ id: 'e', source: 'v', target: 'd' }],
    };
    const before = JSON.stringify(doc);
    await store.getState().run(doc);
    const s = store.getState();
    expect(s.status).toBe('error');
    expect(s.error?.nodeId).toBe('v');
    expect(s.error?.message).toContain('Input features expects a vector of 7');
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('asks for an input before running', async () => {
    const store = createRunStore(() => inProcessClient());
    await store.getState().run(lenet());
    expect(store.getState().error?.message).toMatch(/Pick an input first/);
  });

  it('estimates auto re-run time by scaling the last run by MACs', () => {
    expect(isFastEnough({ totalMs: 10, lastRunMacs: 1e6 }, 5e6)).toBe(true);
    expect(isFastEnough({ totalMs: 10, lastRunMacs: 1e6 }, 15e9)).toBe(false);
    expect(isFastEnough({ totalMs: null, lastRunMacs: null }, 1)).toBe(false);
  });
});
