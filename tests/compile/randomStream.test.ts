import { describe, expect, it } from 'vitest';
import { createRandom, createRandomStream } from '../../src/core/compile/random';

describe('createRandomStream', () => {
  /** mulberry32 as its author published it (a reference written here, not the product's code). */
  function referenceMulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      let t = (a += 0x6d2b79f5);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('draws mulberry32, as createRandom does from the same seed', () => {
    for (const seed of [0, 1, -7, 0x5eed, 2 ** 31 - 1]) {
      const reference = referenceMulberry32(seed);
      const plain = createRandom(seed);
      const stream = createRandomStream(seed);
      for (let i = 0; i < 1000; i++) {
        const expected = reference();
        expect(stream.next()).toBe(expected);
        expect(plain()).toBe(expected);
      }
    }
  });

  it('restored to a saved state, goes on as the original does', () => {
    const a = createRandomStream(42);
    for (let i = 0; i < 137; i++) a.next();
    const b = createRandomStream(9);
    b.restore(a.state());
    for (let i = 0; i < 500; i++) expect(b.next()).toBe(a.next());
  });

  it('refuses a state that is not a 32-bit integer, naming it', () => {
    const s = createRandomStream(1);
    expect(() => s.restore(1.5)).toThrow('a random state is a 32-bit integer, got 1.5');
    expect(() => s.restore(2 ** 31)).toThrow(/got 2147483648/);
  });
});
