import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { exportCommand } from '../../../src/cli/commands/export';
import { exportOnnx } from '../../../src/core/export/onnx/exportOnnx';
import { decodeModel } from '../../../src/core/onnx/codec';
import { PRESETS } from '../../../src/core/presets';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-export-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = exportCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const at = (name: string) => path.join(dir, name);
const preset = (id: string) => structuredClone(PRESETS.find((p) => p.id === id)!.doc);

describe('cli export --to onnx', () => {
  it('writes the same bytes as the core exporter, and onnxruntime loads the file', async () => {
    const r = run('tinyvgg', '--to', 'onnx', '--out', at('tiny.onnx'));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^exported "TinyVGG \(CNN Explainer\)" to ONNX: .*tiny\.onnx \(1 file\(s\), \d+ bytes, \d+ ms\)$/);
    expect(r.out).toContain("note: input 'input' [N, 3, 64, 64] (NCHW [N, C, H, W], N is the batch)");
    const bytes = new Uint8Array(readFileSync(at('tiny.onnx')));
    const core = exportOnnx(preset('tinyvgg'));
    expect(core.ok && Buffer.compare(Buffer.from(core.bytes), Buffer.from(bytes))).toBe(0);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 3 * 64 * 64).fill(0.5), [2, 3, 64, 64]) });
    expect(out.output.dims).toEqual([2, 10]);
    await session.release();
  });

  it('--layout nhwc makes the input [N, H, W, C]', () => {
    const r = run('lenet5', '--to', 'onnx', '--out', at('lenet-nhwc.onnx'), '--layout', 'nhwc');
    expect(r.code).toBe(0);
    const decoded = decodeModel(readFileSync(at('lenet-nhwc.onnx')));
    if (!decoded.ok) throw new Error(decoded.message);
    const type = decoded.model.graph!.input[0].type!.value;
    expect(type.case === 'tensorType' && type.value.shape!.dim.map((d) => d.value.value)).toEqual(['N', 32n, 32n, 1n]);
  });

  it('--no-weights still writes runnable seeded weights and says so', () => {
    const r = run('lenet5-mnist-trained', '--to', 'onnx', '--out', at('bare.onnx'), '--no-weights');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/--no-weights writes the app's seeded initial weights \(seed 0\)/);
    const seeded = exportOnnx({ ...preset('lenet5-mnist-trained'), weights: undefined });
    expect(seeded.ok && Buffer.compare(Buffer.from(seeded.bytes), readFileSync(at('bare.onnx')))).toBe(0);
  });

  it('a pool ONNX cannot express exits 1 naming the node and what to use instead, and writes nothing', () => {
    const doc = preset('lenet5');
    doc.nodes.find((n) => n.id === 's2')!.params.padding = 2;
    writeFileSync(at('padded.json'), JSON.stringify(doc));
    const r = run(at('padded.json'), '--to', 'onnx', '--out', at('padded.onnx'));
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/S2 \(AvgPool2D, node s2\): ONNX pools need every pad smaller than the window: pool 2x2 with pads top 2/);
    expect(existsSync(at('padded.onnx'))).toBe(false);
  });

  it('refuses an existing file unless --force', () => {
    writeFileSync(at('taken.onnx'), 'mine');
    expect(run('lenet5', '--to', 'onnx', '--out', at('taken.onnx')).code).toBe(2);
    expect(readFileSync(at('taken.onnx'), 'utf8')).toBe('mine');
    expect(run('lenet5', '--to', 'onnx', '--out', at('taken.onnx'), '--force').code).toBe(0);
    expect(decodeModel(readFileSync(at('taken.onnx'))).ok).toBe(true);
  });
});
