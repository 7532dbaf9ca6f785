// Cluster-level analyses for the cluster-randomised and paired-teams trial designs (issue 16): the two-sample
// t-test of cluster summaries (unweighted, size-weighted or minimum-variance weighted; Donner & Klar 2000,
// ch. 6; Hayes & Moulton 2017 for the two-stage baseline adjustment), the paired t-test over organisations,
// the one-way ANOVA ICC with the unbalanced n₀ (Donner & Klar 2000, §2.6) and the design effect with fixed
// or variable cluster sizes (Eldridge, Ashby & Kerry 2006). Part of analysis/ (pure).
import { mean, pairedTTest, studentTQuantile, studentTTwoSidedP, type TTestResult } from './stats.js';

/** One cluster's summary: its id, arm, size and mean outcome (or mean adjusted outcome). */
export interface ClusterSummary {
  readonly cluster: number | string;
  readonly arm: number;
  readonly size: number;
  readonly mean: number;
}

export interface ClusterSummaryInput {
  readonly y: ArrayLike<number>;
  /** Arm of each row, 0 or 1; constant within a cluster. */
  readonly arm: ArrayLike<number>;
  readonly cluster: ArrayLike<number | string>;
  /** Baseline value of the outcome; with it, clusters are summarised by their mean adjusted outcome. */
  readonly baseline?: ArrayLike<number>;
}

export interface ClusterSummaryOptions {
  /**
   * Weights of the cluster means: 'equal' (each cluster counts once, the usual unweighted test), 'size'
   * (cluster size), or 'minimum-variance' (m / (1 + (m − 1)ρ̂), ρ̂ the ANOVA ICC truncated at 0: the
   * inverse-variance weight of a mean of m correlated values; Donner & Klar 2000). Default 'equal'.
   */
  readonly weighting?: 'equal' | 'size' | 'minimum-variance';
  /**
   * How a baseline adjusts the outcome: 'regression' (Hayes & Moulton's two-stage method: residuals of an
   * individual-level regression of y on the baseline, ignoring arm, averaged per cluster; the default) or
   * 'change' (y − baseline).
   */
  readonly adjustment?: 'regression' | 'change';
  /** Confidence level of the interval (default 0.95). */
  readonly level?: number;
}

export interface ClusterTestResult extends TTestResult {
  /** Clusters in arm 1 and arm 0. */
  readonly clusters1: number;
  readonly clusters0: number;
  readonly standardError: number;
  readonly summaries: readonly ClusterSummary[];
}

/** The outcome a cluster summary averages: y itself, or y adjusted for its baseline. */
function adjustedOutcome(y: ArrayLike<number>, baseline: ArrayLike<number> | undefined, adjustment: 'regression' | 'change'): ArrayLike<number> {
  if (!baseline) return y;
  const n = y.length;
  if (baseline.length !== n) throw new RangeError(`cluster analysis: ${baseline.length} baseline values for ${n} outcomes`);
  const out = new Float64Array(n);
  if (adjustment === 'change') {
    for (let i = 0; i < n; i++) out[i] = y[i] - baseline[i];
    return out;
  }
  // The covariate-only model leaves the arm out, so the arm's effect stays in the residuals (stage 1).
  const mx = mean(baseline);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (baseline[i] - mx) ** 2;
    sxy += (baseline[i] - mx) * (y[i] - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (let i = 0; i < n; i++) out[i] = y[i] - my - slope * (baseline[i] - mx);
  return out;
}

/** Cluster means of values, with each cluster's arm and size, in order of first appearance. */
export function summariseClusters(values: ArrayLike<number>, arm: ArrayLike<number>, cluster: ArrayLike<number | string>): ClusterSummary[] {
  const n = values.length;
  if (arm.length !== n || cluster.length !== n) throw new RangeError(`summariseClusters: lengths differ (values ${n}, arm ${arm.length}, cluster ${cluster.length})`);
  const index = new Map<number | string, number>();
  const ids: (number | string)[] = [];
  const arms: number[] = [];
  const sizes: number[] = [];
  const sums: number[] = [];
  for (let i = 0; i < n; i++) {
    let j = index.get(cluster[i]);
    if (j === undefined) {
      j = ids.length;
      index.set(cluster[i], j);
      ids.push(cluster[i]);
      arms.push(arm[i]);
      sizes.push(0);
      sums.push(0);
    } else if (arms[j] !== arm[i]) {
      throw new RangeError(`summariseClusters: cluster ${String(cluster[i])} has rows in arm ${arms[j]} and arm ${arm[i]}; a cluster-level analysis needs one arm per cluster`);
    }
    sizes[j]++;
    sums[j] += values[i];
  }
  return ids.map((c, j) => ({ cluster: c, arm: arms[j], size: sizes[j], mean: sums[j] / sizes[j] }));
}

/**
 * Two-sample t-test of cluster means between arms (arm 1 minus arm 0), df = clusters − 2: weighted least
 * squares of the cluster means on arm, which with equal weights is the pooled-variance t-test. The analysis
 * that respects the unit of randomisation whatever the ICC (Donner & Klar 2000, §6.2).
 */
export function clusterSummaryTest(input: ClusterSummaryInput, options: ClusterSummaryOptions = {}): ClusterTestResult {
  const level = options.level ?? 0.95;
  const values = adjustedOutcome(input.y, input.baseline, options.adjustment ?? 'regression');
  const summaries = summariseClusters(values, input.arm, input.cluster);
  const weighting = options.weighting ?? 'equal';
  let rho = 0;
  if (weighting === 'minimum-variance') rho = Math.max(0, anovaIcc({ y: values, cluster: input.cluster }).icc);
  const weight = (c: ClusterSummary): number => (weighting === 'equal' ? 1 : weighting === 'size' ? c.size : c.size / (1 + (c.size - 1) * rho));
  const W = [0, 0];
  const S = [0, 0];
  const count = [0, 0];
  for (const c of summaries) {
    if (c.arm !== 0 && c.arm !== 1) throw new RangeError(`clusterSummaryTest: cluster ${String(c.cluster)} has arm ${c.arm}; arms are 0 and 1`);
    const w = weight(c);
    W[c.arm] += w;
    S[c.arm] += w * c.mean;
    count[c.arm]++;
  }
  const K = summaries.length;
  const df = K - 2;
  const m0 = S[0] / W[0];
  const m1 = S[1] / W[1];
  let ss = 0;
  for (const c of summaries) ss += weight(c) * (c.mean - (c.arm === 1 ? m1 : m0)) ** 2;
  const diff = m1 - m0;
  const nObs = input.y.length;
  if (count[0] === 0 || count[1] === 0 || df < 1) {
    return { n: nObs, meanDifference: diff, t: Number.NaN, df, p: Number.NaN, low: Number.NaN, high: Number.NaN, clusters1: count[1], clusters0: count[0], standardError: Number.NaN, summaries };
  }
  const s2 = ss / df;
  const se = Math.sqrt(s2 * (1 / W[0] + 1 / W[1]));
  const t = se === 0 ? (diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity) : diff / se;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { n: nObs, meanDifference: diff, t, df, p: studentTTwoSidedP(t, df), low: diff - half, high: diff + half, clusters1: count[1], clusters0: count[0], standardError: se, summaries };
}

export interface PairedClusterInput extends ClusterSummaryInput {
  /** Pair (organisation) of each row; each pair holds intervention and control cluster(s). */
  readonly pair: ArrayLike<number | string>;
}

export interface PairedClusterResult extends TTestResult {
  /** Per pair: its id and the intervention mean minus the control mean. */
  readonly differences: readonly { readonly pair: number | string; readonly difference: number }[];
}

/**
 * Paired t-test over organisations (pairs) of the intervention team's mean minus the control team's mean,
 * df = pairs − 1 (Donner & Klar 2000, §7.3). A pair with several teams in an arm uses the unweighted
 * mean of their means; a pair missing an arm is an error.
 */
export function pairedClusterTest(input: PairedClusterInput, options: Pick<ClusterSummaryOptions, 'adjustment' | 'level'> = {}): PairedClusterResult {
  const values = adjustedOutcome(input.y, input.baseline, options.adjustment ?? 'regression');
  const summaries = summariseClusters(values, input.arm, input.cluster);
  const n = input.y.length;
  if (input.pair.length !== n) throw new RangeError(`pairedClusterTest: ${input.pair.length} pair ids for ${n} outcomes`);
  const pairOf = new Map<number | string, number | string>();
  for (let i = 0; i < n; i++) {
    const prev = pairOf.get(input.cluster[i]);
    if (prev !== undefined && prev !== input.pair[i]) throw new RangeError(`pairedClusterTest: cluster ${String(input.cluster[i])} lies in pairs ${String(prev)} and ${String(input.pair[i])}`);
    pairOf.set(input.cluster[i], input.pair[i]);
  }
  const byPair = new Map<number | string, { sum: [number, number]; count: [number, number] }>();
  for (const c of summaries) {
    const pr = pairOf.get(c.cluster)!;
    let e = byPair.get(pr);
    if (!e) {
      e = { sum: [0, 0], count: [0, 0] };
      byPair.set(pr, e);
    }
    e.sum[c.arm] += c.mean;
    e.count[c.arm]++;
  }
  const treated: number[] = [];
  const control: number[] = [];
  const differences: { pair: number | string; difference: number }[] = [];
  for (const [pr, e] of byPair) {
    if (e.count[0] === 0 || e.count[1] === 0) throw new RangeError(`pairedClusterTest: pair ${String(pr)} has no ${e.count[0] === 0 ? 'control' : 'intervention'} cluster`);
    const a = e.sum[1] / e.count[1];
    const b = e.sum[0] / e.count[0];
    treated.push(a);
    control.push(b);
    differences.push({ pair: pr, difference: a - b });
  }
  return { ...pairedTTest(treated, control, options.level ?? 0.95), differences };
}

export interface AnovaIccInput {
  readonly y: ArrayLike<number>;
  readonly cluster: ArrayLike<number | string>;
}

export interface AnovaIccResult {
  /** (MSB − MSW) / (MSB + (n₀ − 1) MSW); negative when clusters vary less than chance (not truncated). */
  readonly icc: number;
  readonly msb: number;
  readonly msw: number;
  /** The "average" cluster size of the unbalanced ANOVA, (N − Σ m_j² / N) / (K − 1). */
  readonly n0: number;
  /** σ²_b = (MSB − MSW)/n₀ and σ²_w = MSW. */
  readonly sigma2Between: number;
  readonly sigma2Within: number;
  readonly clusters: number;
  readonly n: number;
}

/** One-way ANOVA estimate of the intracluster correlation (Donner & Klar 2000, §2.6; Fleiss 1986). */
export function anovaIcc(input: AnovaIccInput): AnovaIccResult {
  const { y, cluster } = input;
  const n = y.length;
  if (cluster.length !== n) throw new RangeError(`anovaIcc: ${cluster.length} cluster ids for ${n} outcomes`);
  const index = new Map<number | string, number>();
  const sizes: number[] = [];
  const sums: number[] = [];
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let j = index.get(cluster[i]);
    if (j === undefined) {
      j = sizes.length;
      index.set(cluster[i], j);
      sizes.push(0);
      sums.push(0);
    }
    id[i] = j;
    sizes[j]++;
    sums[j] += y[i];
  }
  const K = sizes.length;
  const grand = mean(y);
  let ssb = 0;
  let sumSq = 0;
  for (let j = 0; j < K; j++) {
    ssb += sizes[j] * (sums[j] / sizes[j] - grand) ** 2;
    sumSq += sizes[j] * sizes[j];
  }
  let ssw = 0;
  for (let i = 0; i < n; i++) ssw += (y[i] - sums[id[i]] / sizes[id[i]]) ** 2;
  const msb = ssb / (K - 1);
  const msw = ssw / (n - K);
  const n0 = (n - sumSq / n) / (K - 1);
  const sigma2Between = (msb - msw) / n0;
  return { icc: (msb - msw) / (msb + (n0 - 1) * msw), msb, msw, n0, sigma2Between, sigma2Within: msw, clusters: K, n };
}

/**
 * Design effect (variance inflation of a cluster-randomised estimate): 1 + ((cv² + 1) m̄ − 1) ρ (Eldridge et
 * al. 2006), which with equal sizes (cv = 0) is Donner & Klar's 1 + (m̄ − 1) ρ.
 */
export function designEffect(meanClusterSize: number, icc: number, cv = 0): number {
  return 1 + ((cv * cv + 1) * meanClusterSize - 1) * icc;
}

/**
 * Design effect from the cluster sizes themselves. cv is taken with the divisor K (the population sd), for
 * which (cv² + 1) m̄ = Σ m_j² / Σ m_j exactly, the size-weighted mean size that the formula stands for.
 */
export function designEffectFromSizes(sizes: ArrayLike<number>, icc: number): { designEffect: number; meanClusterSize: number; cv: number } {
  const K = sizes.length;
  const m = mean(sizes);
  let v = 0;
  for (let j = 0; j < K; j++) v += (sizes[j] - m) ** 2;
  const cv = Math.sqrt(v / K) / m;
  return { designEffect: designEffect(m, icc, cv), meanClusterSize: m, cv };
}
