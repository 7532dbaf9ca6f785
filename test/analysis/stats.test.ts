// Distributions and tests of analysis/stats.ts against reference values: R's qt, pt, qf, pf (the same
// values from scipy.stats 1.17, which agrees with R to the digits shown), textbook t and F table entries,
// t-tests and Cohen's d on small data computed with R / scipy, and a two-group ANCOVA worked by hand.
import { describe, expect, test } from 'vitest';
import {
  ancova,
  binomialConfidenceInterval,
  cohensD,
  cohensDPaired,
  fCdf,
  fQuantile,
  fSurvival,
  inverseRegularizedIncompleteBeta,
  logGamma,
  mean,
  meanConfidenceInterval,
  median,
  pairedTTest,
  quantile,
  regularizedIncompleteBeta,
  standardDeviation,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
  variance,
  welchTTest,
} from '../../src/analysis/stats.js';
import { createStream } from '../../src/rng/index.js';

/** Relative closeness: |a − b| ≤ tol · max(1, |b|) would hide tiny tails, so compare relative to b. */
function expectRel(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected) + 1e-300);
}

describe('special functions', () => {
  test('log-gamma matches ln Γ at textbook points (√π, 9!, large and small arguments)', () => {
    expectRel(logGamma(0.5), 0.5723649429247004, 1e-13); // ln √π
    expectRel(logGamma(10), Math.log(362880), 1e-13);
    expectRel(logGamma(100.5), 361.4355404677776, 1e-13);
    expectRel(logGamma(1e-3), 6.907178885383854, 1e-13);
  });

  test('the regularised incomplete beta and its inverse match the Beta distribution (pbeta, qbeta)', () => {
    // pbeta(0.3, 2, 5) = 0.579825 exactly (a polynomial)
    expectRel(regularizedIncompleteBeta(0.3, 2, 5), 0.579825, 1e-12);
    // qbeta(0.2, 0.5, 0.5) = sin²(π/10) (the arcsine law)
    expectRel(inverseRegularizedIncompleteBeta(0.2, 0.5, 0.5), Math.sin(Math.PI / 10) ** 2, 1e-10);
    expectRel(inverseRegularizedIncompleteBeta(0.9, 0.3, 4), 0.2143738140841478, 1e-9);
    for (const [a, b] of [[2, 5], [0.5, 7], [30, 0.5], [1, 1]]) {
      for (const p of [1e-8, 0.01, 0.5, 0.97]) expectRel(regularizedIncompleteBeta(inverseRegularizedIncompleteBeta(p, a, b), a, b), p, 1e-9);
    }
  });
});

describe('Student t', () => {
  test('qt(0.975, 10) = 2.228139 and other quantiles agree with R to 9 digits', () => {
    expect(studentTQuantile(0.975, 10).toFixed(6)).toBe('2.228139');
    const cases: Array<[number, number, number]> = [
      [0.975, 10, 2.228138851986274],
      [0.975, 1, 12.706204736174694], // the textbook table's 12.706
      [0.995, 3, 5.840909309733355],
      [0.025, 30, -2.042272456301238],
      [0.9, 2.5, 1.7302509288071766], // fractional df (Welch)
      [0.6, 20, 0.2567427538545021],
      [1e-10, 5, -156.82559270889433],
      [0.999999, 100, 5.048830877221446],
      [0.5000001, 7, 2.5974602739221524e-7],
    ];
    for (const [p, df, q] of cases) expectRel(studentTQuantile(p, df), q, 1e-9);
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });

  test('pt agrees with R, and pt(qt(p)) returns p', () => {
    const cases: Array<[number, number, number]> = [
      [2, 5, 0.9490302605850708],
      [-1.5, 12, 0.07972875175660343],
      [0.1, 3, 0.5366738255995971],
      [8, 4, 0.9993380515453915],
      [-30, 2, 0.0005546313409798295],
      [1e-8, 10, 0.5000000038910839],
    ];
    for (const [t, df, p] of cases) expectRel(studentTCdf(t, df), p, 1e-10);
    expectRel(studentTCdf(studentTQuantile(0.975, 10), 10), 0.975, 1e-12);
  });

  test('two-sided p-values keep their digits far in the tail', () => {
    expectRel(studentTTwoSidedP(40, 10), 2.2808577430857535e-12, 1e-8);
    expectRel(studentTTwoSidedP(-0.3, 50), 0.7654208802553033, 1e-10);
  });
});

describe('F', () => {
  test('qf(0.95, 1, 100) = 3.936143 and other quantiles agree with R', () => {
    expect(fQuantile(0.95, 1, 100).toFixed(6)).toBe('3.936143');
    const cases: Array<[number, number, number, number]> = [
      [0.95, 1, 100, 3.9361429863126483],
      [0.95, 2, 10, 4.1028210151304], // the F table's 4.10
      [0.99, 3, 27, 4.600906894662284],
      [0.05, 4, 9, 0.16670058936947543],
      [0.5, 1, 1, 1],
      [0.999999, 1, 114, 26.752158136768834],
    ];
    for (const [p, a, b, q] of cases) expectRel(fQuantile(p, a, b), q, 1e-9);
  });

  test('pf and the upper tail agree with R, including p-values of order 1e-19', () => {
    expectRel(fCdf(3, 2, 10), 0.904632568359375, 1e-12);
    expectRel(fCdf(4.5, 1, 114), 0.9639386723964752, 1e-10);
    expectRel(fCdf(0.5, 5, 20), 0.22739561420949508, 1e-10);
    expectRel(fCdf(1, 1, 1), 0.5, 1e-12);
    expectRel(fSurvival(4.5, 1, 114), 0.03606132760352463, 1e-9);
    expectRel(fSurvival(60, 1, 114), 4.257508206376998e-12, 1e-8);
    expectRel(fSurvival(200, 1, 50), 4.192027733793501e-19, 1e-8);
  });

  test('an F with one numerator df is a squared t: pf(t², 1, df) = 1 − 2·pt(−|t|, df)', () => {
    for (const [t, df] of [[1.3, 7], [2.5, 40], [0.2, 3]]) expectRel(fSurvival(t * t, 1, df), studentTTwoSidedP(t, df), 1e-11);
  });
});

describe('descriptive statistics', () => {
  const x = [12.1, 14.3, 11.8, 15.2, 13.0, 12.7, 16.1, 14.8];

  test('mean, sample variance and sd match hand computation', () => {
    expectRel(mean(x), 13.75, 1e-14);
    expectRel(standardDeviation(x), 1.5684387141358125, 1e-12);
    expectRel(variance([1, 2, 3, 4]), 5 / 3, 1e-14);
    expect(variance([5])).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  test('type-7 quantiles match R quantile(x, c(.05, .25, .5, .75, .95))', () => {
    const expected = [11.905, 12.55, 13.65, 14.9, 15.785];
    [0.05, 0.25, 0.5, 0.75, 0.95].forEach((q, i) => expectRel(quantile(x, q), expected[i], 1e-12));
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  test('the t interval of a mean matches t.test(x)$conf.int', () => {
    const ci = meanConfidenceInterval(x);
    expectRel(ci.low, 12.43875242068846, 1e-10);
    expectRel(ci.high, 15.06124757931154, 1e-10);
    expect(ci.n).toBe(8);
  });

  test('a constant sample has a zero-width interval', () => {
    const ci = meanConfidenceInterval([2, 2, 2]);
    expect([ci.low, ci.high, ci.sd]).toEqual([2, 2, 0]);
  });
});

describe('tests and effect sizes', () => {
  const x = [12.1, 14.3, 11.8, 15.2, 13.0, 12.7, 16.1, 14.8];
  const y = [11.5, 13.9, 12.2, 14.1, 12.4, 12.0, 15.0, 14.9];
  const a = [5.1, 4.8, 6.2, 5.9, 5.5, 6.8];
  const b = [4.2, 4.9, 3.8, 5.0, 4.4, 4.1, 3.9, 4.6, 5.2];

  test('the paired t-test matches t.test(x, y, paired = TRUE)', () => {
    const r = pairedTTest(x, y);
    expectRel(r.t, 2.672612419124247, 1e-10);
    expectRel(r.p, 0.031878733817355835, 1e-9);
    expect(r.df).toBe(7);
    expectRel(r.low, 0.05761931010415339, 1e-9);
    expectRel(r.high, 0.9423806898958471, 1e-9);
  });

  test("Welch's t-test matches t.test(a, b) with its fractional df", () => {
    const r = welchTTest(a, b);
    expectRel(r.t, 3.6698927656890796, 1e-10);
    expectRel(r.df, 8.075844086130141, 1e-10);
    expectRel(r.p, 0.006208306048567472, 1e-9);
    expectRel(r.low, 0.4699761862167865, 1e-9);
    expectRel(r.high, 2.052246036005432, 1e-9);
  });

  test("Cohen's d uses the pooled sd for independent groups and the sd of differences for pairs", () => {
    expectRel(cohensD(a, b), 2.0950238103088825, 1e-12);
    expectRel(cohensDPaired(x, y), 0.944911182523069, 1e-12);
    expect(cohensDPaired([1, 2, 3], [1, 2, 3])).toBe(0);
  });

  test('identical paired samples give t = 0 and p = 1', () => {
    const r = pairedTTest([1, 5, 2], [1, 5, 2]);
    expect([r.t, r.p, r.low, r.high]).toEqual([0, 1, 0, 0]);
  });

  test('the Clopper–Pearson interval of 10 successes in 200 matches qbeta', () => {
    const ci = binomialConfidenceInterval(10, 200);
    expectRel(ci.low, 0.024234165472108552, 1e-9);
    expectRel(ci.high, 0.09002753770135137, 1e-9);
    expect(binomialConfidenceInterval(0, 20).low).toBe(0);
    expect(binomialConfidenceInterval(20, 20).high).toBe(1);
  });
});

describe('ANCOVA, two groups and one covariate', () => {
  // Eight people, two groups, baseline x and follow-up y:
  //   g = 0 0 0 0 1 1 1 1;  x = 10 12 9 14 11 13 8 15;  y = 12 13 10 16 15 16 11 19
  // Centred cross-products: Sgg = 2, Sxx = 42, Syy = 64, Sgx = 1, Sgy = 5, Sxy = 48; det = 2·42 − 1² = 83.
  //   group coefficient b1 = (Sxx·Sgy − Sgx·Sxy) / det = (210 − 48) / 83 = 162/83 = 1.951807
  //   slope             b2 = (Sgg·Sxy − Sgx·Sgy) / det = (96 − 5) / 83 = 91/83 = 1.096386
  //   SS residual = Syy − b1·Sgy − b2·Sxy = 64 − 810/83 − 4368/83 = 134/83 = 1.614458 on 8 − 3 = 5 df
  //   SS group | x = (Syy − Sxy²/Sxx) − SS residual = (64 − 2304/42) − 134/83 = 9.142857 − 1.614458 = 7.528399
  //   F = 7.528399 / (1.614458 / 5) = 23.3156;  partial η² = 7.528399 / 9.142857 = 0.823419
  // R: anova(lm(y ~ x + g)) prints
  //            Df Sum Sq Mean Sq  F value    Pr(>F)
  //   x         1 54.857  54.857 169.8934 4.741e-05
  //   g         1  7.528   7.528  23.3156  0.004762
  //   Residuals 5  1.614   0.323
  // and confint(lm(y ~ x + g))["g", ] = 0.9127358 2.9908786 (se 0.4042164).
  const g = [0, 0, 0, 0, 1, 1, 1, 1];
  const x = [10, 12, 9, 14, 11, 13, 8, 15];
  const y = [12, 13, 10, 16, 15, 16, 11, 19];

  test('reproduces the hand-worked sums of squares, F, p and partial η²', () => {
    const r = ancova(g, x, y);
    expectRel(r.adjustedDifference, 162 / 83, 1e-12);
    expectRel(r.slope, 91 / 83, 1e-12);
    expectRel(r.ssResidual, 134 / 83, 1e-12);
    expectRel(r.ssGroup, 64 - 2304 / 42 - 134 / 83, 1e-12);
    expect(r.dfResidual).toBe(5);
    expectRel(r.f, 23.315565031982896, 1e-10);
    expectRel(r.p, 0.00476224645603348, 1e-9);
    expectRel(r.partialEtaSquared, 0.8234186746987949, 1e-12);
    expectRel(r.standardError, 0.4042164185801831, 1e-10);
    expectRel(r.low, 0.9127358456474781, 1e-9);
    expectRel(r.high, 2.990878612183846, 1e-9);
    expect([r.n, r.n1, r.n0]).toEqual([8, 4, 4]);
  });

  test('tests the group after the covariate, not before it (which would give F = 38.71)', () => {
    // anova(lm(y ~ g + x)) tests g first: SS 12.5, F = 12.5 / 0.3229 = 38.71. Adjusting for baseline means the other order.
    const r = ancova(g, x, y);
    expect(Math.abs(r.f - 38.71268656716409)).toBeGreaterThan(10);
    expectRel(r.ssCovariate, 49.885542168674704, 1e-10);
  });

  test('with the group collinear with the covariate, or one group empty, the result is NaN rather than a number', () => {
    expect(ancova([0, 0, 1, 1], [1, 1, 2, 2], [3, 4, 5, 6]).f).toBeNaN();
    expect(ancova([0, 0, 0, 0], [1, 2, 3, 4], [3, 4, 5, 7]).p).toBeNaN();
  });
});

describe('honesty under the null', () => {
  test('with normal errors and no group effect, the ANCOVA and the paired t-test reject about 5% of the time', () => {
    // 4000 simulated data sets of 40 (12 vs 28), follow-up = 0.7 · baseline + noise. Binomial(4000, 0.05):
    // sd 0.0034, so [0.04, 0.06] is about ±2.9 sd.
    const s = createStream(20240601);
    let ancovaHits = 0;
    let pairedHits = 0;
    const R = 4000;
    for (let r = 0; r < R; r++) {
      const g: number[] = [];
      const x: number[] = [];
      const y: number[] = [];
      const z: number[] = [];
      for (let i = 0; i < 40; i++) {
        const b = s.normal(10, 2);
        g.push(i < 12 ? 1 : 0);
        x.push(b);
        y.push(0.7 * b + s.normal(0, 1));
        z.push(b + s.normal(0, 1));
      }
      if (ancova(g, x, y).p < 0.05) ancovaHits++;
      if (pairedTTest(z, x).p < 0.05) pairedHits++;
    }
    for (const rate of [ancovaHits / R, pairedHits / R]) {
      expect(rate).toBeGreaterThan(0.04);
      expect(rate).toBeLessThan(0.06);
    }
  });
});
