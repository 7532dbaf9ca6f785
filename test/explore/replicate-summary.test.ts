// What the explorer shows of several runs per arm (explore/replicate-summary.ts, issue 17): the mean over runs
// with its 95% t interval, the paired difference B − A with its interval, and the difference in words per 100
// people, saying whether the interval includes zero.
import { describe, expect, test } from 'vitest';
import { describeDifference, summariseRuns } from '../../src/explore/replicate-summary.js';
import { meanConfidenceInterval, pairedTTest } from '../../src/analysis/stats.js';

describe('summariseRuns', () => {
  const A = [1, 2, 3, 4, 5];
  const B = [1.5, 2.2, 3.9, 4.1, 6];
  const rows = A.map((a, r) => [Float64Array.of(a, NaN), Float64Array.of(B[r], 7)]);

  test('per arm the mean and its t interval; the difference B − A paired by run', () => {
    const s = summariseRuns(rows);
    expect(s.runs).toBe(5);
    const ci = meanConfidenceInterval(A);
    expect([s.arms[0].mean[0], s.arms[0].low[0], s.arms[0].high[0]]).toEqual([ci.mean, ci.low, ci.high]);
    const paired = pairedTTest(B, A);
    expect(s.difference!.mean[0]).toBeCloseTo(paired.meanDifference, 12);
    expect(s.difference!.low[0]).toBeCloseTo(paired.low, 12);
    expect(s.difference!.high[0]).toBeCloseTo(paired.high, 12);
    // Pairing narrows the interval: it is narrower than the arms' own.
    expect(s.difference!.high[0] - s.difference!.low[0]).toBeLessThan(s.arms[1].high[0] - s.arms[1].low[0]);
    // What is not measured stays NaN; a constant has a zero-width interval.
    expect(s.arms[0].mean[1]).toBeNaN();
    expect([s.arms[1].low[1], s.arms[1].high[1]]).toEqual([7, 7]);
  });

  test('one run has its values as the band', () => {
    const s = summariseRuns([rows[0]]);
    expect([s.arms[0].low[0], s.arms[0].mean[0], s.arms[0].high[0]]).toEqual([1, 1, 1]);
  });
});

describe('describeDifference', () => {
  test('per 100 people, with the interval, and whether it includes zero', () => {
    expect(describeDifference({ mean: -0.08, low: -0.13, high: -0.03 }, 20, 'new ties', true)).toBe(
      'about 8.0 fewer new ties per 100 people in B than in A (95% interval over 20 runs: 3.0 to 13 fewer); the interval does not include zero, so this is more than chance',
    );
    expect(describeDifference({ mean: 0.02, low: -0.01, high: 0.05 }, 20, 'new ties', true)).toMatch(/about 2\.0 more new ties per 100 people.*1\.0 fewer to 5\.0 more\); the interval includes zero, so chance could explain it/);
    expect(describeDifference({ mean: 0.5, low: NaN, high: NaN }, 1, 'new ties', true)).toMatch(/in this one run \(run several/);
    expect(describeDifference({ mean: 0, low: 0, high: 0 }, 20, 'new ties', true)).toMatch(/same in every one of 20 runs/);
  });
});
