// The resource-generator score (Van der Gaag & Snijders 2005; RG-UK, Webber & Huxley 2007) against
// hand-computed values: the distinct items reachable through alters (the union of their masks), in
// total and per subscale; and the 32-bit popcount it rests on.
import { describe, expect, test } from 'vitest';
import { measureResourceScore, popcount } from '../../src/metrics/resource-score.js';

// Six items: 0–1 domestic, 2–3 expert advice, 4 personal skills, 5 problem solving.
const SUBSCALES = Uint32Array.from([0b000011, 0b001100, 0b010000, 0b100000]);

describe('measureResourceScore', () => {
  test('no alters reach no resources', () => {
    expect(measureResourceScore([], SUBSCALES)).toEqual({ total: 0, subscales: [0, 0, 0, 0] });
  });

  test('items held by several alters count once', () => {
    // alter masks 0b000011, 0b000110, 0b000010 → union 0b000111: items 0, 1, 2.
    expect(measureResourceScore([0b000011, 0b000110, 0b000010], SUBSCALES)).toEqual({ total: 3, subscales: [2, 1, 0, 0] });
  });

  test('every item reached fills every subscale', () => {
    expect(measureResourceScore([0b101010, 0b010101], SUBSCALES)).toEqual({ total: 6, subscales: [2, 2, 1, 1] });
  });

  test('the subscale counts add up to the total when the subscales partition the items', () => {
    const alters = [0b100100, 0b000001, 0b010000];
    const r = measureResourceScore(alters, SUBSCALES);
    expect(r).toEqual({ total: 4, subscales: [1, 1, 1, 1] });
    expect(r.subscales.reduce((a, b) => a + b, 0)).toBe(r.total);
  });

  test('item 31 (the sign bit of a 32-bit mask) is counted', () => {
    const top = 0x80000000;
    expect(measureResourceScore(Uint32Array.from([top, 1]), Uint32Array.from([top])).total).toBe(2);
    expect(measureResourceScore(Uint32Array.from([top]), Uint32Array.from([top])).subscales).toEqual([1]);
  });
});

describe('popcount', () => {
  test('it counts the set bits of 32-bit values', () => {
    expect([0, 1, 0b1011, 0xff, 0xffffffff, 0x80000000, -1].map(popcount)).toEqual([0, 1, 3, 8, 32, 1, 32]);
    for (let x = 0; x < 4096; x += 7) expect(popcount(x)).toBe(x.toString(2).split('1').length - 1);
  });
});
