import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets';

const TSX = path.resolve('node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-summary-'));

function cli(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeDoc(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('cli summary', () => {
  it('prints the LeNet-5 table and exits 0', () => {
    const r = cli('summary', 'src/core/presets/lenet5.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Total params: 61,706');
    expect(r.stdout).toMatch(/C5 \(Conv2D\)\s+\[1, 1, 120\]\s+48,120/);
  });

  it('--json gives nodes, totals and diagnostics; a graph with errors exits 1', () => {
    const doc = structuredClone(PRESETS[0].doc);
    doc.nodes[3].params = { ...doc.nodes[3].params, kernelSize: 20 };
    const r = cli('summary', writeDoc('broken.json', JSON.stringify(doc)), '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.nodes).toHaveLength(9);
    expect(out.nodes[2]).toEqual({ id: 's2', kind: 'AvgPool2D', name: 'S2', outputShape: [14, 14, 6], params: 0, macs: 0, receptiveField: [6, 6], jump: [2, 2] });
    expect(out.nodes[3].outputShape).toBeNull();
    expect(out.diagnostics).toEqual([expect.objectContaining({ nodeId: 'c3', severity: 'error', code: 'window-too-large' })]);
    expect(out.diagnostics[0].message).toContain('(14 + 2*0 - 20)/1 + 1 = -5');
    expect(out.diagnostics[0].fixes.length).toBeGreaterThan(0);
  });

  it.each([
    ['garbage', 'this is not json', /not-json/],
    ['a foreign JSON file', '{"type": "excalidraw"}', /not-a-graph/],
  ])('exits 2 with one line and no stack trace for %s', (name, content, pattern) => {
    const r = cli('summary', writeDoc(`${name}.json`, content));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('exits 2 for a missing file', () => {
    const r = cli('summary', path.join(dir, 'missing.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read: no such file/);
  });
});
