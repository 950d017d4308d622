import { describe, expect, it } from 'vitest';
import { restoreGraph } from '../../src/core/graph/restore';
import { RESTORE_LIMITS } from '../../src/core/graph/restore/limits';
import { importOnnxForLibrary } from '../../src/worker/importApi';
import { MAX_BROWSER_ONNX_BYTES, checkOnnxFileSize } from '../../src/worker/onnxFileLimit';
import { buildBytes, node, weight } from '../import/buildOnnx';

const spec = () => ({
  inputs: [['x', [1, 2, 6, 6]]] as Array<[string, number[]]>,
  outputs: [['y', [1, 3]]] as Array<[string, number[]]>,
  initializers: [weight('w', [4, 2, 3, 3]), weight('fc', [3, 16], 0.1)],
  nodes: [node('Conv', ['x', 'w'], ['c']), node('Relu', ['c'], ['r']), node('MaxPool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }), node('Flatten', ['p'], ['f']), node('Gemm', ['f', 'fc'], ['y'], { transB: 1 })],
});

describe('importOnnxForLibrary (the import worker)', () => {
  it('gives a laid-out document that the library gate reads back unchanged, with its weights', async () => {
    const r = await importOnnxForLibrary(buildBytes(spec()), 'small');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.name).toBe('small');
    const again = restoreGraph(r.doc, 'db');
    expect(again.ok && again.report).toEqual([]);
    expect(Object.keys(r.doc.weights ?? {}).sort()).toEqual(['Conv_0', 'Gemm_4']);
    // ELK's layout, top to bottom: every node lower than the one it reads.
    const y = new Map(r.doc.nodes.map((n) => [n.id, n.position.y]));
    for (const e of r.doc.edges) expect(y.get(e.target)!).toBeGreaterThan(y.get(e.source)!);
  });

  it('refuses bad bytes with the importer\'s message and no document', async () => {
    const bytes = buildBytes(spec());
    const r = await importOnnxForLibrary(bytes.subarray(0, 40), 'cut');
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
