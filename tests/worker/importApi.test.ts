import { describe, expect, it } from 'vitest';
import { restoreGraph } from '../../src/core/graph/restore';
import { RESTORE_LIMITS } from '../../src/core/graph/restore/limits';
import { checkFloatWeights } from '../../src/core/graph/restore/checkWeights';
import { decodeFloat32 } from '../../src/core/graph/tensorCodec';
import { withEncodedWeights } from '../../src/ui/persistence/importedWeights';
import { importOnnxForLibrary } from '../../src/worker/importApi';
import { ownBuffers } from '../../src/worker/transferWeights';
import { MAX_BROWSER_ONNX_BYTES, checkOnnxFileSize } from '../../src/worker/onnxFileLimit';
import { buildBytes, node, weight } from '../import/buildOnnx';

const spec = () => ({
  inputs: [['x', [1, 2, 6, 6]]] as Array<[string, number[]]>,
  outputs: [['y', [1, 3]]] as Array<[string, number[]]>,
  initializers: [weight('w', [4, 2, 3, 3]), weight('fc', [3, 16], 0.1)],
  nodes: [node('Conv', ['x', 'w'], ['c']), node('Relu', ['c'], ['r']), node('MaxPool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }), node('Flatten', ['p'], ['f']), node('Gemm', ['f', 'fc'], ['y'], { transB: 1 })],
});

describe('importOnnxForLibrary (the import worker)', () => {
  it('gives a document and float weights that, encoded on the page, the library gate reads back unchanged', async () => {
    const r = importOnnxForLibrary(buildBytes(spec()), 'small');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.name).toBe('small');
    expect(r.doc.weights).toBeUndefined();
    const floats = structuredClone(r.weights);
    const doc = await withEncodedWeights(r.doc, r.weights);
    const again = restoreGraph(doc, 'db');
    expect(again.ok && again.report).toEqual([]);
    expect(Object.keys(doc.weights ?? {}).sort()).toEqual(['Conv_0', 'Gemm_4']);
    // The kernel as HWIO [3, 3, 2, 4], exactly the floats the worker sent; the floats are let go once encoded.
    expect(doc.weights!.Conv_0.kernel.shape).toEqual([3, 3, 2, 4]);
    expect(decodeFloat32(doc.weights!.Conv_0.kernel.data)).toEqual(floats.Conv_0.kernel.data);
    expect(Object.keys(r.weights.Conv_0)).toEqual([]);
    // Rows by depth until ELK's positions arrive: every node lower than the one it reads.
    const y = new Map(doc.nodes.map((n) => [n.id, n.position.y]));
    for (const e of doc.edges) expect(y.get(e.target)!).toBeGreaterThan(y.get(e.source)!);
  });

  it('sends each tensor in a buffer of its own, so the file\'s bytes are not moved with them', () => {
    const r = importOnnxForLibrary(buildBytes(spec()), 'small');
    if (!r.ok) throw new Error(r.message);
    const tensors = Object.values(r.weights).flatMap((t) => Object.values(t));
    const buffers = ownBuffers(r.weights);
    expect(buffers).toHaveLength(tensors.length);
    for (const t of tensors) expect(t.data.byteLength).toBe(t.data.buffer.byteLength);
    // A transfer with this list succeeds (a buffer listed twice, or a view's, would throw) and empties the originals.
    const moved = structuredClone(r.weights, { transfer: buffers });
    expect(moved.Gemm_4.kernel.data.length).toBe(16 * 3);
    expect(tensors.every((t) => t.data.byteLength === 0)).toBe(true);
  });

  it('refuses weights over the library\'s limits before anything is encoded', () => {
    const limits = { ...RESTORE_LIMITS, maxTensorElements: 100, maxWeightBytes: 4 * 150 };
    const ids = new Set(['a', 'b']);
    const t = (n: number) => ({ shape: [n], data: new Float32Array(n) });
    expect(checkFloatWeights({ a: { kernel: t(100) } }, ids, limits)).toBeNull();
    expect(checkFloatWeights({ a: { kernel: t(101) } }, ids, limits)).toBe('weight a.kernel has shape [101], more than 100 values (the limit)');
    expect(checkFloatWeights({ a: { kernel: t(100) }, b: { kernel: t(51) } }, ids, limits)).toBe('the weights take 604 bytes, more than 600 (the limit)');
    expect(checkFloatWeights({ c: { kernel: t(1) } }, ids, limits)).toBe('weights of node "c", which the graph does not have');
    expect(checkFloatWeights({ a: { kernel: { shape: [2, 3], data: new Float32Array(5) } } }, ids, limits)).toBe('weight a.kernel has 5 values for shape [2, 3]');
  });

  it('refuses bad bytes with the importer\'s message and no document', async () => {
    const bytes = buildBytes(spec());
    const r = importOnnxForLibrary(bytes.subarray(0, 40), 'cut');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/ONNX/);
  });

  it('refuses a file larger than a library entry can hold from its size alone', () => {
    expect(checkOnnxFileSize(MAX_BROWSER_ONNX_BYTES)).toBeNull();
    // 256 MiB of weights (the library's limit per graph) plus 16 MiB of structure.
    expect(RESTORE_LIMITS.maxWeightBytes).toBe(256 * 2 ** 20);
    expect(checkOnnxFileSize(MAX_BROWSER_ONNX_BYTES + 1)).toMatch(/^the file is 272\.0 MiB, more than the 272\.0 MiB/);
    expect(checkOnnxFileSize(2 * 2 ** 30)).toMatch(/^the file is 2048\.0 MiB, .*\(at most 256\.0 MiB of weights/);
  });
});
