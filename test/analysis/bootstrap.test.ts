// The bootstrap helpers: type-7 quantiles against hand-computed values, percentile intervals that ignore
// non-finite replicates, and seeded resampling that stays in range and repeats with its seed.
import { describe, expect, test } from 'vitest';
import { percentileInterval, quantileSorted, resampleIndices } from '../../src/analysis/bootstrap.js';
import { createStream } from '../../src/rng/index.js';

describe('bootstrap helpers', () => {
  test('quantiles interpolate linearly between order statistics', () => {
    const sorted = [1, 2, 3, 4, 5];
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    expect(quantileSorted(sorted, 0.125)).toBe(1.5);
    expect(quantileSorted(sorted, 1)).toBe(5);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });

  test('a percentile interval takes the tails from the finite replicates in any order', () => {
    const replicates = [Number.NaN, ...Array.from({ length: 101 }, (_, i) => 100 - i), Number.POSITIVE_INFINITY];
    const ci = percentileInterval(replicates, 0.9);
    expect(ci.low).toBeCloseTo(5, 12);
    expect(ci.high).toBeCloseTo(95, 12);
  });

  test('resampled indices stay in range and repeat with the same seed', () => {
    const a = resampleIndices(new Int32Array(1000), createStream(3));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1000);
    expect(resampleIndices(new Int32Array(1000), createStream(3))).toEqual(a);
    expect(new Set(a).size).toBeLessThan(1000);
  });
});
