// Least squares (analysis/linear-model.ts) checked against independent references: with arm and baseline
// it is the ANCOVA of stats.ts (itself checked against R's anova(lm(y ~ baseline + group))); with the arm
// alone it is the pooled two-sample t-test written out by hand; a rank-deficient design is refused.
import { describe, expect, test } from 'vitest';
import { fitLinearModel, linearModelResiduals } from '../../src/analysis/linear-model.js';
import { ancova, studentTTwoSidedP } from '../../src/analysis/stats.js';
import { fixedEffectsDesign } from '../../src/analysis/mixed-model.js';

const arm = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1];
const base = [3, 5, 2, 6, 4, 3, 5, 7, 2, 4, 5, 6];
const y = [4, 6, 2.5, 7, 5, 6, 7.5, 9, 4, 6.5, 5.5, 8];

describe('fitLinearModel', () => {
  test('arm + baseline is the ANCOVA: the same adjusted difference, standard error, interval and p', () => {
    const { X, names } = fixedEffectsDesign({ arm, baseline: base });
    const fit = fitLinearModel({ y, X, names });
    const ref = ancova(arm, base, y);
    expect(fit.effect.estimate).toBeCloseTo(ref.adjustedDifference, 12);
    expect(fit.effect.standardError).toBeCloseTo(ref.standardError, 12);
    expect(fit.effect.p).toBeCloseTo(ref.p, 12);
    expect(fit.effect.low).toBeCloseTo(ref.low, 12);
    expect(fit.effect.df).toBe(ref.dfResidual);
    expect(fit.partialEtaSquared).toBeCloseTo(ref.partialEtaSquared, 12);
    expect(fit.beta[2]).toBeCloseTo(ref.slope, 12);
  });

  test('the arm alone is the pooled two-sample t-test, computed by hand', () => {
    const { X, names } = fixedEffectsDesign({ arm });
    const fit = fitLinearModel({ y, X, names });
    const g1 = y.filter((_, i) => arm[i] === 1);
    const g0 = y.filter((_, i) => arm[i] === 0);
    const m = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const ss = (v: number[]) => v.reduce((a, b) => a + (b - m(v)) ** 2, 0);
    const sp2 = (ss(g1) + ss(g0)) / (y.length - 2);
    const se = Math.sqrt(sp2 * (1 / g1.length + 1 / g0.length));
    expect(fit.effect.estimate).toBeCloseTo(m(g1) - m(g0), 12);
    expect(fit.effect.standardError).toBeCloseTo(se, 12);
    expect(fit.effect.p).toBeCloseTo(studentTTwoSidedP((m(g1) - m(g0)) / se, y.length - 2), 12);
    expect(fit.beta[0]).toBeCloseTo(m(g0), 12);
  });

  test('residuals are orthogonal to every column', () => {
    const { X } = fixedEffectsDesign({ arm, baseline: base });
    const r = linearModelResiduals(y, X);
    for (const col of X) expect(col.reduce((a, v, i) => a + v * r[i], 0)).toBeCloseTo(0, 10);
  });

  test('refuses a rank-deficient design and too few rows, saying why', () => {
    const dup = fixedEffectsDesign({ arm, baseline: arm });
    expect(() => fitLinearModel({ y, X: dup.X })).toThrow(/rank-deficient/);
    expect(() => fitLinearModel({ y: [1, 2], X: [[1, 1], [0, 1]] })).toThrow(/2 rows for 2 coefficients/);
  });
});
