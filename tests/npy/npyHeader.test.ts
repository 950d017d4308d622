import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { parseNpy } from '../../src/core/npy';
import { parsePythonLiteral } from '../../src/core/npy/parsePythonLiteral';

/** An .npy file (format 1.0) with this header text and these raw data bytes, padded as numpy pads. */
function npyWithHeader(dict: string, data: Uint8Array): Uint8Array {
  let header = dict;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

/** Three float32 values 1, 2, 3 stored big-endian. */
const bigEndian123 = () => {
  const view = new DataView(new ArrayBuffer(12));
  [1, 2, 3].forEach((v, i) => view.setFloat32(4 * i, v, false));
  return new Uint8Array(view.buffer);
};

const FOOLING = `{'x': "'descr': '<f4'", 'descr': '>f4', 'fortran_order': False, 'shape': (3,), }`;
const DUPLICATE = `{'descr': '>f4', 'fortran_order': False, 'shape': (3,), 'descr': '<f4', }`;
const SHAPE_IN_STRING = `{'descr': '<f4', 'fortran_order': False, 'shape': "(3,)", }`;

describe('the .npy header is read as the Python literal it is', () => {
  it('a key hidden inside another key\'s string value does not fool the reader', () => {
    const r = parseNpy(npyWithHeader(FOOLING, bigEndian123()));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-header');
      expect(r.error.message).toContain("the key 'x'; only descr, fortran_order and shape are allowed");
    }
  });
  it('a key given twice is refused (a regex took the first, Python the last)', () => {
    const r = parseNpy(npyWithHeader(DUPLICATE, bigEndian123()));
    expect(!r.ok && r.error.message).toMatch(/gives 'descr' twice/);
  });
  it('a shape written as a string is refused', () => {
    const r = parseNpy(npyWithHeader(SHAPE_IN_STRING, new Uint8Array(12)));
    expect(!r.ok && r.error.message).toMatch(/shape must be a tuple/);
  });
  it('numpy itself agrees: it refuses the same three headers and reads the honest one', () => {
    const files = [FOOLING, DUPLICATE, SHAPE_IN_STRING, `{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`]
      .map((h) => Buffer.from(npyWithHeader(h, new Uint8Array(12))).toString('base64'));
    const script = [
      'import base64, io, json, sys, numpy as np',
      'out = []',
      'for b in json.load(sys.stdin):',
      '    try:',
      '        out.append(list(np.load(io.BytesIO(base64.b64decode(b))).shape))',
      '    except Exception as e:',
      '        out.append("refused")',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // numpy keeps the last duplicate key (a dict literal), so it reads DUPLICATE; we refuse it as ambiguous.
    expect(JSON.parse(r.stdout)).toEqual(['refused', [3], 'refused', [3]]);
    expect(parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`, new Uint8Array(12))).ok).toBe(true);
  });
  it.each([
    ["{'a': (1, 2,), 'b': [True, None], 'c': \"q\\\"x\"}", true],
    ["{'shape': (3L, 4L)}", true],
    ["{'a': 1", false],
    ["{'a': 1} trailing", false],
    ["{'a': 99999999999999999999}", false],
    ['('.repeat(100) + ')'.repeat(100), false],
  ])('parsePythonLiteral(%s) ok=%s', (text, ok) => {
    expect(parsePythonLiteral(text).ok).toBe(ok);
  });
});
