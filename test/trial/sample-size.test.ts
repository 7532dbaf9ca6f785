// The sample-size search (trial/sample-size.ts) on a known power function: it finds the smallest size that
// reaches the target from above or below the start, reports the sizes the Monte Carlo interval cannot tell
// apart, stops at the largest size allowed, and refuses a target outside (0, 1).
import { describe, expect, test } from 'vitest';
import { searchSampleSize, type PowerAtSize } from '../../src/trial/sample-size.js';
import { binomialConfidenceInterval } from '../../src/analysis/stats.js';

const R = 400;
/** Power 1 − exp(−size/50): 0.8 first reached at size ⌈50 ln 5⌉ = 81. */
const evaluate = async (size: number): Promise<PowerAtSize> => {
  const power = Math.round((1 - Math.exp(-size / 50)) * R) / R;
  const ci = binomialConfidenceInterval(Math.round(power * R), R);
  return { size, power, powerLow: ci.low, powerHigh: ci.high, replicates: R, participants: size, clusters: 0 };
};

describe('searchSampleSize', () => {
  test('finds the smallest size reaching 80% from below and from above the start', async () => {
    for (const start of [10, 81, 500]) {
      const r = await searchSampleSize({ dimension: 'participants', target: 0.8, start, minSize: 2, maxSize: 10_000, evaluate });
      expect(r.size, `start ${start}`).toBe(81);
      expect(r.at?.power).toBeGreaterThanOrEqual(0.8);
      expect(r.points.find((p) => p.size === 80)?.power).toBeLessThan(0.8);
      expect(r.plausibleLow).toBeLessThanOrEqual(81);
      // Sizes whose whole interval lies above 80% are only known where the search evaluated them.
      if (start === 81) expect(r.plausibleHigh).toBeUndefined();
      else expect(r.plausibleHigh).toBeGreaterThan(81);
    }
  });

  test('reports no size when the target is out of reach, and refuses a target outside (0, 1)', async () => {
    const r = await searchSampleSize({ dimension: 'clusters', target: 0.8, start: 4, minSize: 2, maxSize: 40, evaluate });
    expect(r.size).toBeUndefined();
    expect(Math.max(...r.points.map((p) => p.size))).toBe(40);
    await expect(searchSampleSize({ dimension: 'clusters', target: 1, start: 4, minSize: 2, maxSize: 40, evaluate })).rejects.toThrow(/between 0 and 1/);
  });
});
