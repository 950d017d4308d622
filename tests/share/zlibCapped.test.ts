import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, inflateSync } from 'node:zlib';
import { computeAdler32, deflateZlib, inflateZlibCapped } from '../../src/share/zlibCapped';
import { decodeBase64Url, encodeBase64Url } from '../../src/share/base64url';

const trailer = (z: Uint8Array) => ((z[z.length - 4] << 24) | (z[z.length - 3] << 16) | (z[z.length - 2] << 8) | z[z.length - 1]) >>> 0;

describe('Adler-32', () => {
  it('matches the published value for "Wikipedia" (0x11E60398)', () => {
    expect(computeAdler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });
  it('matches the checksum Node\'s zlib writes, across the 5552-byte blocks', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
      expect(computeAdler32(bytes)).toBe(trailer(deflateSync(bytes)));
    }), { numRuns: 50 });
    const ones = new Uint8Array(100_000).fill(255);
    expect(computeAdler32(ones)).toBe(trailer(deflateSync(ones)));
  });
});

describe('inflateZlibCapped', () => {
  it('reads what Node\'s zlib wrote, and Node reads what we wrote', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
      const ours = inflateZlibCapped(new Uint8Array(deflateSync(bytes)), 1 << 20);
      expect(ours.ok && Buffer.from(ours.bytes).equals(Buffer.from(bytes))).toBe(true);
      expect(Buffer.from(inflateSync(deflateZlib(bytes))).equals(Buffer.from(bytes))).toBe(true);
    }), { numRuns: 100 });
  });
  it('stops a 10 MiB bomb at the 1 MiB cap', () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(10 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(20_000);
    const r = inflateZlibCapped(bomb, 1024 * 1024);
    expect(r).toEqual({ ok: false, reason: 'expands to more than 1,048,576 bytes' });
  });
  it('every truncation is refused', () => {
    const z = deflateZlib(new TextEncoder().encode('{"format":"cnn-graph","version":1} '.repeat(30)));
    for (let n = 0; n < z.length; n++) expect(inflateZlibCapped(z.subarray(0, n), 1 << 20).ok).toBe(false);
  });
  it('every single-byte change is refused or gives the original back', () => {
    const original = new TextEncoder().encode('{"format":"cnn-graph","version":1,"name":"tamper me"}');
    const z = deflateZlib(original);
    for (let i = 0; i < z.length; i++) {
      for (const flip of [1, 0x80]) {
        const t = z.slice();
        t[i] ^= flip;
        const r = inflateZlibCapped(t, 1 << 20);
        if (r.ok) expect(Buffer.from(r.bytes).equals(Buffer.from(original))).toBe(true);
      }
    }
  });
});

describe('base64url', () => {
  it('agrees with Node\'s base64url both ways', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(Buffer.from(decodeBase64Url(text)!).equals(Buffer.from(bytes))).toBe(true);
    }), { numRuns: 300 });
  });
  it.each(['ab+c', 'ab/c', 'ab=c', 'abcde', 'é', 'ab c'])('refuses %j', (text) => {
    expect(decodeBase64Url(text)).toBeNull();
  });
});
