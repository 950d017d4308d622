import { Inflate, zlibSync } from 'fflate';

/** Adler-32 of `bytes` (RFC 1950), the checksum at the end of a zlib stream. */
export function computeAdler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const MOD = 65521;
  // 5552 is the longest run before b can overflow 2^32 (the constant zlib uses).
  for (let i = 0; i < bytes.length; i += 5552) {
    const end = Math.min(i + 5552, bytes.length);
    for (let j = i; j < end; j++) {
      a += bytes[j];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950: header, deflate, Adler-32) of `bytes` at the best compression. */
export function deflateZlib(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 });
}

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Inflates a zlib stream, giving up as soon as the output passes `maxOut` bytes so a few
 * kilobytes cannot expand into gigabytes, and checking the Adler-32 so a damaged or edited
 * stream is refused (fflate itself does not verify it).
 */
export function inflateZlibCapped(data: Uint8Array, maxOut: number): InflateResult {
  if (data.length < 6) return { ok: false, reason: 'too short to be compressed data' };
  const cmf = data[0];
  const flg = data[1];
  if ((cmf & 0x0f) !== 8 || (cmf << 8 | flg) % 31 !== 0 || (flg & 0x20) !== 0) return { ok: false, reason: 'not a zlib stream' };
  const parts: Uint8Array[] = [];
  let total = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxOut) { overflow = true; throw new Error('cap'); }
    parts.push(chunk);
  });
  const body = data.subarray(2, data.length - 4);
  // Small pushes bound what one call can expand to (deflate's best ratio is about 1032:1).
  const STEP = 1024;
  try {
    for (let i = 0; i < body.length; i += STEP) {
      const end = Math.min(i + STEP, body.length);
      inflater.push(body.subarray(i, end), end === body.length);
    }
    if (body.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (overflow) return { ok: false, reason: `expands to more than ${maxOut.toLocaleString('en-US')} bytes` };
    return { ok: false, reason: `the compressed data is broken (${err instanceof Error ? err.message : String(err)})` };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  const tail = data.subarray(data.length - 4);
  const expected = ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0;
  if (computeAdler32(out) !== expected) return { ok: false, reason: 'the checksum does not match (the data was changed or cut short)' };
  return { ok: true, bytes: out };
}
