import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { exportPytorch } from '../../src/core/export/pytorch';
import { writePytorchModelCode } from '../../src/core/export/pytorch/modelCode';
import { findPreset } from '../../src/core/presets';
import { buildRandomGraph } from './randomExportGraphs';

const OPTIONS = { weights: 'document', seed: 3 } as const;

function bundleModelPy(doc: GraphDocument): string {
  const result = exportPytorch(doc, OPTIONS);
  if (!result.ok || result.output.kind !== 'directory') throw new Error(`export failed: ${result.ok ? 'not a directory' : result.message}`);
  return new TextDecoder().decode(result.output.files.find((f) => f.path === 'model.py')!.bytes);
}

/** Each node's lines read back from the text: `self.NAME = ...` in __init__ and `NAME = ...` in forward. */
function checkLines(doc: GraphDocument, source: string, linesOf: Map<string, number[]>): void {
  const lines = source.split('\n');
  // Model's own: a helper class above it has an __init__ and a forward too.
  const model = lines.indexOf('class Model(nn.Module):');
  const initStart = lines.indexOf('        super().__init__()', model);
  const forwardAt = lines.findIndex((l, i) => i > model && l.startsWith('    def forward(self'));
  for (const node of doc.nodes) {
    const own = linesOf.get(node.id);
    expect(own, node.name).toBeDefined();
    const text = own!.map((n) => lines[n - 1]);
    const last = text[text.length - 1];
    if (node.kind === 'Input') {
      expect(own!.length, node.name).toBe(1);
      expect(own![0] - 1, node.name).toBe(forwardAt);
      continue;
    }
    const name = /^ {8}(\w+) = /.exec(last)?.[1];
    expect(name, `${node.name}: ${last}`).toBeDefined();
    expect(own![own!.length - 1] - 1, node.name).toBeGreaterThan(forwardAt);
    for (const [i, n] of own!.slice(0, -1).entries()) {
      expect(n - 1, node.name).toBeGreaterThan(initStart);
      expect(n - 1, node.name).toBeLessThan(forwardAt);
      if (i === 0) expect(text[0], node.name).toMatch(new RegExp(`^ {8}self\\.${name} = `));
    }
  }
}

describe('writePytorchModelCode', () => {
  it.each(['lenet5', 'lenet5-mnist-trained', 'resnet-block', 'inception-block', 'mobilenetv2'])('%s: the bundle\'s model.py, each node\'s lines found in it', (id) => {
    const doc = findPreset(id)!.doc;
    const code = writePytorchModelCode(doc, OPTIONS);
    if (!code.ok) throw new Error(code.message);
    expect(code.source).toBe(bundleModelPy(doc));
    checkLines(doc, code.source, code.linesOf);
  });

  it('40 random graphs of every kind, helper classes above Model among them', () => {
    let withHelper = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { doc } = buildRandomGraph(seed);
      const code = writePytorchModelCode(doc, OPTIONS);
      const result = exportPytorch(doc, OPTIONS);
      expect(code.ok, `seed ${seed}`).toBe(result.ok);
      if (!code.ok) continue;
      expect(code.source, `seed ${seed}`).toBe(bundleModelPy(doc));
      if (code.source.includes('class SeparableConv2d(nn.Module)')) withHelper++;
      checkLines(doc, code.source, code.linesOf);
    }
    expect(withHelper).toBeGreaterThan(0);
  });

  it('a graph with a shape error names the node and its error', () => {
    const doc = structuredClone(findPreset('lenet5')!.doc);
    const c3 = doc.nodes.find((n) => n.name === 'C3')!;
    c3.params.kernelSize = 20;
    const code = writePytorchModelCode(doc, OPTIONS);
    expect(code.ok).toBe(false);
    if (code.ok || code.code !== 'graph-errors') throw new Error('expected graph-errors');
    expect(code.diagnostics.some((d) => d.nodeId === c3.id && /C3/.test(d.message) && /20/.test(d.message))).toBe(true);
  });
});
