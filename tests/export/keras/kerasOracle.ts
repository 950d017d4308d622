import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { exportKerasBundle } from '../../../src/core/export/keras';
import { prepareExport, runReference } from '../../../src/core/export/prepareExport';
import type { GraphDocument } from '../../../src/core/graph/types';

/** tfjs on its plain-JS CPU backend: the reference TensorFlow.js implementation of every op. */
/**
 * tfjs' wasm backend (XNNPACK), one thread: the big presets (VGG-16's 15 G MACs, U-Net's 572x572
 * tile) in seconds instead of the plain-JS backend's minutes. Its kernels are tfjs' own, so it is
 * as independent of our runtime as the CPU backend.
 */
export async function useTfjsWasm(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setThreadsCount(1);
  setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm did not start');
  await tf.ready();
}

export async function useTfjsCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}

/** The Keras bundle of `doc` as a file map (the bytes the CLI writes and the browser zips). */
export function kerasBundle(doc: GraphDocument, weights: 'document' | 'none' = 'document'): Record<string, Uint8Array> {
  const result = exportKerasBundle(doc, { weights, seed: 0 });
  if (!result.ok) throw new Error(result.message);
  if (result.output.kind !== 'directory') throw new Error('the Keras export is a directory');
  return Object.fromEntries(result.output.files.map((f) => [f.path, f.bytes]));
}

export const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** model.json + weights.bin loaded by tfjs-layers through an in-memory IO handler, as `tf.loadLayersModel` loads a URL. */
export async function loadBundle(files: Record<string, Uint8Array>, weightsBin = files['weights.bin']): Promise<tfl.LayersModel> {
  const json = JSON.parse(textOf(files['model.json'])) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const artifacts: tf.io.ModelArtifacts = { modelTopology: json.modelTopology };
  if (weightsBin) {
    artifacts.weightSpecs = weightSpecs;
    artifacts.weightData = weightsBin.buffer.slice(weightsBin.byteOffset, weightsBin.byteOffset + weightsBin.byteLength) as ArrayBuffer;
  }
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** Per output: max |tfjs - ours| over max |ours|, and the absolute max difference. */
export interface Agreement { relative: number[]; absolute: number[] }

/**
 * Runs our runtime and the loaded tfjs model on the same seeded input (`batch` samples) and
 * compares every output.
 */
export async function compareWithRuntime(doc: GraphDocument, model: tfl.LayersModel, batch: number): Promise<Agreement> {
  const prepared = prepareExport(doc, { weights: 'document', seed: 0 });
  if (!prepared.ok) throw new Error(prepared.message);
  const { plan } = prepared.prepared;
  const reference = runReference(prepared.prepared, batch);
  const inputs = plan.inputs.map((i) => tf.tensor(reference.inputs[i.nodeId], [batch, ...i.shape]));
  const predicted = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  const outputs = Array.isArray(predicted) ? predicted : [predicted];
  const agreement: Agreement = { relative: [], absolute: [] };
  for (const [k, o] of plan.outputs.entries()) {
    const expected = reference.outputs[o.nodeId];
    const got = outputs[k];
    if (!got || got.shape.join() !== [batch, ...o.shape].join()) {
      agreement.relative.push(Infinity);
      agreement.absolute.push(Infinity);
      continue;
    }
    const values = got.dataSync();
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(values[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    agreement.absolute.push(diff);
    agreement.relative.push(diff / Math.max(scale, 1e-12));
  }
  tf.dispose([...inputs, ...outputs]);
  return agreement;
}
