import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeNpy, parseNpy } from '../../src/core/npy';

// Files written by numpy 2.4 `np.save` (base64), the independent reference for the format.
const NUMPY = {
  f4_2x3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAPwAAgD8AAMA/AAAAQAAAIEA=',
  f8_3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAALA/Knx0k1iUD8=',
  i4_4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAQAAAAIAAAADAAAA',
  fortran: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=',
  bigEndian: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAP4AAAEAAAAA=',
  scalar: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAOBA',
  v2_f4_2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPw==',
};
const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('parseNpy reads files written by numpy', () => {
  it("'<f4' (2, 3) C order", () => {
    const r = parseNpy(bytesOf(NUMPY.f4_2x3));
    expect(r.ok && r.shape).toEqual([2, 3]);
    expect(r.ok && Array.from(r.data)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });
  it("'<f8' (3,) is rounded to float32", () => {
    const r = parseNpy(bytesOf(NUMPY.f8_3));
    expect(r.ok && r.shape).toEqual([3]);
    expect(r.ok && Array.from(r.data)).toEqual([1.5, -2.25, Math.fround(1e-3)]);
    expect(r.ok && r.dtype).toBe('<f8');
  });
  it('a 0-d scalar has shape [] and one value', () => {
    const r = parseNpy(bytesOf(NUMPY.scalar));
    expect(r.ok && r.shape).toEqual([]);
    expect(r.ok && Array.from(r.data)).toEqual([7]);
  });
  it('format 2.0 (uint32 header length)', () => {
    const r = parseNpy(bytesOf(NUMPY.v2_f4_2));
    expect(r.ok && Array.from(r.data)).toEqual([0, 1]);
  });
  it.each([
    ['i4_4', 'unsupported-dtype', "'<i4'"],
    ['bigEndian', 'unsupported-dtype', "'>f4'"],
    ['fortran', 'fortran-order', 'Fortran'],
  ] as const)('%s is refused with %s', (key, code, text) => {
    const r = parseNpy(bytesOf(NUMPY[key]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(text);
    }
  });
  it('wrong magic', () => {
    const r = parseNpy(new TextEncoder().encode('PK\u0003\u0004 this is a zip file'));
    expect(!r.ok && r.error.code).toBe('bad-magic');
  });
  it('a missing value names the byte counts', () => {
    const full = bytesOf(NUMPY.f4_2x3);
    const r = parseNpy(full.subarray(0, full.length - 4));
    expect(!r.ok && r.error.message).toBe('.npy data truncated: shape [2, 3] needs 6*4 = 24 bytes, got 20');
  });
  it('extra trailing bytes are a size mismatch', () => {
    const full = bytesOf(NUMPY.f4_2x3);
    const longer = new Uint8Array(full.length + 4);
    longer.set(full);
    const r = parseNpy(longer);
    expect(!r.ok && r.error.code).toBe('size-mismatch');
  });
});

describe('encodeNpy', () => {
  it('writes the same bytes as numpy np.save for float32 (2, 3)', () => {
    const ours = encodeNpy([2, 3], new Float32Array([0, 0.5, 1, 1.5, 2, 2.5]));
    expect(Buffer.from(ours).toString('base64')).toBe(NUMPY.f4_2x3);
  });
  it('refuses data whose length is not the product of the shape', () => {
    expect(() => encodeNpy([2, 3], new Float32Array(5))).toThrow(/holds 6 values, data has 5/);
  });
});

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 });
const caseArb = shapeArb.chain((shape) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.tuple(fc.constant(shape), fc.array(fc.float({ noNaN: true }), { minLength: n, maxLength: n }));
});

describe('npy properties', () => {
  it('encode -> parse round-trips shape and every float32 bit pattern', () => {
    fc.assert(
      fc.property(caseArb, ([shape, values]) => {
        const data = new Float32Array(values);
        const r = parseNpy(encodeNpy(shape, data));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.shape).toEqual(shape);
        expect(new Uint8Array(r.data.buffer)).toEqual(new Uint8Array(data.buffer));
      }),
    );
  });
  it('every strict prefix of a file is an error, never a throw', () => {
    fc.assert(
      fc.property(caseArb, ([shape, values]) => {
        const bytes = encodeNpy(shape, new Float32Array(values));
        for (let cut = 0; cut < bytes.length; cut++) {
          const r = parseNpy(bytes.subarray(0, cut));
          expect(r.ok).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, withMagic) => {
        const bytes = withMagic ? new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, ...tail]) : tail;
        expect(() => parseNpy(bytes)).not.toThrow();
      }),
    );
  });
});
