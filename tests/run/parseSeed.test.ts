import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/ui/run/parseSeed';

describe('parseSeed', () => {
  it.each([['0', 0], ['1', 1], [' 42 ', 42], ['4294967295', 4294967295]])('accepts %j', (text, seed) => {
    expect(parseSeed(text)).toEqual({ ok: true, seed });
  });
  it.each(['', '-5', '1.5', '1e20', '0x10', 'abc', '4294967296'])('refuses %j with the range in the message', (text) => {
    const result = parseSeed(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('from 0 to 4,294,967,295');
  });
});
