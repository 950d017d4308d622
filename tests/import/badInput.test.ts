import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/import/importOnnx';
import { TensorProto_DataLocation } from '../../src/core/onnx/codec';
import { buildBytes, buildModel, node, weight, type ModelSpec } from './buildOnnx';
import { encodeModel } from '../../src/core/onnx/codec';
import { compareWithOrt } from './importHelpers';

/** Input [1, 2, 4, 4] -> Conv 3x3 -> Relu -> Flatten -> Gemm: the small model the bad cases start from. */
function smallSpec(): ModelSpec {
  return {
    inputs: [['x', [1, 2, 4, 4]]],
    outputs: [['y', [1, 3]]],
    initializers: [weight('w', [4, 2, 3, 3]), weight('fc', [3, 16], 0.1)],
    nodes: [node('Conv', ['x', 'w'], ['c']), node('Relu', ['c'], ['r']), node('Flatten', ['r'], ['f']), node('Gemm', ['f', 'fc'], ['y'], { transB: 1 })],
  };
}

function expectError(bytes: Uint8Array, code: string, message: RegExp, options = {}) {
  const r = importOnnx(bytes, options);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.code).toBe(code);
  expect(r.message).toMatch(message);
}

describe('importOnnx refuses bad input with a message that names the thing', () => {
  it('a file that is not an ONNX model', () => {
    expectError(new TextEncoder().encode('PK\u0003\u0004 not a model at all'), 'not-onnx', /not an ONNX model/);
  });

  it('every strict prefix of a small model: an error value, never a throw or a document', () => {
    const bytes = buildBytes(smallSpec());
    expect(importOnnx(bytes).ok).toBe(true);
    for (let n = 0; n < bytes.length; n++) {
      const r = importOnnx(bytes.subarray(0, n));
      expect(r.ok, `prefix of ${n} bytes`).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('a tensor that claims more bytes than it holds', () => {
    const spec = smallSpec();
    spec.initializers![0].dims = [400, 2, 3, 3].map(BigInt);
    const r = importOnnx(buildBytes(spec));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.report?.unmapped)).toMatch(/\[400, 2, 3, 3\] FLOAT needs 28800 bytes, raw_data has 288/);
  });

  it('a tensor with more elements than the tensor limit', () => {
    const spec = smallSpec();
    spec.initializers![0].dims = [65536, 65536, 3, 3].map(BigInt);
    const r = importOnnx(buildBytes(spec));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.report?.unmapped)).toMatch(/38654705664 elements, more than the limit of 268435456/);
  });

  it('a tensor stored in an external data file', () => {
    const model = buildModel(smallSpec());
    const w = model.graph!.initializer[0];
    w.rawData = new Uint8Array(0);
    w.dataLocation = TensorProto_DataLocation.EXTERNAL;
    w.externalData = [{ $typeName: 'onnx.StringStringEntryProto', key: 'location', value: 'weights.bin' }];
    const r = importOnnx(encodeModel(model));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.report?.unmapped)).toMatch(/stored outside the model, in 'weights.bin'/);
  });

  it('a graph with a cycle', () => {
    const spec = smallSpec();
    spec.nodes = [node('Relu', ['x2'], ['x1'], {}, 'a'), node('Relu', ['x1'], ['x2'], {}, 'b'), node('Add', ['x', 'x2'], ['y'], {}, 'c')];
    expectError(buildBytes(spec), 'cycle', /cycle: 3 node\(s\) depend on their own output \(Relu 'a', Relu 'b', Add 'c'\)/);
  });

  it('an opset older than 7 and one newer than the decoder knows', () => {
    expectError(buildBytes({ ...smallSpec(), opset: 6 }), 'opset-too-old', /opset 6 is older than 7/);
    expectError(buildBytes({ ...smallSpec(), opset: 18 }), 'opset-too-new', /opset 18 is newer than 17/);
  });

  it('an input with a symbolic spatial size asks for it, and takes it', async () => {
    const spec = smallSpec();
    spec.inputs = [['x', ['N', 2, 'height', 'width']]];
    const bytes = buildBytes(spec);
    expectError(bytes, 'input-shape', /input 'x' has \[N, 2, height, width\]: its height is not fixed; give its size as H,W,C \(CLI: --input-shape 224,224,2\)/);
    expectError(bytes, 'input-shape', /input shape \[4, 4, 3\] contradicts input 'x' \[N, 2, height, width\] \(C is 2\)/, { inputShape: [4, 4, 3] });
    const r = importOnnx(bytes, { inputShape: [4, 4, 2] });
    expect(r.ok).toBe(true);
    if (r.ok) expect((await compareWithOrt(bytes, r))[0]).toBeLessThan(1e-4);
  });

  it('an input whose shape is missing asks for H,W,C, and takes it', async () => {
    const model = buildModel(smallSpec());
    const type = model.graph!.input[0].type!.value;
    if (type.case === 'tensorType') type.value.shape = undefined;
    const bytes = encodeModel(model);
    expectError(bytes, 'input-shape', /input 'x' has no shape: give its size as H,W,C \(CLI: --input-shape 224,224,3\)/);
    const r = importOnnx(bytes, { inputShape: [4, 4, 2] });
    expect(r.ok).toBe(true);
    if (r.ok) expect((await compareWithOrt(buildBytes(smallSpec()), r))[0]).toBeLessThan(1e-4);
  });

  it('an input without any shape', () => {
    const model = buildModel(smallSpec());
    model.graph!.input[0].type = undefined;
    expectError(encodeModel(model), 'input-type', /input 'x' is not a tensor/);
  });

  it('several graph outputs: each becomes an output, both equal onnxruntime\'s', async () => {
    const spec = smallSpec();
    spec.outputs = [['y', [1, 3]], ['s', [1, 3]]];
    spec.nodes.push(node('Sigmoid', ['y'], ['s']));
    const bytes = buildBytes(spec);
    const r = importOnnx(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.notes.join('\n')).toMatch(/output 'y' is also read by other layers/);
    expect(r.report.notes.join('\n')).toMatch(/2 graph outputs: 'y', 's'/);
    const diffs = await compareWithOrt(bytes, r);
    // 'y' is read by the Sigmoid, so only 's' is a document output.
    expect(diffs.length).toBe(1);
    expect(diffs[0]).toBeLessThan(1e-4);
  });

  it('an op without a mapping: refused by op type, count and node names; --partial keeps a placeholder', () => {
    const spec = smallSpec();
    spec.nodes.splice(1, 1, node('Erf', ['c'], ['r'], {}, 'odd1'));
    const bytes = buildBytes(spec);
    const r = importOnnx(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('unmapped');
    expect(r.message).toBe('1 ONNX node(s) could not be mapped: Erf x1');
    expect(r.report?.unmapped).toEqual([{ opType: 'Erf', count: 1, reasons: ['no mapping for Erf'], nodes: ['odd1'] }]);
    expect(r.report?.skipped).toHaveLength(2);
    const partial = importOnnx(bytes, { partial: true });
    expect(partial.ok).toBe(true);
    if (partial.ok) {
      expect(partial.complete).toBe(false);
      expect(partial.doc.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'onnx.Erf', 'onnx.Flatten', 'onnx.Gemm']);
    }
  });
});
