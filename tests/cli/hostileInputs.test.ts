import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planCommand } from '../../src/cli/commands/plan';
import { runCommand } from '../../src/cli/commands/run';
import { summaryCommand } from '../../src/cli/commands/summary';
import type { CommandIo } from '../../src/cli/io/commandIo';
import { RESTORE_LIMITS } from '../../src/core/graph/restore';
import { encodeNpy } from '../../src/core/npy';
import { PRESETS } from '../../src/core/presets';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lenet = () => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc) as unknown as Record<string, any>;
const file = (name: string, content: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** Runs a command in-process and captures what it prints. */
function capture(command: (args: readonly string[], io: CommandIo) => number, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = command(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The real entry in a child process, for what only the process sink does (escaping, exit codes). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const input32 = () => file(`x-${Math.random().toString(36).slice(2)}.npy`, encodeNpy([1, 32, 32, 1], Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i))));

describe('the CLI reads documents through the import gate (restoreGraph)', () => {
  it('an Input with id "__proto__" is renamed, so run works and says so', () => {
    const doc = lenet();
    doc.nodes[0].id = '__proto__';
    for (const e of doc.edges) if (e.source === 'input') e.source = '__proto__';
    const r = capture(runCommand, file('proto.json', JSON.stringify(doc)), '--input', input32());
    expect(r.stderr).toMatch(/note: .*node id that JavaScript reserves renamed \(__proto__ -> __proto___2\)/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('output Output: shape [1, 10]');
  });

  it('params nested 5,000 deep are refused with a message, not a stack overflow', () => {
    let deep = '0';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const text = JSON.stringify(lenet()).replace('"filters":6', `"filters":6,"deep":${deep}`);
    const r = capture(summaryCommand, file('deep.json', text));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Node "c1" params: values are nested too deeply\. \[invalid-document\]$/);
    expect(r.stderr).not.toMatch(/call stack/);
  });

  it.each([
    ['summary', summaryCommand],
    ['plan', planCommand],
  ] as const)('%s refuses more nodes than the limit by count, before any work', (_name, command) => {
    const n = RESTORE_LIMITS.maxNodes + 1;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: i === 0 ? 'Input' : 'Activation', name: `n${i}`, params: i === 0 ? { shape: [4] } : { fn: 'relu' }, position: { x: 0, y: i } }));
    const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id }));
    const r = capture(command, file(`chain-${_name}.json`, JSON.stringify({ format: 'cnn-graph', version: 1, name: 'chain', nodes, edges })));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`has ${n.toLocaleString('en-US')} nodes; the limit is ${RESTORE_LIMITS.maxNodes.toLocaleString('en-US')}. [too-many-nodes]`);
  });

  it('a file over 351.3 MiB (10 MiB and 256 MiB of weights in base64) is refused by its size, naming both sizes', () => {
    // A sparse file: its size is what is checked, before a byte is read.
    const big = file('big.json', '');
    truncateSync(big, RESTORE_LIMITS.maxFileBytes + 1);
    const r = capture(summaryCommand, big);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${big}: the graph file is 351.3 MiB, the limit is 351.3 MiB`);
  });

  it.each(['summary', 'plan'] as const)('%s refuses /dev/zero and /dev/urandom as not regular files', (name) => {
    const command = name === 'summary' ? summaryCommand : planCommand;
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const r = capture(command, device);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${device}: cannot read: not a regular file (a device, pipe or socket); give a graph file saved on disk`);
    }
  });

  it('run --input /dev/zero is refused the same way', () => {
    const r = capture(runCommand, 'lenet5', '--input', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: \/dev\/zero: cannot read: not a regular file/);
  });

  it('a byte-order mark is accepted (as the browser does) and invalid UTF-8 is refused, not replaced', () => {
    const text = JSON.stringify(lenet());
    const bom = capture(summaryCommand, file('bom.json', `\ufeff${text}`));
    expect(bom.code).toBe(0);
    expect(bom.stdout).toContain('Total params: 61,706');
    const bytes = new TextEncoder().encode(text.replace('"LeNet-5"', '"LeNet-X"'));
    bytes[bytes.indexOf(0x58)] = 0xff; // 'X' -> a byte that is never UTF-8
    const bad = capture(summaryCommand, file('latin.json', bytes));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not UTF-8 text .*\[not-utf8\]/);
  });

  it('"format": 1 is named as what it is, not as missing', () => {
    const doc = lenet();
    doc.format = 1;
    const r = capture(summaryCommand, file('format1.json', JSON.stringify(doc)));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"format" is 1 (not a string), expected "cnn-graph"');
  });

  it('a document written by hand (no names, no positions) is read, and the repairs are noted on stderr', () => {
    const doc = lenet();
    for (const n of doc.nodes) { delete n.name; delete n.position; }
    const r = capture(summaryCommand, file('hand.json', JSON.stringify(doc)));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/c5 \(Conv2D\)\s+\[1, 1, 120\]\s+48,120/);
    expect(r.stderr).toMatch(/note: .*9 nodes without a name named after their id/);
  });
});

describe('preset ids work for every command (summary lenet5)', () => {
  it.each(['summary', 'plan'] as const)('%s lenet5', (name) => {
    const r = capture(name === 'summary' ? summaryCommand : planCommand, 'lenet5');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(name === 'summary' ? 'Total params: 61,706' : 'Plan for "LeNet-5": 9 steps');
  });
  it('run lenet5', () => {
    const r = capture(runCommand, 'lenet5', '--input', input32());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ran "LeNet-5" on 1 sample(s)');
  });
  it('an unknown name lists the presets', () => {
    const r = capture(summaryCommand, 'lenet6');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lenet6: cannot read: no such file (or a preset: lenet5, ');
  });
});

describe('terminal escapes in names are never printed raw', () => {
  const attacks = {
    clear: 'C1\u001b[2J\u001b[H',
    title: 'C1\u001b]0;pwned\u0007',
    clipboard: 'C1\u001b]52;c;Y3VybCBldmlsLnNofHNo\u0007',
    carriage: 'C1\rOK everything is fine',
    c1csi: 'C1\u009b2J',
    bidi: 'C1\u202egnp.exe',
  };
  const doc = lenet();
  Object.values(attacks).forEach((name, i) => { doc.nodes[i + 1].name = name; });
  doc.name = 'evil\u001b]0;title\u0007';
  const graph = file('escapes.json', JSON.stringify(doc));
  // Everything a terminal acts on: C0 except the newline ending each line, DEL, C1, bidi controls.
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it.each([['summary'], ['plan'], ['summary', '--json'], ['plan', '--json']])('%s %s', (...args) => {
    const r = cli(args[0], graph, ...args.slice(1));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    if (args[1] === '--json') {
      // Still valid JSON that gives back the very names.
      const names = JSON.stringify(JSON.parse(r.stdout));
      for (const name of Object.values(attacks)) expect(names).toContain(JSON.stringify(name).slice(1, -1));
    } else {
      expect(r.stdout).toContain(args[0] === 'summary' ? 'C1\\u001b[2J\\u001b[H (Conv2D)' : 'C1\\u001b]52;c;Y3VybCBldmlsLnNofHNo\\u0007');
    }
  });
  it('run prints the graph name escaped', () => {
    const r = cli('run', graph, '--input', input32());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ran "evil\\u001b]0;title\\u0007"');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });
});

describe('output paths never leave the named directory', () => {
  it('a node id "sub/../../esc" with two outputs writes inside outdir, sanitised', () => {
    const doc = lenet();
    // A second output: a Dense head on F6 whose id tries to climb out of the output directory.
    doc.nodes.push({ id: 'sub/../../esc', kind: 'Dense', name: 'escape', params: { units: 3, activation: 'linear', useBias: true }, position: { x: 0, y: 0 } });
    doc.edges.push({ id: 'e-esc', source: 'f6', target: 'sub/../../esc' });
    const out = path.join(dir, 'a', 'b', 'outdir');
    mkdirSync(out, { recursive: true });
    const r = capture(runCommand, file('twoOut.json', JSON.stringify(doc)), '--input', input32(), '--output', path.join(out, 'y.npy'));
    // Nothing on stderr but the note naming the defaults the file's nodes leave out.
    expect(r.stderr.split('\n').filter((line) => line !== '' && !line.includes('Defaults used for params left out')).join('\n')).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['y.output.npy', 'y.sub_esc.npy']);
    expect(existsSync(path.join(dir, 'a', 'esc.npy'))).toBe(false);
    expect(readdirSync(path.join(dir, 'a')).sort()).toEqual(['b']);
  });
});

describe('run arguments', () => {
  it.each([
    ['-5', '--seed: Seed must be a whole number from 0 to 4,294,967,295, got "-5"'],
    ['1234567890123456789012345678901234567890', '--seed: Seed must be a whole number from 0 to 4,294,967,295, got "1234567890123456789012345678901234567890"'],
    ['1e3', '--seed: Seed must be a whole number from 0 to 4,294,967,295, got "1e3"'],
  ])('--seed %s is refused', (seed, message) => {
    const r = capture(runCommand, 'lenet5', '--input', input32(), '--seed', seed);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });
  it('--seed 4294967295 is the largest accepted', () => {
    const r = capture(runCommand, 'lenet5', '--input', input32(), '--seed', '4294967295');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seed 4294967295');
  });
});

describe('usage', () => {
  it('--help prints usage on stdout and exits 0, for the CLI and each command', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('summary FILE [--json]');
    for (const c of ['summary', 'plan', 'run']) {
      const r = cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: ${c} FILE`));
    }
  });
  it('summary names an unknown option', () => {
    const r = capture(summaryCommand, 'lenet5', '--jsno');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^summary: unknown option --jsno; usage: summary FILE/);
  });
  it('an unknown command named "__proto__" is an unknown command, not a crash', () => {
    const r = cli('__proto__');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: unknown command "__proto__"');
  });
});
