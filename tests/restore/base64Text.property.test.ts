import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isBase64Text } from '../../src/core/graph/restore/checkWeights';

/** The definition the fast check must agree with, character for character. */
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

describe('isBase64Text', () => {
  it('agrees with the regular expression on strings near base64', () => {
    const near = fc.string({ unit: fc.constantFrom(...'AZaz09+/=', '-', '_', ' ', '\n', '\u00c0', '\u0141', '\ud83d'), maxLength: 24 });
    fc.assert(fc.property(near, (text) => isBase64Text(text) === BASE64_TEXT.test(text)), { numRuns: 5000 });
  });
  it.each([['', true], ['AAAA', true], ['AAA=', true], ['AA==', true], ['A===', false], ['====', false], ['AA=A', false], ['AA A', false]] as const)('%j is base64: %s', (text, expected) => {
    expect(isBase64Text(text)).toBe(expected);
    expect(BASE64_TEXT.test(text)).toBe(expected);
  });
  it('agrees on any string, and on real encodings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (text) => isBase64Text(text) === BASE64_TEXT.test(text)), { numRuns: 2000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => isBase64Text(Buffer.from(bytes).toString('base64'))));
  });
});
