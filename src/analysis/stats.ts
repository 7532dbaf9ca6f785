// Distributions and tests for the analysis across replicates and the virtual trials: Student t and F
// distribution functions and quantiles (through the regularised incomplete beta function and its inverse
// from stdlib, @stdlib/math-base-special-betainc and -betaincinv), type-7 quantiles (Hyndman & Fan
// 1996, R's default), t intervals and tests (paired, Welch 1947), Cohen's d (Cohen 1988), the Clopper–Pearson
// binomial interval, and a two-group ANCOVA with one covariate (Type II/III sums of squares). Part of analysis/.
import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import { quantileSorted } from './bootstrap.js';

export { quantileSorted };

// ---------------------------------------------------------------------------------------------------------
// Special functions: stdlib's (https://stdlib.io), a well-kept numerical library, not ours.

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  return gammaln(x);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/**
 * I_x(a, b) and 1 − I_x(a, b), given x and y = 1 − x separately: stdlib's betainc is always handed the smaller
 * of the two (with a and b swapped for y, as I_x(a, b) = 1 − I_y(b, a)), so that neither tail loses digits
 * to cancellation (the t and F distribution functions compute both ends exactly).
 */
function incompleteBetaPair(x: number, y: number, a: number, b: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  if (x <= y) return { lower: betainc(x, a, b, true, false), upper: betainc(x, a, b, true, true) };
  return { lower: betainc(y, b, a, true, true), upper: betainc(y, b, a, true, false) };
}

/** The regularised incomplete beta function I_x(a, b), the Beta(a, b) distribution function. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return incompleteBetaPair(x, 1 - x, a, b).lower;
}

/** The inverse of I_x(a, b) in x: the p-quantile of Beta(a, b). */
export function inverseRegularizedIncompleteBeta(p: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return betaincinv(p, a, b);
}

// ---------------------------------------------------------------------------------------------------------
// Student t and F

/** P(T ≤ t) for Student's t with df degrees of freedom (df > 0, not necessarily an integer). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  // tail = P(T > |t|) = I_{df/(df+t²)}(df/2, 1/2) / 2
  const tail = 0.5 * incompleteBetaPair(df / (df + t2), t2 / (df + t2), df / 2, 0.5).lower;
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|), computed without cancellation for large |t|. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return Math.min(1, incompleteBetaPair(df / (df + t2), t2 / (df + t2), df / 2, 0.5).lower);
}

/** The p-quantile of Student's t with df degrees of freedom (R's qt). */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const sign = p < 0.5 ? -1 : 1;
  const q = 2 * Math.min(p, 1 - p); // two-sided tail
  let t2: number;
  if (q < 0.5) {
    const x = inverseRegularizedIncompleteBeta(q, df / 2, 0.5); // x = df / (df + t²)
    t2 = (df * (1 - x)) / x;
  } else {
    const y = inverseRegularizedIncompleteBeta(Math.abs(1 - 2 * p), 0.5, df / 2); // y = t² / (df + t²)
    t2 = (df * y) / (1 - y);
  }
  return sign * Math.sqrt(t2);
}

/** P(F ≤ f) for the F distribution with (d1, d2) degrees of freedom (R's pf). */
export function fCdf(f: number, d1: number, d2: number): number {
  if (!(d1 > 0) || !(d2 > 0) || Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 0;
  if (f === Infinity) return 1;
  const s = d1 * f + d2;
  return incompleteBetaPair((d1 * f) / s, d2 / s, d1 / 2, d2 / 2).lower;
}

/** P(F ≥ f): the upper tail, an F test's p-value, without cancellation for large f. */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (!(d1 > 0) || !(d2 > 0) || Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const s = d1 * f + d2;
  return incompleteBetaPair((d1 * f) / s, d2 / s, d1 / 2, d2 / 2).upper;
}

/** The p-quantile of the F distribution with (d1, d2) degrees of freedom (R's qf). */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (!(d1 > 0) || !(d2 > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  if (p <= 0.5) {
    const x = inverseRegularizedIncompleteBeta(p, d1 / 2, d2 / 2); // x = d1 f / (d1 f + d2)
    return (d2 * x) / (d1 * (1 - x));
  }
  const y = inverseRegularizedIncompleteBeta(1 - p, d2 / 2, d1 / 2); // y = d2 / (d1 f + d2)
  return (d2 * (1 - y)) / (d1 * y);
}

// ---------------------------------------------------------------------------------------------------------
// Descriptive statistics

/** Arithmetic mean; NaN for no values. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  return s / n;
}

/** Sample variance (denominator n − 1, as R's var); NaN for fewer than two values. Two-pass for accuracy. */
export function variance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, (ss - (comp * comp) / n) / (n - 1));
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Ascending copy of the values as a Float64Array. */
export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs as ArrayLike<number>).sort();
}

/** The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(xs), q);
}

/** Median (type 7, i.e. the middle value or the mean of the middle two). */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

// ---------------------------------------------------------------------------------------------------------
// Intervals and tests

export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** Lower and upper ends of the t interval of the mean at the given level. */
  readonly low: number;
  readonly high: number;
}

/** Confidence interval of a mean: mean ± t(1 − α/2, n − 1) · sd / √n. NaN ends for n < 2. */
export function meanConfidenceInterval(xs: ArrayLike<number>, level = 0.95): MeanInterval {
  const n = xs.length;
  const m = mean(xs);
  const sd = standardDeviation(xs);
  if (n < 2) return { n, mean: m, sd, low: Number.NaN, high: Number.NaN };
  const half = sd === 0 ? 0 : (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, low: m - half, high: m + half };
}

export interface TTestResult {
  /** Pairs (paired test) or total observations (Welch). */
  readonly n: number;
  /** Mean of x − y (paired) or mean(x) − mean(y) (Welch). */
  readonly meanDifference: number;
  readonly t: number;
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Confidence interval of the (mean) difference at the given level. */
  readonly low: number;
  readonly high: number;
}

/**
 * Paired t-test of x against y (R's t.test(x, y, paired = TRUE)): t = mean(d) / (sd(d) / √n), d = x − y,
 * df = n − 1. With all differences equal the statistic is ±∞ (p = 0), or 0 with p = 1 if they are all 0.
 */
export function pairedTTest(x: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): TTestResult {
  if (x.length !== y.length) throw new RangeError(`pairedTTest: ${x.length} values against ${y.length}; pairs need equal lengths`);
  const n = x.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = x[i] - y[i];
  const ci = meanConfidenceInterval(d, level);
  const se = ci.sd / Math.sqrt(n);
  const t = n < 2 ? Number.NaN : se === 0 ? (ci.mean === 0 ? 0 : ci.mean > 0 ? Infinity : -Infinity) : ci.mean / se;
  return { n, meanDifference: ci.mean, t, df: n - 1, p: studentTTwoSidedP(t, n - 1), low: ci.low, high: ci.high };
}

/** Welch's unequal-variance t-test of mean(x) − mean(y) (R's t.test(x, y)), Welch–Satterthwaite df. */
export function welchTTest(x: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): TTestResult {
  const nx = x.length;
  const ny = y.length;
  const diff = mean(x) - mean(y);
  const vx = variance(x) / nx;
  const vy = variance(y) / ny;
  const se = Math.sqrt(vx + vy);
  const df = (vx + vy) ** 2 / ((vx * vx) / (nx - 1) + (vy * vy) / (ny - 1));
  const t = diff / se;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { n: nx + ny, meanDifference: diff, t, df, p: studentTTwoSidedP(t, df), low: diff - half, high: diff + half };
}

/** 0/0 is "no difference" (0); a difference with no spread is ±∞. */
function standardise(diff: number, sd: number): number {
  if (sd > 0) return diff / sd;
  if (Number.isNaN(diff) || Number.isNaN(sd)) return Number.NaN;
  return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
}

/** Cohen's d for two independent groups: (mean(x) − mean(y)) / pooled sd (n − 1 weights). */
export function cohensD(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const nx = x.length;
  const ny = y.length;
  if (nx < 2 || ny < 2) return Number.NaN;
  const pooled = Math.sqrt(((nx - 1) * variance(x) + (ny - 1) * variance(y)) / (nx + ny - 2));
  return standardise(mean(x) - mean(y), pooled);
}

/** Cohen's d for paired values (d_z): mean(x − y) / sd(x − y). */
export function cohensDPaired(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`cohensDPaired: ${x.length} values against ${y.length}; pairs need equal lengths`);
  const n = x.length;
  if (n < 2) return Number.NaN;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = x[i] - y[i];
  return standardise(mean(d), standardDeviation(d));
}

/** Exact (Clopper–Pearson) confidence interval of a binomial proportion, e.g. a simulated power. */
export function binomialConfidenceInterval(successes: number, trials: number, level = 0.95): { low: number; high: number } {
  if (!(trials > 0) || successes < 0 || successes > trials) return { low: Number.NaN, high: Number.NaN };
  const a = (1 - level) / 2;
  const low = successes === 0 ? 0 : inverseRegularizedIncompleteBeta(a, successes, trials - successes + 1);
  const high = successes === trials ? 1 : inverseRegularizedIncompleteBeta(1 - a, successes + 1, trials - successes);
  return { low, high };
}

// ---------------------------------------------------------------------------------------------------------
// ANCOVA

export interface AncovaResult {
  readonly n: number;
  /** Observations in the group coded 1 ("high") and 0. */
  readonly n1: number;
  readonly n0: number;
  /** Sum of squares of the group after the covariate (Type II = Type III here: no interaction term). */
  readonly ssGroup: number;
  readonly ssCovariate: number;
  readonly ssResidual: number;
  readonly dfResidual: number;
  /** F for the group (1, n − 3 df), its p-value and partial η² = SS_group / (SS_group + SS_residual). */
  readonly f: number;
  readonly p: number;
  readonly partialEtaSquared: number;
  /** Group 1 minus group 0 adjusted for the covariate (the group coefficient), its standard error and CI. */
  readonly adjustedDifference: number;
  readonly standardError: number;
  readonly low: number;
  readonly high: number;
  /** Common within-group slope on the covariate. */
  readonly slope: number;
}

/**
 * One-way ANCOVA with two groups and one covariate: y ~ group + covariate, group coded 0/1. The group's
 * F is tested after the covariate (R: anova(lm(y ~ covariate + group)), last row; SPSS's Type III), which
 * is what "adjusted for baseline" means; note that R's anova(lm(y ~ group + covariate)) would instead test
 * the group first, unadjusted. Computed from centred cross-products; NaN results if the design is
 * degenerate (fewer than 4 observations, an empty group, or a covariate collinear with the group).
 */
export function ancova(group: ArrayLike<number>, covariate: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): AncovaResult {
  const n = y.length;
  if (group.length !== n || covariate.length !== n) throw new RangeError(`ancova: lengths differ (group ${group.length}, covariate ${covariate.length}, y ${n})`);
  let n1 = 0;
  for (let i = 0; i < n; i++) if (group[i]) n1++;
  const n0 = n - n1;
  const mg = n1 / n;
  const mx = mean(covariate);
  const my = mean(y);
  let sgg = 0;
  let sxx = 0;
  let syy = 0;
  let sgx = 0;
  let sgy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const g = (group[i] ? 1 : 0) - mg;
    const x = covariate[i] - mx;
    const v = y[i] - my;
    sgg += g * g;
    sxx += x * x;
    syy += v * v;
    sgx += g * x;
    sgy += g * v;
    sxy += x * v;
  }
  const det = sgg * sxx - sgx * sgx;
  const dfResidual = n - 3;
  const nan = Number.NaN;
  if (n < 4 || n1 === 0 || n0 === 0 || !(det > 1e-12 * sgg * sxx) || !(sxx > 0)) {
    return { n, n1, n0, ssGroup: nan, ssCovariate: nan, ssResidual: nan, dfResidual, f: nan, p: nan, partialEtaSquared: nan, adjustedDifference: nan, standardError: nan, low: nan, high: nan, slope: nan };
  }
  // 1. Full model: coefficients of group (b1) and covariate (b2) from the 2×2 normal equations.
  const b1 = (sxx * sgy - sgx * sxy) / det;
  const b2 = (sgg * sxy - sgx * sgy) / det;
  const ssResidual = Math.max(0, syy - b1 * sgy - b2 * sxy);
  // 2. Reduced models: y ~ covariate (for the group's SS) and y ~ group (for the covariate's SS).
  const ssGroup = Math.max(0, syy - (sxy * sxy) / sxx - ssResidual);
  const ssCovariate = Math.max(0, syy - (sgy * sgy) / sgg - ssResidual);
  // 3. Test and effect size.
  const mse = ssResidual / dfResidual;
  const f = mse > 0 ? ssGroup / mse : ssGroup > 0 ? Infinity : nan;
  const se = Math.sqrt((mse * sxx) / det);
  const half = studentTQuantile(1 - (1 - level) / 2, dfResidual) * se;
  return {
    n,
    n1,
    n0,
    ssGroup,
    ssCovariate,
    ssResidual,
    dfResidual,
    f,
    p: fSurvival(f, 1, dfResidual),
    partialEtaSquared: ssGroup + ssResidual > 0 ? ssGroup / (ssGroup + ssResidual) : nan,
    adjustedDifference: b1,
    standardError: se,
    low: b1 - half,
    high: b1 + half,
    slope: b2,
  };
}
