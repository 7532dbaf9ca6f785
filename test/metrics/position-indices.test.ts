// Lin's position-generator indices (Lin 2001; Lin & Dumin 1986) against hand-computed values: extensity,
// upper reachability, range and average accessed prestige over the distinct positions a person's alters
// hold. No alters gives zeros; an alter position reached twice counts once; a reused scratch changes nothing.
import { describe, expect, test } from 'vitest';
import { createPositionScratch, measurePositionIndices, EMPTY_POSITION_INDICES } from '../../src/metrics/position-indices.js';
import { createStream } from '../../src/rng/index.js';

// Prestige of positions 0..4 (the order of a position table need not follow prestige).
const PRESTIGE = Float64Array.from([30, 85, 22, 58, 48]);

describe('measurePositionIndices', () => {
  test('no alters reach no position: every index is zero', () => {
    expect(measurePositionIndices([], PRESTIGE)).toEqual({ extensity: 0, upperReachability: 0, range: 0, averagePrestige: 0 });
    expect(EMPTY_POSITION_INDICES).toEqual({ extensity: 0, upperReachability: 0, range: 0, averagePrestige: 0 });
  });

  test('one alter gives extensity 1, its prestige as the top and the mean, and range 0', () => {
    expect(measurePositionIndices([3], PRESTIGE)).toEqual({ extensity: 1, upperReachability: 58, range: 0, averagePrestige: 58 });
  });

  test('three alters in three positions give the hand-computed indices', () => {
    // positions 0, 1, 2: prestige 30, 85, 22 → top 85, range 85 - 22 = 63, mean 137 / 3.
    const r = measurePositionIndices([0, 1, 2], PRESTIGE);
    expect(r.extensity).toBe(3);
    expect(r.upperReachability).toBe(85);
    expect(r.range).toBe(63);
    expect(r.averagePrestige).toBeCloseTo(137 / 3, 12);
  });

  test('a position reached through several alters counts once in extensity and in the average', () => {
    // alters in positions 4, 4, 4, 0: distinct {48, 30}; mean over distinct positions is 39, not (48·3 + 30) / 4.
    const r = measurePositionIndices([4, 4, 4, 0], PRESTIGE);
    expect(r).toEqual({ extensity: 2, upperReachability: 48, range: 18, averagePrestige: 39 });
  });

  test('the order of the alters does not matter', () => {
    const a = measurePositionIndices([2, 3, 1, 3, 0], PRESTIGE);
    const b = measurePositionIndices(Uint8Array.from([0, 3, 1, 2, 3]), PRESTIGE);
    expect(a).toEqual(b);
    expect(a).toEqual({ extensity: 4, upperReachability: 85, range: 63, averagePrestige: (30 + 85 + 22 + 58) / 4 });
  });

  test('a scratch reused call after call gives the same indices as a fresh computation', () => {
    const scratch = createPositionScratch(PRESTIGE.length);
    const r = createStream(8);
    for (let call = 0; call < 500; call++) {
      const alters = Array.from({ length: r.int(8) }, () => r.int(PRESTIGE.length));
      expect(measurePositionIndices(alters, PRESTIGE, scratch)).toEqual(measurePositionIndices(alters, PRESTIGE));
    }
    // The same alters twice in a row are still all counted on the second call.
    expect(measurePositionIndices([1, 2], PRESTIGE, scratch).extensity).toBe(2);
    expect(measurePositionIndices([1, 2], PRESTIGE, scratch).extensity).toBe(2);
  });
});
