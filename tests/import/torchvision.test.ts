import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importOnnx } from '../../src/core/import/importOnnx';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset } from '../../src/core/presets';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { summarize } from '../../src/core/summary/summarize';
import { PythonOracle } from '../onnx/pythonOracle';
import { compareShapes, compareWithOrt } from './importHelpers';

/**
 * torchvision architectures (random weights, BatchNorm statistics randomised) exported by
 * torch.onnx.export, imported, and checked against PyTorch's parameter counts, onnx's shape
 * inference and onnxruntime's outputs. Each fixture is exported once, in one Python process.
 */
interface Fixture { id: string; trainable: number; nonTrainable: number; file: string; shapes: Record<string, Array<number | null>> }

/** Published trainable parameter counts (torchvision's model documentation). */
const MODELS = [
  { id: 'resnet18', published: 11_689_512 },
  { id: 'vgg11', published: 132_863_336 },
  { id: 'squeezenet1_1', published: 1_235_496 },
  { id: 'mobilenet_v2', published: 3_504_872 },
  // Squeeze-and-excitation (Mul by a per-channel gate), HardSwish and HardSigmoid; opset 14 has HardSwish.
  { id: 'mobilenet_v3_small', published: 2_542_856, opset: 14 },
] as const;

let dir: string;
let oracle: PythonOracle;
const fixtures = new Map<string, Fixture>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onnx-torchvision-'));
  oracle = new PythonOracle();
  for (const model of MODELS) {
    const { id } = model;
    const file = path.join(dir, `${id}.onnx`);
    const opset = 'opset' in model ? model.opset : 13;
    const exported = await oracle.call<{ trainable: number; nonTrainable: number }>('torch_export', { model: id, path: file, opset });
    const checked = await oracle.call<{ shapes: Fixture['shapes'] }>('check', { path: file });
    fixtures.set(id, { id, file, trainable: exported.trainable, nonTrainable: exported.nonTrainable, shapes: checked.shapes });
  }
}, 600_000);

afterAll(() => {
  oracle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Imports once per model. VGG-11's 531 MB of weights do not fit a JSON document; they travel as arrays. */
function importFixture(f: Fixture) {
  const imported = importOnnx(readFileSync(f.file), { weights: f.id === 'vgg11' ? 'arrays' : 'document' });
  if (!imported.ok) throw new Error(`${imported.code}: ${imported.message}`);
  return { f, imported };
}

describe.each(MODELS)('$id exported by torch.onnx.export', ({ id, published }) => {
  let cached: ReturnType<typeof importFixture> | null = null;
  const load = () => (cached ??= importFixture(fixtures.get(id)!));

  // The first test imports the model (VGG-11's 531 MB take a minute on a loaded machine).
  it('imports every node, and the parameters equal PyTorch\'s (BatchNorm statistics non-trainable)', { timeout: 300_000 }, () => {
    const { f, imported } = load();
    expect(imported.complete).toBe(true);
    expect(imported.report.unmapped).toEqual([]);
    const { totals } = summarize(imported.doc);
    expect(f.trainable).toBe(published);
    expect(totals.trainableParams).toBe(f.trainable);
    expect(totals.nonTrainableParams).toBe(f.nonTrainable);
  });

  it('gives every layer the shape onnx shape inference gives its value', () => {
    const { f, imported } = load();
    const rows = compareShapes(imported, f.shapes);
    expect(rows.length).toBeGreaterThan(imported.doc.nodes.length / 2);
    expect(rows.filter((r) => JSON.stringify(r.ours) !== JSON.stringify(r.theirs))).toEqual([]);
  });

  it('runs to onnxruntime-node\'s output within 1e-4 relative', { timeout: 600_000 }, async () => {
    const { f, imported } = load();
    const diffs = await compareWithOrt(f.file, imported);
    expect(diffs).toHaveLength(1);
    console.info(`${id}: max |ours - onnxruntime| / max |onnxruntime| = ${diffs[0].toExponential(2)}`);
    expect(diffs[0]).toBeLessThan(1e-4);
  });
});

/**
 * A document's layers as [id, kind, checked params, input ids], leaving out the layers that are
 * the identity at inference (Dropout, which an eval-mode export drops; a Flatten of a vector) with
 * their readers rewired to their input.
 */
function describeStructure(doc: GraphDocument): Array<[string, string, unknown, string[]]> {
  const inference = inferShapes(doc);
  const identity = (id: string) => {
    const info = inference.nodes.get(id)!;
    return info.kind === 'Dropout' || (info.kind === 'Flatten' && info.inputShapes[0]?.length === 1);
  };
  const sourceOf = (id: string): string => (identity(id) ? sourceOf(inference.nodes.get(id)!.inputIds[0]) : id);
  return doc.nodes.filter((n) => !identity(n.id)).map((n) => {
    const info = inference.nodes.get(n.id)!;
    return [n.id, n.kind, info.params, info.inputIds.map(sourceOf)];
  });
}

describe('SqueezeNet 1.1 imported from torch.onnx.export', () => {
  it('has the preset\'s structure: the same layers, names, params (ceilMode pools) and wiring', () => {
    const { imported } = importFixture(fixtures.get('squeezenet1_1')!);
    const pools = imported.doc.nodes.filter((n) => n.kind === 'MaxPool2D');
    expect(pools.map((n) => [n.id, n.params.ceilMode])).toEqual([['features.2', true], ['features.5', true], ['features.8', true]]);
    expect(describeStructure(imported.doc)).toEqual(describeStructure(findPreset('squeezenet1_1')!.doc));
  });
});
