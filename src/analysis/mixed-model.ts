// A linear mixed model with one random intercept per cluster (agency or team), y = Xβ + u_cluster + ε, for
// the cluster-randomised and paired-teams trial designs (issue 16). Part of analysis/ (pure). Fitted by REML
// (Patterson & Thompson 1971), profiled over the variance ratio; the fixed-effect test uses Satterthwaite's
// (1946) degrees of freedom as lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017), from the
// observed REML information of (σ²_u, σ²_e). Every step works on per-cluster sums, never an n × n matrix.
import { studentTQuantile, studentTTwoSidedP } from './stats.js';

/** The data of one fit: the outcome, the fixed-effect design by columns, and each row's cluster. */
export interface RandomInterceptModelInput {
  readonly y: ArrayLike<number>;
  /** Fixed-effect design matrix, one array per column (intercept, arm, baseline, pair or stratum dummies). */
  readonly X: ReadonlyArray<ArrayLike<number>>;
  /** Cluster of each row (agency or team id); any values, compared with ===. */
  readonly cluster: ArrayLike<number | string>;
  /** Column names, as many as X has columns (default x0, x1, …). */
  readonly names?: readonly string[];
}

export interface RandomInterceptModelOptions {
  /** The fixed effect to test: a column name or index. Default: the column named 'arm', else column 1. */
  readonly effect?: string | number;
  /** Confidence level of the effect's interval (default 0.95). */
  readonly level?: number;
  /** Largest variance ratio σ²_u/σ²_e searched (default 1e8): a cap for clusters with no within-cluster spread. */
  readonly maxRatio?: number;
}

/** A test of one fixed effect or contrast Lβ. */
export interface FixedEffectTest {
  readonly name: string;
  readonly estimate: number;
  readonly standardError: number;
  readonly t: number;
  /** Satterthwaite df; at the boundary (σ²_u = 0) this is n − p, as lmerTest gives there. */
  readonly df: number;
  /** Two-sided p-value and the t interval at the fit's level. */
  readonly p: number;
  readonly low: number;
  readonly high: number;
}

export interface RandomInterceptFit {
  readonly n: number;
  readonly clusters: number;
  readonly names: readonly string[];
  readonly beta: Float64Array;
  readonly standardErrors: Float64Array;
  /** Var(β̂) = σ²_e (X'H⁻¹X)⁻¹, p × p row-major. */
  readonly covariance: Float64Array;
  /** σ²_u (between clusters) and σ²_e (residual), the REML estimates. */
  readonly sigma2Cluster: number;
  readonly sigma2Residual: number;
  /** σ²_u / (σ²_u + σ²_e). */
  readonly icc: number;
  /** True when the REML estimate of σ²_u is 0: the fit is then ordinary least squares. */
  readonly boundary: boolean;
  /** −2 × the REML log-likelihood at the estimates, as lme4's REMLcrit (for comparing fits and tests). */
  readonly remlCriterion: number;
  /**
   * What Satterthwaite's df for any contrast needs: ∂Var(β̂)/∂σ²_u and ∂Var(β̂)/∂σ²_e (p × p row-major each)
   * and the asymptotic covariance of (σ²_u, σ²_e), the inverse observed REML information (2 × 2 row-major;
   * at the boundary only its σ²_e entry is used).
   */
  readonly covarianceDerivatives: readonly [Float64Array, Float64Array];
  readonly varianceParameterCovariance: Float64Array;
  /** The level used for intervals. */
  readonly level: number;
  /** The requested effect's test (the arm, by default). */
  readonly effect: FixedEffectTest;
  /** Evaluations of the REML criterion the fit took (for bench figures). */
  readonly evaluations: number;
}

/**
 * Fit y = Xβ + u_cluster + ε, u ~ N(0, σ²_u), ε ~ N(0, σ²_e), by REML.
 *
 * 1. Per-cluster sufficient statistics: sizes n_j, column sums s_j, outcome sums t_j, and the within-cluster
 *    cross-products W (rows centred on their cluster mean, which keeps the between/within split exact).
 * 2. With γ = σ²_u/σ²_e, H = I + γZZ' has eigenvalue 1 within clusters and 1 + n_jγ on each cluster's
 *    constant vector, so X'H⁻¹X = W_xx + Σ d_j s_j s_j'/n_j with d_j = 1/(1 + n_jγ) (Woodbury by blocks).
 *    The REML criterion profiled over σ²_e = r'H⁻¹r/(n − p) is minimised over γ: a grid on log γ, then
 *    Brent's root finder on its derivative in the best bracket; γ = 0 when the derivative there is ≥ 0.
 * 3. β̂, Var(β̂), and the observed REML information of (σ²_u, σ²_e) for Satterthwaite's df.
 *
 * Refused with a RangeError that says why (as lme4 refuses them, or where its answer would be arbitrary): one
 * cluster; every cluster of one row; fixed effects that explain every cluster mean (two clusters, one per
 * arm); a rank-deficient X; no residual variation, overall or within clusters.
 */
export function fitRandomInterceptModel(input: RandomInterceptModelInput, options: RandomInterceptModelOptions = {}): RandomInterceptFit {
  const level = options.level ?? 0.95;
  const stats = sufficientStatistics(input);
  const { n, p, K } = stats;
  const names = input.names ? [...input.names] : Array.from({ length: p }, (_, i) => `x${i}`);
  if (names.length !== p) throw new RangeError(`fitRandomInterceptModel: ${names.length} names for ${p} columns of X`);
  if (n - p < 1) throw new RangeError(`fitRandomInterceptModel: ${n} rows leave no residual degrees of freedom for ${p} fixed effects`);
  const effectIndex = resolveEffect(options.effect, names);

  // 2. Profiled REML over γ.
  const meanRank = clusterMeanRank(stats);
  if (meanRank >= K) {
    throw new RangeError(
      `fitRandomInterceptModel: the fixed effects take up every cluster's mean (${K} clusters, rank ${meanRank}), leaving nothing to estimate the cluster variance from (e.g. two clusters, one per arm)`,
    );
  }
  const work = new ProfileWork(stats);
  const maxRatio = options.maxRatio ?? 1e8;
  const gamma = minimiseProfile(work, maxRatio);
  if (gamma >= maxRatio) throw new RangeError(`fitRandomInterceptModel: σ²_u/σ²_e reached its cap ${maxRatio}: the outcome barely varies within clusters after the fixed effects`);
  const at = work.evaluate(gamma);
  if (!at.ok) throw new RangeError('fitRandomInterceptModel: X is rank-deficient (X\'H⁻¹X is not positive definite); drop a redundant column');
  if (!(at.rss > 1e-13 * at.total)) throw new RangeError('fitRandomInterceptModel: the model fits the data exactly (zero residual variance)');

  // 3. Estimates and Satterthwaite's ingredients.
  const sigma2e = at.rss / (n - p);
  const sigma2u = gamma * sigma2e;
  const M = work.inverse(); // (X'H⁻¹X)⁻¹ at γ̂, in the centred parametrisation
  const betaCentred = work.beta();
  const boundary = gamma === 0;
  const ingredients = satterthwaiteIngredients(stats, gamma, sigma2e, M, betaCentred, at.rss, boundary);
  const c = stats.centring;
  const beta = uncentreBeta(c, betaCentred);
  const covariance = c ? uncentreMatrix(c, M, p) : Float64Array.from(M);
  for (let i = 0; i < p * p; i++) covariance[i] *= sigma2e;
  const standardErrors = new Float64Array(p);
  for (let i = 0; i < p; i++) standardErrors[i] = Math.sqrt(covariance[i * p + i]);
  const derivatives: [Float64Array, Float64Array] = [uncentreMatrix(c, ingredients.derivatives[0], p), uncentreMatrix(c, ingredients.derivatives[1], p)];
  const parameterCovariance = ingredients.parameterCovariance;
  const remlCriterion = (n - p) * (1 + Math.log((2 * Math.PI * at.rss) / (n - p))) + at.logDetH + at.logDetA;

  const fitBase = {
    n,
    clusters: K,
    names,
    beta,
    standardErrors,
    covariance,
    sigma2Cluster: sigma2u,
    sigma2Residual: sigma2e,
    icc: sigma2u / (sigma2u + sigma2e),
    boundary,
    remlCriterion,
    covarianceDerivatives: derivatives,
    varianceParameterCovariance: parameterCovariance,
    level,
    evaluations: work.evaluations,
  };
  const L = new Float64Array(p);
  L[effectIndex] = 1;
  const effect = testContrast(fitBase, L, names[effectIndex]);
  return { ...fitBase, effect };
}

/** The fields of a fit that a contrast's test reads. */
export type ContrastSource = Pick<
  RandomInterceptFit,
  'beta' | 'covariance' | 'covarianceDerivatives' | 'varianceParameterCovariance' | 'boundary' | 'level' | 'n' | 'names'
>;

/**
 * Test of a contrast Lβ with Satterthwaite's df: df = 2 (L'CL)² / (g'Ag), g_k = L' ∂C/∂ψ_k L, A the asymptotic
 * covariance of ψ = (σ²_u, σ²_e). The df does not depend on how the variance parameters are written (lmerTest
 * uses (θ, σ)), since g and A transform together at the optimum. If the df is not finite and positive (a
 * degenerate fit), the residual df n − p is used instead.
 */
export function testContrast(fit: ContrastSource, contrast: ArrayLike<number>, name = 'contrast'): FixedEffectTest {
  const p = fit.beta.length;
  if (contrast.length !== p) throw new RangeError(`testContrast: a contrast of length ${contrast.length} for ${p} fixed effects`);
  const estimate = quadLinear(contrast, fit.beta);
  const v = quadForm(contrast, fit.covariance, p);
  const gu = quadForm(contrast, fit.covarianceDerivatives[0], p);
  const ge = quadForm(contrast, fit.covarianceDerivatives[1], p);
  const A = fit.varianceParameterCovariance;
  const denom = fit.boundary ? ge * ge * A[3] : gu * gu * A[0] + 2 * gu * ge * A[1] + ge * ge * A[3];
  let df = (2 * v * v) / denom;
  if (!(df > 0) || !Number.isFinite(df)) df = fit.n - p;
  const standardError = Math.sqrt(v);
  const t = estimate / standardError;
  const half = studentTQuantile(1 - (1 - fit.level) / 2, df) * standardError;
  return { name, estimate, standardError, t, df, p: studentTTwoSidedP(t, df), low: estimate - half, high: estimate + half };
}

export interface FixedEffectsDesignOptions {
  /** Arm of each row (0 control, 1 intervention). */
  readonly arm: ArrayLike<number>;
  /** Baseline value of the outcome, entered as a covariate (ANCOVA-style adjustment). */
  readonly baseline?: ArrayLike<number>;
  /** A factor entered as fixed dummies, treatment-coded with its first level (in order of appearance) as reference: pairs or strata. */
  readonly factor?: ArrayLike<number | string>;
  /** Name used for the factor's dummies (default 'stratum'), e.g. 'pair'. */
  readonly factorName?: string;
}

/** The usual trial design matrix: intercept, arm, optionally baseline, optionally pair or stratum dummies. */
export function fixedEffectsDesign(options: FixedEffectsDesignOptions): { X: Float64Array[]; names: string[] } {
  const n = options.arm.length;
  const intercept = new Float64Array(n).fill(1);
  const X: Float64Array[] = [intercept, Float64Array.from(options.arm)];
  const names = ['(Intercept)', 'arm'];
  if (options.baseline) {
    if (options.baseline.length !== n) throw new RangeError(`fixedEffectsDesign: ${options.baseline.length} baseline values for ${n} rows`);
    X.push(Float64Array.from(options.baseline));
    names.push('baseline');
  }
  if (options.factor) {
    const f = options.factor;
    if (f.length !== n) throw new RangeError(`fixedEffectsDesign: ${f.length} factor values for ${n} rows`);
    const levels = new Map<number | string, number>();
    for (let i = 0; i < n; i++) if (!levels.has(f[i])) levels.set(f[i], levels.size);
    const label = options.factorName ?? 'stratum';
    for (const [lv, k] of levels) {
      if (k === 0) continue;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) if (f[i] === lv) col[i] = 1;
      X.push(col);
      names.push(`${label}${String(lv)}`);
    }
  }
  return { X, names };
}

// ---------------------------------------------------------------------------------------------------------
// 1. Sufficient statistics

interface SufficientStatistics {
  readonly n: number;
  readonly p: number;
  readonly K: number;
  /** Cluster sizes. */
  readonly size: Float64Array;
  /** Column sums per cluster (about the column means when X has an intercept), K × p row-major. */
  readonly s: Float64Array;
  /** Outcome sums per cluster (about ȳ when X has an intercept). */
  readonly t: Float64Array;
  /** Within-cluster cross-products of [X y], (p + 1) × (p + 1) row-major. */
  readonly W: Float64Array;
  /** How s and t were centred (none without an intercept column). */
  readonly centring: Centring | undefined;
}

function sufficientStatistics(input: RandomInterceptModelInput): SufficientStatistics {
  const { y, X, cluster } = input;
  const n = y.length;
  const p = X.length;
  if (p === 0) throw new RangeError('fitRandomInterceptModel: X has no columns');
  if (cluster.length !== n) throw new RangeError(`fitRandomInterceptModel: ${cluster.length} cluster ids for ${n} outcomes`);
  for (let k = 0; k < p; k++) if (X[k].length !== n) throw new RangeError(`fitRandomInterceptModel: column ${k} of X has ${X[k].length} rows, y has ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new RangeError(`fitRandomInterceptModel: y[${i}] is ${y[i]}; drop missing outcomes first`);
  const index = new Map<number | string, number>();
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let j = index.get(cluster[i]);
    if (j === undefined) {
      j = index.size;
      index.set(cluster[i], j);
    }
    id[i] = j;
  }
  const K = index.size;
  const q = p + 1; // [X y]
  const col = (k: number): ArrayLike<number> => (k < p ? X[k] : y);
  const size = new Float64Array(K);
  const sums = new Float64Array(K * q);
  for (let i = 0; i < n; i++) {
    const j = id[i];
    size[j]++;
    for (let k = 0; k < q; k++) sums[j * q + k] += col(k)[i];
  }
  // Centre on cluster means before the cross-products: the within part is then exact, not a difference.
  const W = new Float64Array(q * q);
  const row = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const j = id[i];
    for (let k = 0; k < q; k++) row[k] = col(k)[i] - sums[j * q + k] / size[j];
    for (let a = 0; a < q; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < q; b++) W[a * q + b] += ra * row[b];
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) W[a * q + b] = W[b * q + a];
  if (K < 2) throw new RangeError('fitRandomInterceptModel: one cluster: a cluster variance needs at least two clusters');
  if (K === n) throw new RangeError(`fitRandomInterceptModel: ${n} rows in ${K} clusters of one: the cluster and residual variances cannot be told apart`);
  // With an intercept column (constant v ≠ 0), the cluster sums are taken about the column means: y's level
  // and the covariates' levels would otherwise dominate the between-cluster sums and cancel in r'H⁻¹r.
  // X̃ = X T and ỹ = y − ȳ change only the parametrisation, undone by β = Tβ̃ + (ȳ/v) e_c (see `Centring`).
  const totals = new Float64Array(q);
  for (let j = 0; j < K; j++) for (let k = 0; k < q; k++) totals[k] += sums[j * q + k];
  const centre = new Float64Array(q);
  let interceptColumn = -1;
  let interceptValue = 0;
  for (let k = 0; k < p && interceptColumn < 0; k++) {
    const v = X[k][0];
    let constant = v !== 0;
    for (let i = 1; i < n && constant; i++) constant = X[k][i] === v;
    if (constant) {
      interceptColumn = k;
      interceptValue = v;
    }
  }
  if (interceptColumn >= 0) for (let k = 0; k < q; k++) if (k !== interceptColumn) centre[k] = totals[k] / n;
  const s = new Float64Array(K * p);
  const t = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    for (let k = 0; k < p; k++) s[j * p + k] = sums[j * q + k] - size[j] * centre[k];
    t[j] = sums[j * q + p] - size[j] * centre[p];
  }
  const centring = interceptColumn < 0 ? undefined : { column: interceptColumn, value: interceptValue, means: centre.subarray(0, p), yMean: centre[p] };
  return { n, p, K, size, s, t, W, centring };
}

/** The reparametrisation of centred sums: column c is the intercept (value v), the others are centred on their means. */
interface Centring {
  readonly column: number;
  readonly value: number;
  readonly means: Float64Array;
  readonly yMean: number;
}

/** β = Tβ̃ + (ȳ/v) e_c with T = I − (1/v) e_c m': only the intercept's row of T differs from I. */
function uncentreBeta(c: Centring | undefined, b: Float64Array): Float64Array {
  if (!c) return b;
  const out = Float64Array.from(b);
  let shift = c.yMean;
  for (let k = 0; k < b.length; k++) if (k !== c.column) shift -= c.means[k] * b[k];
  out[c.column] += shift / c.value;
  return out;
}

/** T S T' for a symmetric p × p S. */
function uncentreMatrix(c: Centring | undefined, S: Float64Array, p: number): Float64Array {
  if (!c) return S;
  const T = new Float64Array(p * p);
  for (let k = 0; k < p; k++) T[k * p + k] = 1;
  for (let k = 0; k < p; k++) if (k !== c.column) T[c.column * p + k] = -c.means[k] / c.value;
  const TS = matMul(T, S, p);
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let v = 0;
    for (let k = 0; k < p; k++) v += TS[a * p + k] * T[b * p + k];
    out[a * p + b] = v;
  }
  return out;
}

/**
 * Rank of the K × p matrix of cluster means of X (modified Gram–Schmidt on its columns). When it reaches K,
 * the fixed effects explain every cluster mean and the REML criterion is flat in σ²_u.
 */
function clusterMeanRank(st: SufficientStatistics): number {
  const { p, K, size, s } = st;
  const basis: Float64Array[] = [];
  for (let k = 0; k < p; k++) {
    const v = new Float64Array(K);
    for (let j = 0; j < K; j++) v[j] = s[j * p + k] / size[j];
    const norm0 = Math.hypot(...v);
    for (const b of basis) {
      let dot = 0;
      for (let j = 0; j < K; j++) dot += v[j] * b[j];
      for (let j = 0; j < K; j++) v[j] -= dot * b[j];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-9 * Math.max(norm0, 1e-300)) {
      for (let j = 0; j < K; j++) v[j] /= norm;
      basis.push(v);
    }
  }
  return basis.length;
}

// ---------------------------------------------------------------------------------------------------------
// 2. The profiled REML criterion and its minimisation

interface Evaluation {
  readonly ok: boolean;
  /** r'H⁻¹r at the GLS estimate for this γ. */
  readonly rss: number;
  /** ỹ'H⁻¹ỹ: the scale against which rss counts as zero. */
  readonly total: number;
  readonly logDetH: number;
  readonly logDetA: number;
  /** (n − p) log rss + log|H| + log|X'H⁻¹X|: the REML deviance up to a constant. */
  readonly value: number;
}

/** Reusable buffers for evaluating the criterion: the augmented matrix [[A b] [b' c]] and its Cholesky factor. */
class ProfileWork {
  evaluations = 0;
  private readonly q: number;
  private readonly aug: Float64Array;
  constructor(private readonly st: SufficientStatistics) {
    this.q = st.p + 1;
    this.aug = new Float64Array(this.q * this.q);
  }

  /** Fill the augmented X'H⁻¹[X y] for γ and factor it in place (lower Cholesky). */
  evaluate(gamma: number): Evaluation {
    this.evaluations++;
    const { n, p, K, size, s, t, W } = this.st;
    const q = this.q;
    const aug = this.aug;
    aug.set(W);
    let logDetH = 0;
    for (let j = 0; j < K; j++) {
      const d = 1 / (1 + size[j] * gamma);
      logDetH -= Math.log(d);
      const w = d / size[j];
      const base = j * p;
      for (let a = 0; a < q; a++) {
        const va = (a < p ? s[base + a] : t[j]) * w;
        if (va === 0) continue;
        for (let b = 0; b <= a; b++) aug[a * q + b] += va * (b < p ? s[base + b] : t[j]);
      }
    }
    // Cholesky on the lower triangle; the last pivot squared is the GLS residual sum of squares r'H⁻¹r.
    const total = aug[q * q - 1];
    let logDetA = 0;
    for (let c = 0; c < q; c++) {
      let diag = aug[c * q + c];
      for (let k = 0; k < c; k++) diag -= aug[c * q + k] * aug[c * q + k];
      if (c < p) {
        // A relative pivot threshold catches collinear columns, which a plain > 0 check would let through as noise.
        if (!(diag > 1e-10 * Math.max(1, Math.abs(aug[c * q + c])))) return { ok: false, rss: Number.NaN, total, logDetH, logDetA, value: Number.POSITIVE_INFINITY };
        logDetA += Math.log(diag);
      }
      const lcc = Math.sqrt(Math.max(diag, 0));
      aug[c * q + c] = lcc;
      for (let r = c + 1; r < q; r++) {
        let v = aug[r * q + c];
        for (let k = 0; k < c; k++) v -= aug[r * q + k] * aug[c * q + k];
        aug[r * q + c] = lcc > 0 ? v / lcc : 0;
      }
    }
    const l = aug[p * q + p];
    const rss = l * l;
    const value = rss > 0 ? (n - p) * Math.log(rss) + logDetH + logDetA : Number.NEGATIVE_INFINITY;
    return { ok: true, rss, total, logDetH, logDetA, value };
  }

  /**
   * d/dγ of the profiled criterion: Σ n_j d_j − Σ d_j² s_j'M s_j − (n − p) Σ d_j² R_j² / rss, from
   * ∂log|H|/∂γ, ∂log|X'H⁻¹X|/∂γ and ∂rss/∂γ = −r'H⁻¹ZZ'H⁻¹r (β̂ is stationary, so it does not move rss).
   */
  derivative(gamma: number): number {
    const e = this.evaluate(gamma);
    if (!e.ok || !(e.rss > 0)) return Number.NaN; // NaN fails both sign tests: the caller falls back
    const { n, p, K, size, s, t } = this.st;
    const beta = this.beta();
    const M = this.inverse();
    let g = 0;
    let quad = 0;
    for (let j = 0; j < K; j++) {
      const d = 1 / (1 + size[j] * gamma);
      let R = t[j];
      for (let k = 0; k < p; k++) R -= s[j * p + k] * beta[k];
      let sMs = 0;
      for (let a = 0; a < p; a++) {
        const sa = s[j * p + a];
        if (sa === 0) continue;
        let r = 0;
        for (let b = 0; b < p; b++) r += M[a * p + b] * s[j * p + b];
        sMs += sa * r;
      }
      g += size[j] * d - d * d * sMs;
      quad += d * d * R * R;
    }
    return g - ((n - p) * quad) / e.rss;
  }

  /** β̂ from the last factorisation: L β = L⁻¹b is the last row of the augmented factor. */
  beta(): Float64Array {
    const { p } = this.st;
    const q = this.q;
    const aug = this.aug;
    const z = new Float64Array(p);
    for (let k = 0; k < p; k++) z[k] = aug[p * q + k];
    const beta = new Float64Array(p);
    for (let k = p - 1; k >= 0; k--) {
      let v = z[k];
      for (let m = k + 1; m < p; m++) v -= aug[m * q + k] * beta[m];
      beta[k] = v / aug[k * q + k];
    }
    return beta;
  }

  /** (X'H⁻¹X)⁻¹ from the last factorisation. */
  inverse(): Float64Array {
    const { p } = this.st;
    const q = this.q;
    const aug = this.aug;
    // Invert L (lower), then M = L⁻ᵀ L⁻¹.
    const Li = new Float64Array(p * p);
    for (let c = 0; c < p; c++) {
      Li[c * p + c] = 1 / aug[c * q + c];
      for (let r = c + 1; r < p; r++) {
        let v = 0;
        for (let k = c; k < r; k++) v -= aug[r * q + k] * Li[k * p + c];
        Li[r * p + c] = v / aug[r * q + r];
      }
    }
    const M = new Float64Array(p * p);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let v = 0;
        for (let k = a; k < p; k++) v += Li[k * p + a] * Li[k * p + b];
        M[a * p + b] = v;
        M[b * p + a] = v;
      }
    }
    return M;
  }
}

/**
 * The γ that minimises the profiled criterion. A grid on log γ (10⁻⁶ … maxRatio, half-decade steps) finds the
 * basin, which guards against a second local minimum. The minimum is then the root of the criterion's
 * derivative in that basin, found by Brent's root finder to near machine precision (a derivative-free
 * minimiser stops at √ε in γ, which is visible in the estimates' last digits and in row-order invariance).
 * γ = 0 is the estimate when the derivative there is not negative: σ²_u on its bound.
 */
function minimiseProfile(work: ProfileWork, maxRatio: number): number {
  const f = (g: number): number => {
    const e = work.evaluate(g);
    return e.ok ? e.value : Number.POSITIVE_INFINITY;
  };
  const grid: number[] = [0];
  for (let k = -6; 10 ** k <= maxRatio * (1 + 1e-12); k += 0.5) grid.push(10 ** k);
  if (grid[grid.length - 1] < maxRatio) grid.push(maxRatio);
  const values = grid.map(f);
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (values[i] < values[best]) best = i;
  if (!Number.isFinite(values[best])) return 0; // rank-deficient: the caller reports it
  if (best === grid.length - 1) return grid[best];
  const lo = best <= 1 ? 0 : grid[best - 1];
  const hi = grid[best + 1];
  const gLo = work.derivative(lo);
  if (lo === 0 && gLo >= 0) return 0;
  const gHi = work.derivative(hi);
  if (gLo < 0 && gHi > 0) {
    // On log γ away from 0 (relative precision in γ); on γ itself when the bracket starts at 0.
    if (lo === 0) return brentRoot((g) => work.derivative(g), lo, hi, gLo, gHi, 1e-15, 1e-300);
    const x = brentRoot((t) => work.derivative(Math.exp(t)), Math.log(lo), Math.log(hi), gLo, gHi, 1e-15, 1e-14);
    return Math.exp(x);
  }
  // No sign change (a flat or non-smooth criterion): fall back on minimising the criterion itself.
  const gamma = lo === 0 ? brentMinimise(f, 0, hi) : Math.exp(brentMinimise((t) => f(Math.exp(t)), Math.log(lo), Math.log(hi)));
  return f(0) <= f(gamma) ? 0 : gamma;
}

/**
 * Brent's (1973) root finder (zeroin) on [a, b] with f(a), f(b) of opposite signs: bisection safeguarding
 * inverse quadratic and secant steps.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tolRel = 1e-15, tolAbs = 1e-300): number {
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * (tolRel * Math.abs(b) + tolAbs);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

/**
 * Brent's (1973) minimisation on [a, b] without derivatives: golden-section steps with parabolic
 * interpolation where it is trusted (Numerical Recipes' `brent`). tolRel, tolAbs: the x tolerance.
 */
export function brentMinimise(f: (x: number) => number, a: number, b: number, tolRel = 1e-10, tolAbs = 1e-12): number {
  const golden = 0.381966011250105;
  let x = a + golden * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 200; iter++) {
    const m = 0.5 * (a + b);
    const tol = tolRel * Math.abs(x) + tolAbs;
    const tol2 = 2 * tol;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol) {
      const r = (x - w) * (fx - fv);
      let qq = (x - v) * (fx - fw);
      let pp = (x - v) * qq - (x - w) * r;
      qq = 2 * (qq - r);
      if (qq > 0) pp = -pp;
      else qq = -qq;
      if (Math.abs(pp) < Math.abs(0.5 * qq * e) && pp > qq * (a - x) && pp < qq * (b - x)) {
        e = d;
        d = pp / qq;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol : -tol;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x < m ? b - x : a - x;
      d = golden * e;
    }
    const u = Math.abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return x;
}

// ---------------------------------------------------------------------------------------------------------
// 3. Satterthwaite's ingredients

/**
 * ∂C/∂ψ_k = M X'H⁻¹V_kH⁻¹X M for V_u = ZZ', V_e = I (C = σ²_e M, M = (X'H⁻¹X)⁻¹), and the inverse of the
 * observed REML information, −∂²ℓ/∂ψ_a∂ψ_b = −tr(PV_aPV_b)/2 + y'PV_aPV_bPy. Every block matrix here is a
 * polynomial in its cluster's J = 11', so it acts as a scalar within the cluster (1 for H⁻¹, 0 for J) and as
 * a scalar λ_j on the cluster's constant vector (d_j for H⁻¹, n_j for J): traces and X'·X products then need
 * only W, the cluster sums and cluster residual sums R_j = t_j − s_j'β̂.
 */
function satterthwaiteIngredients(
  st: SufficientStatistics,
  gamma: number,
  sigma2e: number,
  M: Float64Array,
  beta: Float64Array,
  rss: number,
  boundary: boolean,
): { derivatives: [Float64Array, Float64Array]; parameterCovariance: Float64Array } {
  const { n, p, K, size, s, t, W } = st;
  const q = p + 1;
  const Wxx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Wxx[a * p + b] = W[a * q + b];

  /** c0 · W_xx + Σ_j λ_j s_j s_j' / n_j. */
  const xfx = (c0: number, lambda: (j: number) => number): Float64Array => {
    const out = new Float64Array(p * p);
    if (c0 !== 0) for (let i = 0; i < p * p; i++) out[i] = c0 * Wxx[i];
    for (let j = 0; j < K; j++) {
      const w = lambda(j) / size[j];
      if (w === 0) continue;
      for (let a = 0; a < p; a++) {
        const va = w * s[j * p + a];
        for (let b = 0; b < p; b++) out[a * p + b] += va * s[j * p + b];
      }
    }
    return out;
  };
  const d = new Float64Array(K);
  for (let j = 0; j < K; j++) d[j] = 1 / (1 + size[j] * gamma);

  const Xe2 = xfx(1, (j) => d[j] * d[j]); // X'H⁻²X
  const Xu2 = xfx(0, (j) => size[j] * d[j] * d[j]); // X'H⁻¹ZZ'H⁻¹X
  const dCu = sandwich(M, Xu2, p);
  const dCe = sandwich(M, Xe2, p);

  // Traces tr(QV_aQV_b), Q = H⁻¹ − H⁻¹XMX'H⁻¹ (P = Q/σ²_e).
  const Xe3 = xfx(1, (j) => d[j] ** 3);
  const Xeu3 = xfx(0, (j) => size[j] * d[j] ** 3);
  const Xuu3 = xfx(0, (j) => size[j] * size[j] * d[j] ** 3);
  let tee = n - K;
  let teu = 0;
  let tuu = 0;
  for (let j = 0; j < K; j++) {
    const d2 = d[j] * d[j];
    tee += d2;
    teu += size[j] * d2;
    tuu += size[j] * size[j] * d2;
  }
  const MXe2 = matMul(M, Xe2, p);
  const MXu2 = matMul(M, Xu2, p);
  tee += -2 * traceProduct(M, Xe3, p) + traceProduct(MXe2, MXe2, p);
  teu += -2 * traceProduct(M, Xeu3, p) + traceProduct(MXe2, MXu2, p);
  tuu += -2 * traceProduct(M, Xuu3, p) + traceProduct(MXu2, MXu2, p);

  // Quadratic terms with e = H⁻¹r: within clusters e is r, on the constant vector its sum is E_j = d_j R_j.
  // X⊥'r⊥ = −Σ d_j s_j R_j / n_j (the GLS normal equations) and r⊥'r⊥ = rss − Σ d_j R_j² / n_j.
  const ge = new Float64Array(p); // X'H⁻¹e
  const gu = new Float64Array(p); // X'H⁻¹ZZ'e
  let within = rss;
  let eHe = 0;
  let eHu = 0;
  let uHu = 0;
  for (let j = 0; j < K; j++) {
    let R = t[j];
    for (let k = 0; k < p; k++) R -= s[j * p + k] * beta[k];
    const E = d[j] * R;
    within -= (d[j] * R * R) / size[j];
    eHe += (d[j] * E * E) / size[j];
    eHu += d[j] * E * E;
    uHu += d[j] * size[j] * E * E;
    for (let k = 0; k < p; k++) {
      ge[k] += ((d[j] * d[j] - d[j]) * s[j * p + k] * R) / size[j];
      gu[k] += d[j] * s[j * p + k] * E;
    }
  }
  eHe += Math.max(within, 0);
  const qee = eHe - bilinear(ge, M, ge, p);
  const qeu = eHu - bilinear(ge, M, gu, p);
  const quu = uHu - bilinear(gu, M, gu, p);

  const s4 = sigma2e * sigma2e;
  const s6 = s4 * sigma2e;
  const Iuu = -tuu / (2 * s4) + quu / s6;
  const Iue = -teu / (2 * s4) + qeu / s6;
  const Iee = -tee / (2 * s4) + qee / s6;
  const A = new Float64Array(4);
  if (boundary) {
    // σ²_u sits on its bound: only σ²_e is a free parameter (lmerTest's df is then n − p).
    A[3] = 1 / Iee;
  } else {
    const det = Iuu * Iee - Iue * Iue;
    A[0] = Iee / det;
    A[1] = A[2] = -Iue / det;
    A[3] = Iuu / det;
  }
  return { derivatives: [dCu, dCe], parameterCovariance: A };
}

// ---------------------------------------------------------------------------------------------------------
// Small dense helpers (p × p, row-major)

function matMul(A: Float64Array, B: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const a = A[i * p + k];
      if (a === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += a * B[k * p + j];
    }
  }
  return out;
}

/** M S M for symmetric M, S. */
function sandwich(M: Float64Array, S: Float64Array, p: number): Float64Array {
  return matMul(matMul(M, S, p), M, p);
}

/** tr(A B). */
function traceProduct(A: Float64Array, B: Float64Array, p: number): number {
  let v = 0;
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) v += A[i * p + k] * B[k * p + i];
  return v;
}

function bilinear(x: ArrayLike<number>, A: Float64Array, y: ArrayLike<number>, p: number): number {
  let v = 0;
  for (let i = 0; i < p; i++) {
    if (x[i] === 0) continue;
    let r = 0;
    for (let j = 0; j < p; j++) r += A[i * p + j] * y[j];
    v += x[i] * r;
  }
  return v;
}

function quadForm(x: ArrayLike<number>, A: Float64Array, p: number): number {
  return bilinear(x, A, x, p);
}

function quadLinear(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let v = 0;
  for (let i = 0; i < x.length; i++) v += x[i] * y[i];
  return v;
}

function resolveEffect(effect: string | number | undefined, names: readonly string[]): number {
  const p = names.length;
  if (effect === undefined) {
    const arm = names.indexOf('arm');
    return arm >= 0 ? arm : Math.min(1, p - 1);
  }
  if (typeof effect === 'number') {
    if (!Number.isInteger(effect) || effect < 0 || effect >= p) throw new RangeError(`fitRandomInterceptModel: effect ${effect} is not a column index (0 … ${p - 1})`);
    return effect;
  }
  const i = names.indexOf(effect);
  if (i < 0) throw new RangeError(`fitRandomInterceptModel: no column named '${effect}' (columns: ${names.join(', ')})`);
  return i;
}
