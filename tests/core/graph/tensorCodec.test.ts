import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeFloat32, encodeBase64, encodeBase64Portable, encodeFloat32 } from '../../../src/core/graph/tensorCodec';

describe('tensorCodec', () => {
  it('encodes bytes exactly as Node Buffer does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const b64 = encodeBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(b64)).toEqual(bytes);
    }));
  });

  it('encodes bytes in plain JavaScript (no native base64) exactly as Node Buffer does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      expect(encodeBase64Portable(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }));
  });

  it('stores float32 little-endian: 1.0 is 00 00 80 3f', () => {
    const b64 = encodeFloat32(new Float32Array([1]));
    expect([...Buffer.from(b64, 'base64')]).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('round-trips float32 arrays bit for bit, NaN included', () => {
    fc.assert(fc.property(fc.float32Array({ maxLength: 64 }), (arr) => {
      const back = decodeFloat32(encodeFloat32(arr))!;
      expect(new Uint32Array(back.buffer, back.byteOffset, back.length)).toEqual(new Uint32Array(arr.buffer, arr.byteOffset, arr.length));
    }));
  });

  it('handles a 1M-element tensor', () => {
    const arr = new Float32Array(1 << 20).map((_, i) => i * 0.5);
    const b64 = encodeFloat32(arr);
    expect(b64).toBe(Buffer.from(arr.buffer).toString('base64'));
    const back = decodeFloat32(b64)!;
    // Byte comparison: toEqual over a million elements takes seconds.
    expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(arr.buffer))).toBe(true);
  });

  it.each(['abc', 'ab$=', '====', 'AAA=AAAA', 'AAAAAAA='])('rejects %j as float32 base64', (text) => {
    expect(decodeFloat32(text)).toBeNull();
  });
});
