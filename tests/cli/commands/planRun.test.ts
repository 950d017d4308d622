import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeNpy, parseNpy } from '../../../src/core/npy';
import { PRESETS } from '../../../src/core/presets';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-plan-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real CLI entry in a child process, as `npm run cli -- ...` does. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const file = (name: string, bytes: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const samples = (n: number, size: number) => Float32Array.from({ length: n * size }, (_, i) => Math.sin(i * 0.37));

describe('cli plan', () => {
  it('prints every step with its kernel, shapes and buffer offsets, and the arena against naive', () => {
    const graph = file('lenet.json', JSON.stringify(PRESETS.find((p) => p.id === 'lenet5')!.doc));
    const r = cli('plan', graph);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Plan for "LeNet-5": 9 steps, 1 input(s), 1 output(s), 8 buffers');
    expect(lines.find((l) => l.startsWith('1  C1'))).toMatch(/Conv2D\s+conv2d\s+32x32x1\s+28x28x6\s+b0\s+b1\s+\d+\s+4704$/);
    expect(lines.find((l) => l.startsWith('6  Flatten'))).toMatch(/alias/);
    // 5880 floats (C1 + S2) against 9238: see the compile tests for the arithmetic.
    expect(r.stdout).toContain('arena: 23.5 kB per sample (live peak 23.5 kB) vs naive 37.0 kB');
  });
  it('a graph with shape errors exits 1 and names the node', () => {
    const doc = structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc);
    doc.nodes.find((n) => n.id === 'c5')!.params.kernelSize = 9;
    const r = cli('plan', file('broken.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('C5');
  });
});

describe('cli run', () => {
  it('runs a batch from .npy, writes the output .npy and prints the top-5 of each sample', () => {
    const input = file('x.npy', encodeNpy([2, 32, 32, 1], samples(2, 1024)));
    const output = path.join(dir, 'y.npy');
    const r = cli('run', 'lenet5', '--input', input, '--output', output, '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('output Output: shape [2, 10]');
    const y = parseNpy(new Uint8Array(readFileSync(output)));
    if (!y.ok) throw new Error(y.error.message);
    expect(y.shape).toEqual([2, 10]);
    for (let s = 0; s < 2; s++) {
      const row = Array.from(y.data.subarray(s * 10, s * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const top = row.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([v, i]) => `${i} (${v.toFixed(4)})`);
      expect(r.stdout).toContain(`sample ${s} top-5: ${top.join(', ')}`);
    }
  });
  it.each([
    ['int32 data', () => {
      // an '<i4' file: same layout, dtype changed in the header
      const bytes = encodeNpy([1, 32, 32, 1], samples(1, 1024));
      const text = new TextDecoder('latin1').decode(bytes).replace("'<f4'", "'<i4'");
      return Uint8Array.from(text, (c) => c.charCodeAt(0));
    }, /^error: .*dtype '<i4' is not supported/],
    ['the wrong sample shape', () => encodeNpy([1, 28, 28, 1], samples(1, 784)), /^error: .*shape \[1, 28, 28, 1\] does not fit Input "Input" 32x32x1/],
    ['a truncated file', () => encodeNpy([2, 32, 32, 1], samples(2, 1024)).subarray(0, 3000), /^error: .*truncated/],
    ['not an .npy at all', () => new TextEncoder().encode('hello'), /^error: .*not an \.npy file/],
  ])('refuses %s with one line and exit 2', (_case, make, message) => {
    const r = cli('run', 'lenet5', '--input', file(`bad-${_case.replace(/\W/g, '')}.npy`, make()));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
