// Tests for output/format-number.ts: the number text every output file uses.
import { describe, expect, it } from 'vitest';
import { formatNumber, roundSignificant } from '../../src/output/format-number.js';

describe('formatNumber', () => {
  it('writes integers as integers, without a decimal point or exponent', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-7)).toBe('-7');
    expect(formatNumber(123456789012)).toBe('123456789012');
  });

  it('keeps at most 10 significant digits and trims trailing zeros', () => {
    expect(formatNumber(1 / 3)).toBe('0.3333333333');
    expect(formatNumber(2 / 3)).toBe('0.6666666667');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(11.129032258064516)).toBe('11.12903226');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('writes a value that rounds to a whole number as that number', () => {
    expect(formatNumber(0.99999999999)).toBe('1');
  });

  it('writes floating-point noise near zero as 0 and keeps small real values in exponent form', () => {
    expect(formatNumber(1 - 0.9 - 0.1)).toBe('0');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
    expect(Number(formatNumber(1.23456789e-8))).toBeCloseTo(1.23456789e-8, 15);
  });

  it('writes NaN as an empty cell and infinities in the spelling R reads', () => {
    expect(formatNumber(NaN)).toBe('');
    expect(formatNumber(Infinity)).toBe('Inf');
    expect(formatNumber(-Infinity)).toBe('-Inf');
  });

  it('rounds to the value the files show', () => {
    expect(roundSignificant(0.30000001192092896)).toBe(0.3000000119);
    expect(roundSignificant(7)).toBe(7);
    expect(Number.isNaN(roundSignificant(NaN))).toBe(true);
  });
});
