import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../src/core/imaging';

function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(b.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  return b;
}

/** SOI, an APP0 segment of 16 bytes, then SOF0 with the size. */
function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...'JFIF'.split('').map((c) => c.charCodeAt(0)), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof]);
}

describe('readImageHeader', () => {
  it('reads a PNG IHDR', () => {
    expect(readImageHeader(pngHeader(640, 480), 'a.png')).toEqual({ ok: true, format: 'png', width: 640, height: 480 });
  });

  it('reads a JPEG SOF0 after an APP0 segment', () => {
    expect(readImageHeader(jpegHeader(300, 200), 'a.jpg')).toEqual({ ok: true, format: 'jpeg', width: 300, height: 200 });
  });

  it('reads a GIF logical screen', () => {
    const b = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x01, 0x10, 0x00, 0, 0, 0]);
    expect(readImageHeader(b, 'a.gif')).toEqual({ ok: true, format: 'gif', width: 288, height: 16 });
  });

  it('refuses a 10,000 x 10,000 PNG before decoding, with the numbers', () => {
    const r = readImageHeader(pngHeader(10_000, 10_000), 'huge.png');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('too-large');
      expect(r.error.message).toContain('huge.png is 10000 x 10000 = 100,000,000 pixels');
    }
  });

  it('refuses a text file as not an image', () => {
    const r = readImageHeader(new TextEncoder().encode('hello, world'), 'notes.txt');
    expect(!r.ok && r.error.code).toBe('not-an-image');
    expect(!r.ok && r.error.message).toContain('notes.txt');
  });

  it('refuses an empty file and a cut-off PNG', () => {
    expect(!readImageHeader(new Uint8Array(0), 'e').ok).toBe(true);
    const cut = readImageHeader(pngHeader(10, 10).subarray(0, 12), 'cut.png');
    expect(!cut.ok && cut.error.code).toBe('truncated');
  });

  it('never throws on random bytes', () => {
    for (let seed = 1; seed < 300; seed++) {
      const b = new Uint8Array(seed % 40);
      for (let i = 0; i < b.length; i++) b[i] = (seed * 31 + i * 17) & 255;
      if (seed % 3 === 0 && b.length > 3) b.set([0xff, 0xd8, 0xff]);
      expect(() => readImageHeader(b, 'r')).not.toThrow();
    }
  });
});

/** A GIF89a whose logical screen is `screen` but whose one frame is `frame` (descriptor only, then an empty LZW stream). */
function gifWithFrame(screen: [number, number], frame: [number, number], extension = true): Uint8Array {
  const u16 = (n: number) => [n & 255, n >> 8];
  const head = [...'GIF89a'].map((c) => c.charCodeAt(0));
  const lsd = [...u16(screen[0]), ...u16(screen[1]), 0x80, 0, 0]; // global colour table of 2 entries
  const palette = [0, 0, 0, 255, 255, 255];
  const gce = extension ? [0x21, 0xf9, 4, 0, 0, 0, 0, 0] : [];
  const descriptor = [0x2c, ...u16(0), ...u16(0), ...u16(frame[0]), ...u16(frame[1]), 0];
  const image = [2, 2, 0x4c, 0x01, 0]; // minimum code size, one sub-block, terminator
  return new Uint8Array([...head, ...lsd, ...palette, ...gce, ...descriptor, ...image, 0x3b]);
}

describe('GIF frames larger than their logical screen', () => {
  it('a 1 x 1 screen holding a 10,000 x 10,000 frame is refused by the frame size', () => {
    const r = readImageHeader(gifWithFrame([1, 1], [10_000, 10_000]), 'bomb.gif');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('bomb.gif is 10000 x 10000 = 100,000,000 pixels');
  });
  it('an honest GIF keeps its screen size, with or without extension blocks', () => {
    expect(readImageHeader(gifWithFrame([40, 30], [40, 30]), 'a.gif')).toEqual({ ok: true, format: 'gif', width: 40, height: 30 });
    expect(readImageHeader(gifWithFrame([40, 30], [20, 10], false), 'a.gif')).toEqual({ ok: true, format: 'gif', width: 40, height: 30 });
  });
});
