// Ordinary least squares with a t-test of one coefficient: the individually randomised trial's analysis
// (follow-up ~ arm + baseline + agency strata; Kahan & Morris 2012 on adjusting for stratification factors).
// Part of analysis/ (pure). Solved by a Cholesky factorisation of the p × p normal equations on centred
// columns (p is small: intercept, arm, baseline and a few strata), so n never enters as an n × p matrix copy.
import { studentTQuantile, studentTTwoSidedP } from './stats.js';
import type { FixedEffectTest } from './mixed-model.js';

export interface LinearModelInput {
  readonly y: ArrayLike<number>;
  /** Design matrix by columns; the first must be the intercept (all ones). */
  readonly X: ReadonlyArray<ArrayLike<number>>;
  readonly names?: readonly string[];
}

export interface LinearModelFit {
  readonly n: number;
  readonly names: readonly string[];
  readonly beta: Float64Array;
  readonly standardErrors: Float64Array;
  readonly dfResidual: number;
  readonly sigma2: number;
  readonly ssResidual: number;
  /** The tested coefficient: t with n − p df. */
  readonly effect: FixedEffectTest;
  /** Partial η² of the tested coefficient: t² / (t² + df), which equals SS_effect / (SS_effect + SS_residual). */
  readonly partialEtaSquared: number;
}

/** Cholesky factor L (row-major, lower) of a symmetric positive definite p × p matrix, or undefined when it is not. */
function cholesky(a: Float64Array, p: number): Float64Array | undefined {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 1e-10 * Math.max(1, Math.abs(a[i * p + i])))) return undefined;
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  return L;
}

/** Inverse of A = LL' from its Cholesky factor. */
function choleskyInverse(L: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const col = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = 0; i < p; i++) {
      let s = col[i];
      for (let k = 0; k < i; k++) s -= L[i * p + k] * col[k];
      col[i] = s / L[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = col[i];
      for (let k = i + 1; k < p; k++) s -= L[k * p + i] * col[k];
      col[i] = s / L[i * p + i];
    }
    for (let i = 0; i < p; i++) inv[i * p + c] = col[i];
  }
  return inv;
}

/**
 * Fit y = Xβ + ε by least squares and test one coefficient (`effect`: a name or column index; default the
 * column named 'arm', else column 1). Columns after the intercept are centred before the normal equations
 * are formed, which keeps them well conditioned. Throws a RangeError that says why for a rank-deficient X or
 * too few rows (n ≤ p).
 */
export function fitLinearModel(input: LinearModelInput, options: { effect?: string | number; level?: number } = {}): LinearModelFit {
  const { y, X } = input;
  const n = y.length;
  const p = X.length;
  const names = input.names ?? X.map((_, k) => `x${k}`);
  if (p < 1) throw new RangeError('fitLinearModel: no columns');
  if (n <= p) throw new RangeError(`fitLinearModel: ${n} rows for ${p} coefficients; need more rows than coefficients`);
  for (const col of X) if (col.length !== n) throw new RangeError(`fitLinearModel: a column of ${col.length} rows for ${n} outcomes`);
  for (let i = 0; i < n; i++) if (X[0][i] !== 1) throw new RangeError('fitLinearModel: the first column must be the intercept (all ones)');
  // Centre every column after the intercept, and y.
  const means = X.map((col, k) => {
    if (k === 0) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i];
    return s / n;
  });
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i];
  const yMean = ySum / n;
  const q = p - 1;
  const xtx = new Float64Array(q * q);
  const xty = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    const ca = X[a + 1];
    const ma = means[a + 1];
    let sy = 0;
    for (let i = 0; i < n; i++) sy += (ca[i] - ma) * (y[i] - yMean);
    xty[a] = sy;
    for (let b = 0; b <= a; b++) {
      const cb = X[b + 1];
      const mb = means[b + 1];
      let s = 0;
      for (let i = 0; i < n; i++) s += (ca[i] - ma) * (cb[i] - mb);
      xtx[a * q + b] = s;
      xtx[b * q + a] = s;
    }
  }
  const beta = new Float64Array(p);
  let inv: Float64Array = new Float64Array(0);
  if (q > 0) {
    const L = cholesky(xtx, q);
    if (!L) throw new RangeError('fitLinearModel: the design is rank-deficient (a column is constant or a combination of others)');
    inv = choleskyInverse(L, q);
    for (let a = 0; a < q; a++) {
      let s = 0;
      for (let b = 0; b < q; b++) s += inv[a * q + b] * xty[b];
      beta[a + 1] = s;
    }
  }
  let intercept = yMean;
  for (let a = 1; a < p; a++) intercept -= beta[a] * means[a];
  beta[0] = intercept;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let fit = beta[0];
    for (let a = 1; a < p; a++) fit += beta[a] * X[a][i];
    ss += (y[i] - fit) ** 2;
  }
  const df = n - p;
  const sigma2 = ss / df;
  const standardErrors = new Float64Array(p);
  for (let a = 1; a < p; a++) standardErrors[a] = Math.sqrt(sigma2 * inv[(a - 1) * q + (a - 1)]);
  // Var(intercept) = σ²(1/n + m' inv m).
  let quad = 0;
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) quad += means[a + 1] * inv[a * q + b] * means[b + 1];
  standardErrors[0] = Math.sqrt(sigma2 * (1 / n + quad));
  const k = typeof options.effect === 'number' ? options.effect : options.effect !== undefined ? names.indexOf(options.effect) : names.indexOf('arm') >= 0 ? names.indexOf('arm') : Math.min(1, p - 1);
  if (k < 0 || k >= p) throw new RangeError(`fitLinearModel: no coefficient ${String(options.effect)}; have ${names.join(', ')}`);
  const level = options.level ?? 0.95;
  const se = standardErrors[k];
  const t = beta[k] / se;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  const effect: FixedEffectTest = { name: names[k], estimate: beta[k], standardError: se, t, df, p: studentTTwoSidedP(t, df), low: beta[k] - half, high: beta[k] + half };
  return { n, names, beta, standardErrors, dfResidual: df, sigma2, ssResidual: ss, effect, partialEtaSquared: (t * t) / (t * t + df) };
}

/** Residuals of y on X (least squares), e.g. the arm-blind baseline adjustment a randomisation test permutes over. */
export function linearModelResiduals(y: ArrayLike<number>, X: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const fit = fitLinearModel({ y, X }, { effect: 0 });
  const r = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let f = fit.beta[0];
    for (let a = 1; a < X.length; a++) f += fit.beta[a] * X[a][i];
    r[i] = y[i] - f;
  }
  return r;
}
