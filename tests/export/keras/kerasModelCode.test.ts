import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../src/core/graph/types';
import { exportKerasBundle } from '../../../src/core/export/keras';
import { writeKerasModelCode } from '../../../src/core/export/keras/modelCode';
import { toSnakeIdentifier } from '../../../src/core/export/pythonNames';
import { findPreset } from '../../../src/core/presets';

const OPTIONS = { weights: 'document', seed: 3 } as const;

function bundleModelPy(doc: GraphDocument): string {
  const result = exportKerasBundle(doc, OPTIONS);
  if (!result.ok || result.output.kind !== 'directory') throw new Error(`export failed: ${result.ok ? 'not a directory' : result.message}`);
  return new TextDecoder().decode(result.output.files.find((f) => f.path === 'model.py')!.bytes);
}

describe('writeKerasModelCode', () => {
  it.each(['lenet5', 'lenet5-mnist-trained', 'resnet-block', 'inception-block'])('%s: the bundle\'s model.py; each node\'s last line names it', (id) => {
    const doc = findPreset(id)!.doc;
    const code = writeKerasModelCode(doc, OPTIONS);
    if (!code.ok) throw new Error(code.message);
    expect(code.source).toBe(bundleModelPy(doc));
    const lines = code.source.split('\n');
    for (const node of doc.nodes) {
      const own = code.linesOf.get(node.id);
      expect(own?.length, node.name).toBeGreaterThan(0);
      const last = lines[own![own!.length - 1] - 1];
      // The layer's Keras name is the node's (snake_case): `c3 = layers.Conv2D(..., name="c3")(s2)`.
      const variable = /^ {4}(\w+) = /.exec(last)?.[1];
      expect(variable, `${node.name}: ${last}`).toBeDefined();
      expect(last, node.name).toContain(`name="${variable}"`);
      expect(variable!.startsWith(toSnakeIdentifier(node.name)), `${node.name}: ${variable}`).toBe(true);
    }
  });
});
