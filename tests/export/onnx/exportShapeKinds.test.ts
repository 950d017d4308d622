import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildChain, inputArb, stepArb } from '../../e2eOracle/spatialChains';
import { runPythonJson } from '../../oracles/python';
import { compareWithOrt } from './onnxHelpers';

/**
 * The reshaping and gating kinds exported to ONNX (Resize both ways, Pad, Slice, Reshape through
 * NHWC order, Unsqueeze + Mul gates, ReduceMax): random chains run by onnxruntime-node at batch 1
 * and 3 against our runtime, and every file accepted by onnx.checker (one Python process).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'export-onnx-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('random reshaping chains exported to ONNX', () => {
  it('agree with onnxruntime within 1e-4 and pass onnx.checker', { timeout: 600_000 }, async () => {
    const files: string[] = [];
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(inputArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (input, steps) => {
        const doc = buildChain(input, steps);
        for (const n of doc.nodes) kinds.add(`${n.kind}${n.kind === 'UpSampling2D' ? ` ${n.params.interpolation}` : ''}`);
        const result = await compareWithOrt(doc, [1, 3]);
        expect(result.worst, `${result.output} of ${JSON.stringify({ input, steps })}`).toBeLessThanOrEqual(1e-4);
        const file = path.join(dir, `${files.length}.onnx`);
        writeFileSync(file, result.bytes);
        files.push(file);
      }),
      { numRuns: 60, seed: 20261202 },
    );
    expect([...kinds]).toEqual(expect.arrayContaining(['Cropping2D', 'GlobalMaxPool2D', 'Multiply', 'Reshape', 'UpSampling2D bilinear', 'UpSampling2D nearest', 'ZeroPadding2D']));
    const problems = runPythonJson<string[]>(String.raw`
import json, sys, onnx
problems = []
for f in json.load(sys.stdin):
    try:
        onnx.checker.check_model(onnx.load(f), full_check=True)
    except Exception as e:
        problems.append('%s: %s' % (f, e))
print(json.dumps(problems))
`, files);
    expect(problems).toEqual([]);
  });
});
