import { describe, expect, it } from 'vitest';
import { createRandom, createRandomStream } from '../../src/core/compile/random';

describe('createRandomStream', () => {
  it('draws what createRandom draws from the same seed', () => {
    for (const seed of [0, 1, -7, 0x5eed, 2 ** 31 - 1]) {
      const plain = createRandom(seed);
      const stream = createRandomStream(seed);
      for (let i = 0; i < 1000; i++) expect(stream.next()).toBe(plain());
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
