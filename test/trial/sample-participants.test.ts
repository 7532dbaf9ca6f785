// Sampling participants as a study does (trial/sample-participants.ts): the fixed-count methods follow up
// exactly round(expected × referred), dropout-first loses those who dropped out before anyone else,
// Bernoulli retention varies around its expectation, and random group labels keep the rated group size.
import { describe, expect, test } from 'vitest';
import { assignRandomGroups, retainedCount, sampleRetained, sampleWithoutReplacement } from '../../src/trial/sample-participants.js';
import { createStream } from '../../src/rng/index.js';

const referred = Array.from({ length: 155 }, (_, i) => i * 2); // user indices need not be contiguous

describe('sampleWithoutReplacement', () => {
  test('draws k distinct items in ascending order, the same for the same seed', () => {
    const a = sampleWithoutReplacement(referred, 30, createStream(1));
    expect(new Set(a).size).toBe(30);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(a.every((u) => referred.includes(u))).toBe(true);
    expect(sampleWithoutReplacement(referred, 30, createStream(1))).toEqual(a);
    expect(sampleWithoutReplacement(referred, 30, createStream(2))).not.toEqual(a);
    expect(sampleWithoutReplacement([1, 2], 5, createStream(1))).toEqual([1, 2]);
  });
});

describe('sampleRetained', () => {
  test('fixed-count follows up round(0.755 × 155) = 117, as the pilot did', () => {
    expect(retainedCount(155, 0.755)).toBe(117);
    expect(sampleRetained(referred, 0.755, 'fixed-count', () => false, createStream(3))).toHaveLength(117);
  });

  test('dropout-first loses every dropped-out participant when there are fewer of them than the loss', () => {
    const dropped = (u: number) => u % 10 === 0; // 16 of 155 dropped out; 38 are lost
    const kept = sampleRetained(referred, 0.755, 'dropout-first', dropped, createStream(4));
    expect(kept).toHaveLength(117);
    expect(kept.some(dropped)).toBe(false);
  });

  test('dropout-first tops up from the dropped-out when more dropped out than are lost', () => {
    const dropped = (u: number) => u < 200; // 100 of 155 dropped out; only 38 are lost
    const kept = sampleRetained(referred, 0.755, 'dropout-first', dropped, createStream(5));
    expect(kept).toHaveLength(117);
    expect(kept.filter((u) => !dropped(u))).toHaveLength(55); // every one who stayed
    expect(kept.filter(dropped)).toHaveLength(62);
  });

  test('bernoulli retention varies around its expectation', () => {
    const sizes = Array.from({ length: 200 }, (_, s) => sampleRetained(referred, 0.755, 'bernoulli', () => false, createStream(100 + s)).length);
    const meanSize = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    // expectation 117.0, sd of one draw √(155 · 0.755 · 0.245) = 5.35, of the mean of 200 = 0.38
    expect(Math.abs(meanSize - 117.025)).toBeLessThan(1.5);
    expect(new Set(sizes).size).toBeGreaterThan(5);
  });
});

describe('assignRandomGroups', () => {
  test('labels exactly the rated number as high, at random', () => {
    const a = assignRandomGroups(117, 30, createStream(6));
    expect(a.reduce((s, x) => s + x, 0)).toBe(30);
    expect(Array.from(assignRandomGroups(117, 30, createStream(7)))).not.toEqual(Array.from(a));
  });
});
