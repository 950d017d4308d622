import { describe, expect, it } from 'vitest';
import { FLOAT32_MAX, readKernelEntry } from '../../../src/core/imaging/kernelEntry';

describe('readKernelEntry', () => {
  it('reads decimals, signs, fractions and exponents', () => {
    expect(readKernelEntry('1.5', 1, 1)).toEqual({ ok: true, value: 1.5 });
    expect(readKernelEntry(' -2 ', 1, 1)).toEqual({ ok: true, value: -2 });
    expect(readKernelEntry('.25', 1, 1)).toEqual({ ok: true, value: 0.25 });
    expect(readKernelEntry('1e9', 1, 1)).toEqual({ ok: true, value: 1e9 });
  });

  it('names the cell for empty text, letters and hex', () => {
    expect(readKernelEntry('', 2, 3)).toEqual({ ok: false, message: 'row 2 column 3 is empty: type a number' });
    expect(readKernelEntry('abc', 1, 2)).toEqual({ ok: false, message: "row 1 column 2: 'abc' is not a number" });
    expect(readKernelEntry('0x10', 3, 3).ok).toBe(false);
  });

  it('refuses what a float32 weight cannot hold: the value would become Infinity', () => {
    // Independent check: Math.fround gives the float32 a weight is stored as.
    expect(Math.fround(1e39)).toBe(Infinity);
    expect(readKernelEntry('1e39', 2, 2)).toEqual({ ok: false, message: 'row 2 column 2: 1e39 is beyond what a float32 weight holds (±3.4e38)' });
    expect(readKernelEntry('-1e39', 2, 2).ok).toBe(false);
    expect(Math.fround(FLOAT32_MAX)).toBe(FLOAT32_MAX);
    expect(readKernelEntry('3.4e38', 2, 2)).toEqual({ ok: true, value: 3.4e38 });
  });
});
