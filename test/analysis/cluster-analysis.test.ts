// Cluster-level analyses of analysis/cluster-analysis.ts: the cluster-means t-tests (unweighted, weighted,
// baseline-adjusted) and the paired-teams t-test against R's t.test and lm on the unbalanced designs of
// mixed-model.test.ts; the ANOVA ICC and the design effects against values worked by hand on tiny data.
// The R values were printed by the script at the end of this file; R is not needed to run it.
import { describe, expect, test } from 'vitest';
import { anovaIcc, clusterSummaryTest, designEffect, designEffectFromSizes, pairedClusterTest, summariseClusters } from '../../src/analysis/cluster-analysis.js';

function expectRel(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

interface TReference {
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly low: number;
  readonly high: number;
  readonly estimate: number;
}

function expectT(actual: { t: number; df: number; p: number; low: number; high: number; meanDifference: number }, ref: TReference): void {
  expectRel(actual.meanDifference, ref.estimate);
  expectRel(actual.t, ref.t);
  expect(actual.df).toBe(ref.df);
  expectRel(actual.p, ref.p, 1e-8);
  expectRel(actual.low, ref.low);
  expectRel(actual.high, ref.high);
}

// The cluster-randomised and paired-teams data of mixed-model.test.ts (made by its R script).
const CR_CLUSTER = [
  1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 9, 9, 9, 9,
  9, 10, 10, 10, 10, 10, 10, 10, 10
];
const CR_ARM = [
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
  0, 1, 1, 1, 1, 1, 1, 1, 1
];
const CR_BASELINE = [
  13.69, 10.22, 8.51, 13.32, 11.44, 6.67, 11.15, 10.95, 8.91, 12.26, 6.70, 9.37, 9.63, 12.94, 8.27, 13.05, 12.11,
  12.06, 11.68, 10.43, 8.65, 10.27, 9.86, 8.11, 7.96, 10.56, 11.09, 10.26, 10.56, 9.41, 7.35, 14.13, 10.48, 9.30,
  8.74, 10.57, 10.24, 11.13, 11.14, 9.82, 10.46, 11.51, 11.73, 11.68, 6.47, 11.37
];
const CR_Y = [
  15.36, 8.20, 16.24, 10.80, 11.83, 11.04, 12.98, 11.04, 10.63, 13.22, 3.37, 4.66, 15.24, 14.12, 10.22, 14.97,
  16.50, 14.73, 16.06, 14.03, 8.96, 6.95, 8.45, 9.76, 10.94, 9.94, 10.47, 6.79, 7.50, 6.89, 7.81, 9.30, 13.72,
  7.58, 10.66, 13.47, 8.44, 14.25, 14.01, 9.93, 13.76, 14.28, 11.68, 16.00, 13.90, 14.03
];
const PT_TEAM = [
  1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8
];
const PT_PAIR = [
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
];
const PT_ARM = [
  1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0
];
const PT_Y = [
  20.57, 20.73, 21.96, 21.15, 21.86, 20.20, 22.31, 19.84, 21.18, 20.16, 23.91, 23.92, 23.99, 20.16, 20.10, 23.69,
  20.29, 22.92, 21.15, 21.36, 21.55, 19.90, 19.21, 19.53, 19.65, 13.50, 16.71, 22.50, 22.01, 21.93, 23.25, 22.25,
  23.10, 22.22, 22.41, 24.54, 25.55
];

/** Printed by `Rscript cluster.R` (below). */
const R = {
  unweighted: { t: 1.77914881081, df: 8, p: 0.113097237461, low: -1.0014864051, high: 7.76536735748, estimate: 3.38194047619 },
  change: { t: 2.7175984968, df: 8, p: 0.0263464393667, low: 0.462388688972, high: 5.64355893008, estimate: 3.05297380952 },
  regression: { t: 2.43279188239, df: 8, p: 0.0410231847203, low: 0.16323132503, high: 6.10090462359, estimate: 3.13206797431 },
  size: { t: 3.24490332495, df: 8, p: 0.011790714551, low: 1.14517206793, high: 6.77042247398, estimate: 3.95779727096 },
  anova: { msb: 34.157170586, msw: 4.84577432209, n0: 4.42028985507, icc: 0.577779365688 },
  minimumVariance: { t: 2.0775473728, df: 8, p: 0.0713868174734, low: -0.396151306709, high: 7.60121801446, estimate: 3.60253335388 },
  paired: { t: 1.19884579468, df: 3, p: 0.316649711409, low: -2.7880759473, high: 6.15818309016, estimate: 1.68505357143 },
};

describe('the cluster-means t-test against R', () => {
  const input = { y: CR_Y, arm: CR_ARM, cluster: CR_CLUSTER };

  test('unweighted: the pooled t-test of the 10 cluster means, df = clusters − 2', () => {
    const r = clusterSummaryTest(input);
    expectT(r, R.unweighted);
    expect([r.clusters1, r.clusters0]).toEqual([5, 5]);
    expect(r.summaries.map((c) => c.size)).toEqual([1, 3, 6, 2, 9, 4, 7, 1, 5, 8]);
  });

  test('size-weighted: weighted least squares of the cluster means on arm', () => {
    expectT(clusterSummaryTest(input, { weighting: 'size' }), R.size);
  });

  test('minimum-variance weights m / (1 + (m − 1) ρ̂) use the ANOVA ICC', () => {
    expectT(clusterSummaryTest(input, { weighting: 'minimum-variance' }), R.minimumVariance);
  });

  test('baseline adjustment: two-stage residuals of y on baseline, or the change score', () => {
    expectT(clusterSummaryTest({ ...input, baseline: CR_BASELINE }), R.regression);
    expectT(clusterSummaryTest({ ...input, baseline: CR_BASELINE }, { adjustment: 'change' }), R.change);
  });

  test('a cluster with rows in both arms is refused, naming the cluster', () => {
    expect(() => clusterSummaryTest({ y: [1, 2, 3, 4], arm: [0, 1, 1, 0], cluster: ['a', 'a', 'b', 'b'] })).toThrow(/cluster a has rows in arm 0 and arm 1/);
  });

  test('one cluster in an arm is tested on the other arm\'s spread; an empty arm gives NaN, not a number that looks like a result', () => {
    const r = clusterSummaryTest({ y: [1, 2, 3, 4, 5], arm: [1, 0, 0, 0, 0], cluster: [0, 1, 1, 2, 2] });
    expect(r.df).toBe(1);
    expect(Number.isFinite(r.t)).toBe(true);
    const none = clusterSummaryTest({ y: [1, 2, 3], arm: [0, 0, 0], cluster: [0, 1, 2] });
    expect(none.t).toBeNaN();
    expect(none.p).toBeNaN();
  });
});

describe('the paired-teams t-test against R', () => {
  test('organisations\' intervention-minus-control team means, df = pairs − 1', () => {
    const r = pairedClusterTest({ y: PT_Y, arm: PT_ARM, cluster: PT_TEAM, pair: PT_PAIR });
    expectT(r, R.paired);
    expect(r.differences.map((d) => d.pair)).toEqual([1, 2, 3, 4]);
    expect(r.differences.reduce((a, d) => a + d.difference, 0) / 4).toBeCloseTo(R.paired.estimate, 10);
  });

  test('a pair without a control team is refused', () => {
    expect(() => pairedClusterTest({ y: [1, 2, 3, 4], arm: [1, 0, 1, 1], cluster: [0, 1, 2, 3], pair: [0, 0, 1, 1] })).toThrow(/pair 1 has no control cluster/);
  });
});

describe('ICC and design effect', () => {
  test('balanced: clusters {2, 4}, {5, 7}, {8, 10} give MSB 18, MSW 2, n₀ 2, ICC 16/20 = 0.8', () => {
    const r = anovaIcc({ y: [2, 4, 5, 7, 8, 10], cluster: [0, 0, 1, 1, 2, 2] });
    expectRel(r.msb, 18);
    expectRel(r.msw, 2);
    expectRel(r.n0, 2);
    expectRel(r.icc, 0.8);
    expectRel(r.sigma2Between, 8);
    expectRel(designEffect(2, r.icc), 1.8);
  });

  test('unbalanced: the n₀ formula and mean squares match R\'s anova(lm(y ~ factor(cluster)))', () => {
    const r = anovaIcc({ y: CR_Y, cluster: CR_CLUSTER });
    expectRel(r.msb, R.anova.msb);
    expectRel(r.msw, R.anova.msw);
    expectRel(r.n0, R.anova.n0);
    expectRel(r.icc, R.anova.icc);
    expect([r.clusters, r.n]).toEqual([10, 46]);
  });

  test('clusters that vary less than chance give a negative ICC, reported as it is', () => {
    const r = anovaIcc({ y: [1, 9, 2, 8, 3, 7], cluster: [0, 0, 1, 1, 2, 2] }); // means all 5: MSB 0
    expect(r.msb).toBe(0);
    expectRel(r.icc, -1);
  });

  test('design effect: 1 + (m̄ − 1)ρ for equal sizes; Eldridge\'s 1 + ((cv² + 1)m̄ − 1)ρ for sizes 10, 20, 30', () => {
    expectRel(designEffect(20, 0.05), 1.95);
    // cv² = (200/3)/400 = 1/6 (divisor K), so (cv² + 1) m̄ = Σm²/Σm = 1400/60; DE = 1 + (70/3 − 1) · 0.05.
    const v = designEffectFromSizes([10, 20, 30], 0.05);
    expectRel(v.cv, Math.sqrt(1 / 6));
    expectRel(v.designEffect, 1 + (70 / 3 - 1) * 0.05);
    expectRel(designEffectFromSizes([25, 25, 25, 25], 0.1).designEffect, 3.4);
  });

  test('cluster summaries keep the order of first appearance and work with string ids', () => {
    expect(summariseClusters([1, 2, 3], [1, 0, 1], ['b', 'a', 'b'])).toEqual([
      { cluster: 'b', arm: 1, size: 2, mean: 2 },
      { cluster: 'a', arm: 0, size: 1, mean: 2 },
    ]);
  });
});

/*
The R values above were printed by `Rscript cluster.R` (R 4.2.2), which rebuilds the CR_* and PT_* data as
the script in mixed-model.test.ts does:

# Cluster-level references for test/analysis/cluster-analysis.test.ts, on the CR_* and PT_* data of ref.R.
suppressMessages(library(lmerTest))
set.seed(16)
sizes <- c(1, 3, 6, 2, 9, 4, 7, 1, 5, 8)
cl <- rep(seq_along(sizes), sizes); armc <- rep(c(0, 1, 1, 0, 1, 0, 0, 1, 0, 1), sizes)
u <- rnorm(length(sizes), 0, 2.5)[cl]
base <- round(rnorm(length(cl), 10, 2), 2)
yy <- round(5 + 0.8 * armc + 0.5 * base + u + rnorm(length(cl), 0, 2), 2)
set.seed(17)
tsz <- c(4, 6, 3, 5, 7, 2, 5, 5)
team <- rep(1:8, tsz); pr <- rep(rep(1:4, each = 2), tsz); armp <- rep(rep(c(1, 0), 4), tsz)
yp <- round(20 + 1.2 * armp + c(0, 2, -1, 1)[pr] + rnorm(8, 0, 1)[team] + rnorm(length(team), 0, 1.5), 2)
out <- function(label, tt) cat(sprintf("%s: { t: %.12g, df: %.12g, p: %.12g, low: %.12g, high: %.12g, estimate: %.12g },\n", label, tt$t, tt$df, tt$p, tt$low, tt$high, tt$est))
tt_of <- function(x) list(t = unname(x$statistic), df = unname(x$parameter), p = x$p.value, low = x$conf.int[1], high = x$conf.int[2], est = unname(if (length(x$estimate) == 2) x$estimate[2] - x$estimate[1] else x$estimate))
# t.test(x, y) estimates mean(x) - mean(y): pass arm 1 first.
cm <- function(v) tapply(v, cl, mean); ca <- tapply(armc, cl, mean); cs <- as.numeric(table(cl))
tcm <- function(v) { m <- cm(v); x <- t.test(m[ca == 1], m[ca == 0], var.equal = TRUE); r <- tt_of(x); r$est <- mean(m[ca == 1]) - mean(m[ca == 0]); r }
out("unweighted", tcm(yy))
out("change", tcm(yy - base))
out("regression", tcm(resid(lm(yy ~ base))))
wl <- function(m, w) { f <- lm(m ~ ca, weights = w); s <- summary(f)$coefficients; ci <- confint(f)[2, ]; list(t = s[2, 3], df = f$df.residual, p = s[2, 4], low = ci[1], high = ci[2], est = s[2, 1]) }
out("size", wl(cm(yy), cs))
a <- anova(lm(yy ~ factor(cl))); msb <- a[1, 3]; msw <- a[2, 3]; N <- length(yy); K <- length(sizes); n0 <- (N - sum(cs^2) / N) / (K - 1)
icc <- (msb - msw) / (msb + (n0 - 1) * msw)
cat(sprintf("anova: { msb: %.12g, msw: %.12g, n0: %.12g, icc: %.12g },\n", msb, msw, n0, icc))
out("minimumVariance", wl(cm(yy), cs / (1 + (cs - 1) * max(0, icc))))
tm <- tapply(yp, team, mean); ta <- tapply(armp, team, mean); tp <- tapply(pr, team, mean)
out("paired", tt_of(t.test(tm[ta == 1][order(tp[ta == 1])], tm[ta == 0][order(tp[ta == 0])], paired = TRUE)))
*/
