import { describe, expect, it } from 'vitest';
import { parseNumberText } from '../../src/ui/inspector/parseNumber';

describe('parseNumberText', () => {
  it('reads decimals, signs, fractions and exponents, trimming spaces', () => {
    expect(parseNumberText('12')).toBe(12);
    expect(parseNumberText(' 3 ')).toBe(3);
    expect(parseNumberText('-1')).toBe(-1);
    expect(parseNumberText('+2')).toBe(2);
    expect(parseNumberText('1.5')).toBe(1.5);
    expect(parseNumberText('.5')).toBe(0.5);
    expect(parseNumberText('5.')).toBe(5);
    expect(parseNumberText('1e9')).toBe(1e9);
    expect(parseNumberText('2E-3')).toBe(0.002);
    expect(parseNumberText('0')).toBe(0);
  });

  it('refuses what is not a decimal number rather than guessing', () => {
    for (const text of ['', '  ', 'abc', '1e', '1.2.3', '--1', 'Infinity', '1e400', 'NaN', '3px']) {
      expect(parseNumberText(text), text).toBeNull();
    }
  });

  it('reads a quotient of two decimals, as a scale of 1/255 is written', () => {
    expect(parseNumberText('1/255')).toBe(1 / 255);
    expect(parseNumberText(' -1 / 127.5 ')).toBe(-1 / 127.5);
    expect(parseNumberText('4/2')).toBe(2);
    for (const text of ['1/0', '1/', '/2', '1/2/3', 'a/2', '1e400/2']) expect(parseNumberText(text), text).toBeNull();
  });

  it('refuses hexadecimal, binary and octal forms that Number() would silently accept', () => {
    expect(Number('0x10')).toBe(16);
    for (const text of ['0x10', '0X1f', '0b11', '0o7']) expect(parseNumberText(text), text).toBeNull();
  });
});
