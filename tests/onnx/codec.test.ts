import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { equals } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  ModelProtoSchema,
  TensorProto_DataType,
  create,
  decodeModel,
  encodeModel,
} from '../../src/core/onnx/codec';
import { createFloatTensor, createInt64Tensor, readFloatTensor, readIntTensor } from '../../src/core/onnx/tensors';
import { PythonOracle } from './pythonOracle';

interface CheckReply {
  ops: string[];
  nodeNames: string[];
  initializers: Record<string, { dims: number[]; sum: number }>;
  opset: Array<[string, number]>;
  irVersion: number;
  shapes: Record<string, Array<number | null>>;
}

let dir: string;
let oracle: PythonOracle;
let torchFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onnx-codec-'));
  oracle = new PythonOracle();
  torchFile = path.join(dir, 'small_cnn.onnx');
  await oracle.call('torch_export', { model: 'small_cnn', path: torchFile });
}, 120_000);

afterAll(() => {
  oracle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sum in float64, the way numpy sums the same tensor in the oracle. */
function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('decodeModel on a model exported by torch.onnx.export', () => {
  it('reads the same nodes, opsets and initializer values as the onnx package', async () => {
    const expected = await oracle.call<CheckReply>('check', { path: torchFile });
    const decoded = decodeModel(readFileSync(torchFile));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const { model } = decoded;
    expect(Number(model.irVersion)).toBe(expected.irVersion);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual(expected.opset);
    const graph = model.graph!;
    expect(graph.node.map((n) => n.opType)).toEqual(expected.ops);
    expect(graph.node.map((n) => n.name)).toEqual(expected.nodeNames);
    expect(expected.ops).toContain('Conv');
    expect(graph.initializer.map((t) => t.name).sort()).toEqual(Object.keys(expected.initializers).sort());
    for (const tensor of graph.initializer) {
      const value = readFloatTensor(tensor);
      expect(value.ok, tensor.name).toBe(true);
      if (!value.ok) continue;
      const want = expected.initializers[tensor.name];
      expect(value.dims, tensor.name).toEqual(want.dims);
      expect(sum(value.data)).toBeCloseTo(want.sum, 3);
    }
  });

  it('encodes back into a file the onnx package reads as the same message', async () => {
    const decoded = decodeModel(readFileSync(torchFile));
    if (!decoded.ok) throw new Error(decoded.message);
    const again = path.join(dir, 'small_cnn_again.onnx');
    writeFileSync(again, encodeModel(decoded.model));
    const reply = await oracle.call<{ equal: boolean }>('equal', { a: torchFile, b: again });
    expect(reply.equal).toBe(true);
    const redecoded = decodeModel(readFileSync(again));
    expect(redecoded.ok && equals(ModelProtoSchema, redecoded.model, decoded.model)).toBe(true);
  });
});

describe('encodeModel on a model built in TypeScript', () => {
  /** Input [1, 2, 5, 5] -> Conv 3x3 (3 filters) -> Relu -> Flatten -> Gemm (transB) -> [1, 4]. */
  function buildModel() {
    const w = new Float32Array(3 * 2 * 3 * 3).map((_, i) => Math.sin(i));
    const fc = new Float32Array(4 * 27).map((_, i) => Math.cos(i) / 10);
    const ints = (name: string, values: number[]) => ({ name, type: AttributeProto_AttributeType.INTS, ints: values.map(BigInt) });
    const tensorType = (dims: number[]) => ({ value: { case: 'tensorType' as const, value: { elemType: TensorProto_DataType.FLOAT, shape: { dim: dims.map((d) => ({ value: { case: 'dimValue' as const, value: BigInt(d) } })) } } } });
    return create(ModelProtoSchema, {
      irVersion: 8n,
      producerName: 'cnn-graph-studio-test',
      opsetImport: [{ domain: '', version: 13n }],
      graph: {
        name: 'tiny',
        input: [{ name: 'x', type: tensorType([1, 2, 5, 5]) }],
        output: [{ name: 'y', type: tensorType([1, 4]) }],
        initializer: [createFloatTensor('w', [3, 2, 3, 3], w), createFloatTensor('fc', [4, 27], fc), createInt64Tensor('unused_shape', [2], [1, -1])],
        node: [
          { name: 'conv', opType: 'Conv', input: ['x', 'w'], output: ['c'], attribute: [ints('kernel_shape', [3, 3]), ints('pads', [0, 0, 0, 0])] },
          { name: 'relu', opType: 'Relu', input: ['c'], output: ['r'] },
          { name: 'flatten', opType: 'Flatten', input: ['r'], output: ['f'] },
          { name: 'fc', opType: 'Gemm', input: ['f', 'fc'], output: ['y'], attribute: [{ name: 'transB', type: AttributeProto_AttributeType.INT, i: 1n }] },
        ],
      },
    });
  }

  it('passes onnx.checker (full check) and shape inference gives the shapes the ops imply', async () => {
    const file = path.join(dir, 'tiny.onnx');
    writeFileSync(file, encodeModel(buildModel()));
    const reply = await oracle.call<CheckReply>('check', { path: file });
    expect(reply.ops).toEqual(['Conv', 'Relu', 'Flatten', 'Gemm']);
    expect(reply.shapes.c).toEqual([1, 3, 3, 3]);
    expect(reply.shapes.f).toEqual([1, 27]);
    expect(reply.shapes.y).toEqual([1, 4]);
    expect(reply.initializers.w.sum).toBeCloseTo(sum(new Float32Array(54).map((_, i) => Math.sin(i))), 4);
  });

  it('round-trips through bytes to an equal message with the same tensor values', () => {
    const model = buildModel();
    const decoded = decodeModel(encodeModel(model));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(equals(ModelProtoSchema, decoded.model, model)).toBe(true);
    const shape = readIntTensor(decoded.model.graph!.initializer[2]);
    expect(shape.ok && shape.data).toEqual([1, -1]);
  });
});

describe('decodeModel refuses what is not a model', () => {
  it('an empty file', () => {
    const r = decodeModel(new Uint8Array(0));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/empty \(0 bytes\)/);
  });

  it('text that is not protobuf', () => {
    const r = decodeModel(new TextEncoder().encode('{"format": "cnn-graph", "version": 1}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/not an ONNX model \(37 bytes\)/);
  });

  it('every prefix of a real model: an error value or a smaller message, never an exception', () => {
    const bytes = readFileSync(torchFile);
    const full = decodeModel(bytes);
    if (!full.ok) throw new Error(full.message);
    // Prefixes are cut at many points, including inside the big raw_data blobs.
    const step = Math.max(1, Math.floor(bytes.length / 2000));
    let refused = 0;
    for (let n = 0; n < bytes.length; n += step) {
      const r = decodeModel(bytes.subarray(0, n));
      if (!r.ok) {
        refused++;
        expect(r.message).toMatch(/not an ONNX model/);
      } else {
        expect(equals(ModelProtoSchema, r.model, full.model)).toBe(false);
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('a tensor whose raw_data is shorter than its dims say', () => {
    const t = createFloatTensor('w', [2, 3], new Float32Array(5));
    const r = readFloatTensor(t);
    expect(r).toEqual({ ok: false, message: "tensor 'w': [2, 3] FLOAT needs 24 bytes, raw_data has 20" });
  });

  it('a tensor with more elements than the limit', () => {
    const big = createInt64Tensor('huge', [1 << 20, 1 << 20], []);
    const r = readFloatTensor(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/\[1048576, 1048576\] is 1099511627776 elements, more than the limit of 268435456/);
  });
});
