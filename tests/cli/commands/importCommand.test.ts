import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/commands/import';
import { parseGraphJson } from '../../../src/core/graph/parseGraph';
import { encodeNpy, parseNpy } from '../../../src/core/npy';
import { buildBytes, node, weight, type ModelSpec } from '../../import/buildOnnx';
import { makeInput, runOrt } from '../../import/importHelpers';

const TSX = path.resolve('node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-import-'));

function spec(relu = 'Relu'): ModelSpec {
  return {
    inputs: [['x', [1, 2, 4, 4]]],
    outputs: [['y', [1, 3]]],
    initializers: [weight('w', [4, 2, 3, 3]), weight('fc', [3, 16], 0.1)],
    nodes: [node('Conv', ['x', 'w'], ['c'], {}, 'conv'), node(relu, ['c'], ['r'], {}, 'act'), node('Flatten', ['r'], ['f']), node('Gemm', ['f', 'fc'], ['y'], { transB: 1 }, 'fc')],
  };
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await importCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli import', () => {
  it('writes the document next to the model, prints the report, exits 0', async () => {
    const file = write('small.onnx', buildBytes(spec()));
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/opset 13: 4 nodes -> 4 layers/);
    expect(r.out).toMatch(/folded   Relu x1: Relu folded into the activation of the Conv2D before it/);
    const parsed = parseGraphJson(readFileSync(path.join(dir, 'small.cnn.json'), 'utf8'));
    expect(parsed.ok && parsed.doc.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'Flatten', 'Dense']);
    expect(parsed.ok && Object.keys(parsed.doc.weights ?? {}).sort()).toEqual(['conv', 'fc']);
  });

  it('exits 1 and writes nothing when an op is unmapped; --partial writes unknown-kind nodes', async () => {
    const file = write('odd.onnx', buildBytes(spec('Erf')));
    const out = path.join(dir, 'odd-out.cnn.json');
    const r = await run(file, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unmapped Erf x1: no mapping for Erf \[act\]/);
    expect(existsSync(out)).toBe(false);
    const partial = await run(file, '--out', out, '--partial');
    expect(partial.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('"kind": "onnx.Erf"');
  });

  it('exits 2 for a file that is not an ONNX model, and for a missing file', async () => {
    const r = await run(write('text.onnx', 'hello, not protobuf'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/text\.onnx: not an ONNX model \(19 bytes\)/);
    expect((await run(path.join(dir, 'missing.onnx'))).err).toMatch(/missing\.onnx: cannot read: no such file/);
  });

  it('refuses a file over 2 GiB from its size, without reading it', async () => {
    const file = path.join(dir, 'huge.onnx');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 3 * 2 ** 30); // sparse: no disk used
    closeSync(fd);
    const r = await run(file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/huge\.onnx: not an ONNX model: 3221225472 bytes is more than protobuf's limit of 2147483647/);
  });

  it('--input-shape fills a symbolic size', async () => {
    const s = spec();
    s.inputs = [['x', ['N', 2, 'H', 'W']]];
    const file = write('sym.onnx', buildBytes(s));
    expect((await run(file)).err).toMatch(/--input-shape 224,224,2/);
    expect((await run(file, '--input-shape', '4,4,2')).code).toBe(0);
    expect((await run(file, '--input-shape', '4x4')).err).toMatch(/--input-shape needs whole numbers H,W,C/);
  });

  it('summary and run take the .onnx file directly; run gives onnxruntime\'s output', async () => {
    const file = write('direct.onnx', buildBytes(spec()));
    const summary = spawnSync(TSX, ['src/cli/main.ts', 'summary', file], { encoding: 'utf8' });
    expect(summary.status).toBe(0);
    expect(summary.stdout).toMatch(/Total params: 120/);
    // One sample, NHWC for us; the same values NCHW for onnxruntime.
    const nchw = makeInput(32);
    const nhwc = new Float32Array(32);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 2; c++) nhwc[(y * 4 + x) * 2 + c] = nchw[(c * 4 + y) * 4 + x];
    const input = write('x.npy', encodeNpy([1, 4, 4, 2], nhwc));
    const output = path.join(dir, 'y.npy');
    const ran = spawnSync(TSX, ['src/cli/main.ts', 'run', file, '--input', input, '--output', output], { encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);
    const parsed = parseNpy(readFileSync(output));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const ours = parsed.data;
    const theirs = (await runOrt(buildBytes(spec()), nchw, [1, 2, 4, 4])).y.data;
    for (let i = 0; i < 3; i++) expect(ours[i]).toBeCloseTo(theirs[i], 5);
  });
});
