// Randomisation (permutation) tests for the trial designs of issue 16: the observed statistic against its
// distribution over re-randomisations of the design's own unit — individuals (within strata), clusters
// (within strata) or the arms' swap within each pair (Edgington & Onghena 2007, Randomization Tests; Fisher
// 1935). Part of analysis/ (pure): the draws come from a supplied rng/ stream, so a test is deterministic;
// with few distinct allocations it enumerates them all and the p-value is exact.
import type { RandomStream } from '../rng/index.js';

/** How the trial was randomised; a re-randomisation repeats it. */
export type RandomisationScheme =
  /** Individuals randomised, a fixed number per arm within each stratum (e.g. agency); no strata: one stratum. */
  | { readonly unit: 'individual'; readonly strata?: ArrayLike<number | string> }
  /** Clusters (agencies, teams) randomised, a fixed number per arm within each stratum of clusters. */
  | { readonly unit: 'cluster'; readonly cluster: ArrayLike<number | string>; readonly strata?: ArrayLike<number | string> }
  /** Paired design: within each pair (organisation) the arms are swapped, or not, with probability 1/2. */
  | { readonly unit: 'pair'; readonly pair: ArrayLike<number | string> };

export interface PermutationTestInput {
  /** The observed arm of each row, 0 or 1. */
  readonly arm: ArrayLike<number>;
  /**
   * The test statistic as a function of an allocation (one arm per row). The array passed is reused from
   * call to call: copy it to keep it. The statistic should be pure (same allocation, same value).
   */
  readonly statistic: (arm: Int8Array) => number;
  readonly scheme: RandomisationScheme;
}

export interface PermutationTestOptions {
  /** Seeded stream of the re-randomisations (from rng/); not needed when the test enumerates. */
  readonly stream?: RandomStream;
  /** Re-randomisations B of the Monte Carlo test (default 999). */
  readonly replicates?: number;
  /** 'auto' (default): enumerate every allocation when there are at most B of them; 'always'; 'never'. */
  readonly exact?: 'auto' | 'always' | 'never';
  /** Which values count as extreme: |T*| ≥ |T| (default), T* ≥ T or T* ≤ T. */
  readonly alternative?: 'two-sided' | 'greater' | 'less';
}

export interface PermutationTestResult {
  /** The observed statistic T. */
  readonly statistic: number;
  /** Exact: #{extreme}/#allocations (the observed one among them). Monte Carlo: (1 + #{extreme})/(1 + B). */
  readonly p: number;
  readonly exact: boolean;
  /** Allocations evaluated: every distinct one (exact) or B (Monte Carlo, the observed one not counted). */
  readonly evaluated: number;
  /** How many of them were at least as extreme as T. */
  readonly extreme: number;
  /** Distinct allocations the scheme allows (may be Infinity when too many to count in a double). */
  readonly allocations: number;
}

/** A scheme reduced to what re-randomisation needs: rows grouped into units, units grouped into strata. */
interface Plan {
  readonly n: number;
  /** Unit of each row. */
  readonly unitOf: Int32Array;
  /** Observed arm of each unit. */
  readonly unitArm: Int8Array;
  /** Units of each stratum (for pairs: one stratum of all pairs, each flipped by its own coin). */
  readonly strata: readonly Int32Array[];
  readonly pairs: boolean;
}

/**
 * The randomisation test of an allocation-dependent statistic.
 *
 * 1. Group rows into randomisation units and units into strata (pairs: each pair is one unit, flipped whole).
 * 2. Count the distinct allocations: Π_s C(m_s, k_s) within strata, 2^K for K pairs.
 * 3. Exact when allowed and the count is at most B: evaluate them all. Otherwise draw B re-randomisations
 *    from the stream (a Fisher–Yates shuffle of arms within each stratum; a fair coin per pair).
 */
export function permutationTest(input: PermutationTestInput, options: PermutationTestOptions = {}): PermutationTestResult {
  const B = options.replicates ?? 999;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`permutationTest: replicates ${B} must be a positive integer`);
  const plan = planOf(input.arm, input.scheme);
  const allocations = countAllocations(plan);
  const mode = options.exact ?? 'auto';
  const exact = mode === 'always' || (mode === 'auto' && allocations <= B);
  if (exact && allocations > 1e7) throw new RangeError(`permutationTest: ${allocations} allocations are too many to enumerate; use exact: 'never'`);

  const buffer = new Int8Array(plan.n);
  for (let i = 0; i < plan.n; i++) buffer[i] = input.arm[i];
  const observed = input.statistic(buffer);
  if (Number.isNaN(observed)) throw new RangeError('permutationTest: the statistic of the observed allocation is NaN');
  const alternative = options.alternative ?? 'two-sided';
  // Equivalent allocations can give the same statistic through different sums; a relative tolerance keeps
  // such ties counted as ties rather than left to rounding.
  const slack = 1e-10 * Math.max(1, Math.abs(observed));
  const isExtreme = (t: number): boolean =>
    alternative === 'two-sided' ? Math.abs(t) >= Math.abs(observed) - slack : alternative === 'greater' ? t >= observed - slack : t <= observed + slack;

  const unitArm = new Int8Array(plan.unitArm);
  const evaluate = (): boolean => {
    for (let i = 0; i < plan.n; i++) buffer[i] = plan.pairs ? (unitArm[plan.unitOf[i]] ? 1 - input.arm[i] : input.arm[i]) : unitArm[plan.unitOf[i]];
    return isExtreme(input.statistic(buffer));
  };

  let extreme = 0;
  let evaluated = 0;
  if (exact) {
    enumerateAllocations(plan, unitArm, () => {
      evaluated++;
      if (evaluate()) extreme++;
    });
    return { statistic: observed, p: extreme / evaluated, exact: true, evaluated, extreme, allocations };
  }
  const stream = options.stream;
  if (!stream) throw new RangeError('permutationTest: a Monte Carlo test needs a seeded stream (options.stream)');
  for (let b = 0; b < B; b++) {
    drawAllocation(plan, unitArm, stream);
    evaluated++;
    if (evaluate()) extreme++;
  }
  return { statistic: observed, p: (1 + extreme) / (1 + B), exact: false, evaluated, extreme, allocations };
}

// ---------------------------------------------------------------------------------------------------------
// 1. Units and strata

function planOf(arm: ArrayLike<number>, scheme: RandomisationScheme): Plan {
  const n = arm.length;
  for (let i = 0; i < n; i++) if (arm[i] !== 0 && arm[i] !== 1) throw new RangeError(`permutationTest: arm[${i}] = ${arm[i]}; arms are 0 and 1`);
  const check = (what: string, values: ArrayLike<unknown>): void => {
    if (values.length !== n) throw new RangeError(`permutationTest: ${values.length} ${what} values for ${n} rows`);
  };
  if (scheme.unit === 'pair') {
    check('pair', scheme.pair);
    const { ids, count } = denseIds(scheme.pair);
    // Each pair is a unit whose "arm" is its flip (0: as observed, 1: swapped); all pairs form one stratum of
    // independent coins.
    return { n, unitOf: ids, unitArm: new Int8Array(count), strata: [Int32Array.from({ length: count }, (_, k) => k)], pairs: true };
  }
  const unitKeys: ArrayLike<number | string> = scheme.unit === 'cluster' ? scheme.cluster : Int32Array.from({ length: n }, (_, i) => i);
  if (scheme.unit === 'cluster') check('cluster', unitKeys);
  const { ids: unitOf, count: units } = denseIds(unitKeys);
  const unitArm = new Int8Array(units).fill(-1);
  for (let i = 0; i < n; i++) {
    const u = unitOf[i];
    if (unitArm[u] === -1) unitArm[u] = arm[i];
    else if (unitArm[u] !== arm[i]) throw new RangeError(`permutationTest: cluster ${String(unitKeys[i])} has rows in both arms; a cluster is randomised whole`);
  }
  const strataKeys = scheme.strata;
  let strata: Int32Array[];
  if (!strataKeys) {
    strata = [Int32Array.from({ length: units }, (_, k) => k)];
  } else {
    check('stratum', strataKeys);
    const { ids: stratumOfRow, count } = denseIds(strataKeys);
    const stratumOfUnit = new Int32Array(units).fill(-1);
    for (let i = 0; i < n; i++) {
      const u = unitOf[i];
      if (stratumOfUnit[u] === -1) stratumOfUnit[u] = stratumOfRow[i];
      else if (stratumOfUnit[u] !== stratumOfRow[i]) throw new RangeError(`permutationTest: cluster ${String(unitKeys[i])} lies in two strata`);
    }
    const lists: number[][] = Array.from({ length: count }, () => []);
    for (let u = 0; u < units; u++) lists[stratumOfUnit[u]].push(u);
    strata = lists.map((l) => Int32Array.from(l));
  }
  return { n, unitOf, unitArm, strata, pairs: false };
}

function denseIds(keys: ArrayLike<number | string>): { ids: Int32Array; count: number } {
  const map = new Map<number | string, number>();
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let k = map.get(keys[i]);
    if (k === undefined) {
      k = map.size;
      map.set(keys[i], k);
    }
    ids[i] = k;
  }
  return { ids, count: map.size };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Counting, 3. enumerating and drawing allocations

function treatedIn(plan: Plan, stratum: Int32Array): number {
  let k = 0;
  for (const u of stratum) k += plan.unitArm[u];
  return k;
}

function countAllocations(plan: Plan): number {
  if (plan.pairs) return 2 ** plan.unitArm.length;
  let total = 1;
  for (const s of plan.strata) total *= binomial(s.length, treatedIn(plan, s));
  return total;
}

function binomial(m: number, k: number): number {
  k = Math.min(k, m - k);
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (m - k + i)) / i;
  return Math.round(c);
}

/** Visit every allocation: all 2^K flips for pairs, else every choice of k_s treated units in each stratum. */
function enumerateAllocations(plan: Plan, unitArm: Int8Array, visit: () => void): void {
  if (plan.pairs) {
    const K = unitArm.length;
    for (let mask = 0; mask < 2 ** K; mask++) {
      for (let k = 0; k < K; k++) unitArm[k] = Math.floor(mask / 2 ** k) % 2;
      visit();
    }
    return;
  }
  // An odometer over strata; within a stratum, k-subsets of its units in lexicographic order.
  const S = plan.strata.length;
  const ks = plan.strata.map((s) => treatedIn(plan, s));
  const chosen = plan.strata.map((_, s) => Int32Array.from({ length: ks[s] }, (_, i) => i));
  const apply = (s: number): void => {
    const units = plan.strata[s];
    for (const u of units) unitArm[u] = 0;
    for (const i of chosen[s]) unitArm[units[i]] = 1;
  };
  for (let s = 0; s < S; s++) apply(s);
  for (;;) {
    visit();
    let s = 0;
    while (s < S && !nextCombination(chosen[s], plan.strata[s].length)) {
      for (let i = 0; i < chosen[s].length; i++) chosen[s][i] = i;
      apply(s);
      s++;
    }
    if (s === S) return;
    apply(s);
  }
}

/** Advance a k-subset of 0 … m−1 (ascending indices) to the next in lexicographic order; false after the last. */
function nextCombination(c: Int32Array, m: number): boolean {
  const k = c.length;
  let i = k - 1;
  while (i >= 0 && c[i] === m - k + i) i--;
  if (i < 0) return false;
  c[i]++;
  for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  return true;
}

/** One re-randomisation: a fair coin per pair, or a Fisher–Yates shuffle of the observed arms within each stratum. */
function drawAllocation(plan: Plan, unitArm: Int8Array, stream: RandomStream): void {
  if (plan.pairs) {
    for (let k = 0; k < unitArm.length; k++) unitArm[k] = stream.next() < 0.5 ? 1 : 0;
    return;
  }
  for (const units of plan.strata) {
    // Shuffle a copy of the stratum's observed arms, then deal them to its units: k_s treated, as randomised.
    const m = units.length;
    for (let i = 0; i < m; i++) unitArm[units[i]] = plan.unitArm[units[i]];
    for (let i = m - 1; i > 0; i--) {
      const j = stream.int(i + 1);
      const a = unitArm[units[i]];
      unitArm[units[i]] = unitArm[units[j]];
      unitArm[units[j]] = a;
    }
  }
}
