// Holm's step-down and Bonferroni adjusted p-values of analysis/multiplicity.ts on hand-worked examples,
// and Holm's adjusted values against the definition of his procedure (Holm 1979) on seeded random p-values.
import { describe, expect, test } from 'vitest';
import { bonferroniAdjust, holmAdjust } from '../../src/analysis/multiplicity.js';
import { createStream } from '../../src/rng/index.js';

const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i]).toBeNaN();
    else expect(actual[i]).toBeCloseTo(expected[i], 14);
  }
};

describe('Holm', () => {
  test('p = 0.01, 0.04, 0.03, 0.005: sorted × 4, 3, 2, 1 with a running maximum, back in input order', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04) = 0.06.
    close(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  test('adjusted values are capped at 1 and stay monotone after the cap', () => {
    // 0.2·3 = 0.6, 0.3·2 = 0.6, 0.5·1 = 0.5 → 0.6; and 0.4·3 = 1.2 → 1 carries to the larger p-values.
    close(holmAdjust([0.3, 0.5, 0.2]), [0.6, 0.6, 0.6]);
    close(holmAdjust([0.4, 0.45, 0.9]), [1, 1, 1]);
  });

  test('tied p-values get tied adjusted values whatever their positions', () => {
    close(holmAdjust([0.02, 0.01, 0.02, 0.01]), [0.04, 0.04, 0.04, 0.04]);
    close(holmAdjust([0.01, 0.01, 0.5]), [0.03, 0.03, 0.5]);
  });

  test('NaN entries stay NaN and do not count in m (as R\'s p.adjust with NA)', () => {
    close(holmAdjust([0.01, Number.NaN, 0.04]), [0.02, Number.NaN, 0.04]);
    close(holmAdjust([]), []);
    close(holmAdjust([0.3]), [0.3]);
  });

  test('an adjusted p ≤ α exactly when the step-down procedure rejects that hypothesis (1000 seeded sets)', () => {
    const s = createStream(20260516);
    const alpha = 0.05;
    for (let r = 0; r < 1000; r++) {
      const m = 1 + s.int(8);
      const ps = Array.from({ length: m }, () => (s.chance(0.5) ? s.next() * 0.05 : s.next()));
      // Definition: with p_(1) ≤ … ≤ p_(m), reject H_(1) … H_(i−1) where i is the first with p_(i) > α/(m − i + 1).
      const order = ps.map((_, i) => i).sort((a, b) => ps[a] - ps[b]);
      const rejected = new Array(m).fill(false);
      for (let k = 0; k < m; k++) {
        if (ps[order[k]] > alpha / (m - k)) break;
        rejected[order[k]] = true;
      }
      const adj = holmAdjust(ps);
      for (let i = 0; i < m; i++) expect(adj[i] <= alpha).toBe(rejected[i]);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (ps[i] <= ps[j]) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
      const bon = bonferroniAdjust(ps);
      for (let i = 0; i < m; i++) expect(adj[i]).toBeLessThanOrEqual(bon[i] + 1e-15);
    }
  });

  test('a value that is not a probability is refused, naming it', () => {
    expect(() => holmAdjust([0.1, 1.5])).toThrow(/p\[1\] = 1.5/);
    expect(() => bonferroniAdjust([-0.1])).toThrow(/p\[0\] = -0.1/);
  });
});

describe('Bonferroni', () => {
  test('m · p capped at 1, NaN left out of m', () => {
    close(bonferroniAdjust([0.01, 0.04, 0.03, 0.005]), [0.04, 0.16, 0.12, 0.02]);
    close(bonferroniAdjust([0.3, Number.NaN, 0.6]), [0.6, Number.NaN, 1]);
  });
});
