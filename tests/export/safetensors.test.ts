import { describe, expect, it } from 'vitest';
import { encodeSafetensors, float32Bytes } from '../../src/core/export/safetensors';

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('encodeSafetensors', () => {
  it('writes the bytes of the safetensors test suite (a 2x2 int32 of zeros), header padded to 64', () => {
    // bindings/python/tests/test_simple.py in the safetensors repository: header length 60, the
    // JSON below and 16 zero bytes; current releases pad the header with spaces to a multiple of 8.
    const json = '{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}';
    const out = encodeSafetensors([{ name: 'test', dtype: 'I32', shape: [2, 2], bytes: new Uint8Array(16) }]);
    expect(latin1(out)).toBe(`@\0\0\0\0\0\0\0${json}    ${'\0'.repeat(16)}`);
  });

  it('lays tensors out contiguously from offset 0 in the order given, values little-endian', () => {
    const out = encodeSafetensors([
      { name: 'a.weight', dtype: 'F32', shape: [3], bytes: float32Bytes(Float32Array.of(1, -2, 0.5)) },
      { name: 'a.num_batches_tracked', dtype: 'I64', shape: [], bytes: new Uint8Array(8) },
    ]);
    const size = Number(new DataView(out.buffer).getBigUint64(0, true));
    expect(size % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(out.subarray(8, 8 + size)));
    expect(header).toEqual({
      'a.weight': { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      'a.num_batches_tracked': { dtype: 'I64', shape: [], data_offsets: [12, 20] },
    });
    const body = new DataView(out.buffer, 8 + size);
    expect([body.getFloat32(0, true), body.getFloat32(4, true), body.getFloat32(8, true)]).toEqual([1, -2, 0.5]);
    expect(out.length).toBe(8 + size + 20);
  });

  it('refuses bytes that do not fit the shape and a name given twice', () => {
    expect(() => encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [2, 2], bytes: new Uint8Array(12) }])).toThrow('16 bytes expected for F32 [2, 2], got 12');
    const t = { name: 'w', dtype: 'F32' as const, shape: [1], bytes: new Uint8Array(4) };
    expect(() => encodeSafetensors([t, t])).toThrow('given twice');
  });
});
