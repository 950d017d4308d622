/** LEB128 and the other byte encodings of the WebAssembly binary format. */

/** Unsigned LEB128. */
export function encodeU(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 (32-bit values). */
export function encodeS(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A name: its UTF-8 length, then its bytes. */
export function encodeName(s: string): number[] {
  const bytes = new TextEncoder().encode(s);
  return [...encodeU(bytes.length), ...bytes];
}

/** A vector: its length, then the items. */
export function encodeVector(items: number[][]): number[] {
  return [...encodeU(items.length), ...items.flat()];
}
