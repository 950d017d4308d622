import { describe, expect, it } from 'vitest';
import { formatMs } from '../../src/core/format';

describe('formatMs', () => {
  it.each([
    [0, '< 0.1 ms'],
    [0.04, '< 0.1 ms'],
    [0.1, '0.10 ms'],
    [0.42, '0.42 ms'],
    [3.21, '3.2 ms'],
    [240.4, '240 ms'],
  ])('%f ms reads %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});
