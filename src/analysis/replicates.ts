// Summaries across replicate runs of one scenario: per arm × tick × group × measure the mean with its t
// interval, the median and the 50% and 90% bands (type-7 quantiles), and paired differences between arms,
// which share their population and draws within a replicate (common random numbers, MODEL.md §6), with
// Cohen's d for paired values (d_z; Cohen 1988). Part of analysis/. Results arrive one at a time
// (ReplicateAccumulator.add), so a caller can stream them from workers and drop each run after adding it.
import type { RunResult } from '../engine/run.js';
import type { ReplicateSeries } from '../engine/run-replicates.js';
import { cohensDPaired, meanConfidenceInterval, quantileSorted } from './stats.js';

/** A cell's summary over replicates. NaN values (not measured in that replicate) are left out of n. */
export interface ReplicateSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly median: number;
  readonly q05: number;
  readonly q25: number;
  readonly q75: number;
  readonly q95: number;
}

/** Paired differences a − b over replicates (pairs where either is NaN are left out). */
export interface PairedDifferenceSummary {
  readonly n: number;
  readonly meanDiff: number;
  readonly sd: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** mean / sd of the differences (d_z); 0 when every difference is 0, ±∞ when they are equal and non-zero. */
  readonly cohensD: number;
}

/** One row of the tidy summary table (column names as written to CSV). */
export interface ReplicateSummaryRow {
  readonly arm: string;
  readonly tick: number;
  readonly group: string;
  readonly measure: string;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci_low: number;
  readonly ci_high: number;
  readonly median: number;
  readonly q05: number;
  readonly q25: number;
  readonly q75: number;
  readonly q95: number;
}

/** One row of the tidy paired-differences table: arm_a − arm_b. */
export interface PairedDifferenceRow {
  readonly arm_a: string;
  readonly arm_b: string;
  readonly tick: number;
  readonly group: string;
  readonly measure: string;
  readonly n: number;
  readonly mean_diff: number;
  readonly ci_low: number;
  readonly ci_high: number;
  readonly cohens_d: number;
}

export interface ReplicateSummaryOptions {
  /** Arms to keep (default: every arm of the first result), in scenario order. */
  readonly arms?: readonly string[];
  /** Groups to keep (default: every group), e.g. ['all', 'fidelity-high']. */
  readonly groups?: readonly string[];
  /** Measures to keep (default: every series measure). */
  readonly measures?: readonly string[];
  /** Ticks to keep: 'all' (default), 'final', or a list of tick numbers. */
  readonly ticks?: 'all' | 'final' | readonly number[];
  /** Confidence level of the mean's interval (default 0.95). */
  readonly level?: number;
  /** Keep cells that were never measured (NaN in every replicate) as n = 0 rows (default false). */
  readonly keepEmpty?: boolean;
}

/** A RunResult that does not fit the replicates gathered so far, or a bad selection. */
export class ReplicateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicateError';
  }
}

const NAN_SUMMARY: ReplicateSummary = { n: 0, mean: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN, median: NaN, q05: NaN, q25: NaN, q75: NaN, q95: NaN };

/** Summary of one cell's values over replicates; NaN values are left out. `scratch` avoids allocation. */
export function summarizeValues(values: ArrayLike<number>, level = 0.95, scratch?: Float64Array): ReplicateSummary {
  const buf = scratch && scratch.length >= values.length ? scratch : new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) buf[n++] = v;
  }
  if (n === 0) return NAN_SUMMARY;
  const kept = buf.subarray(0, n);
  const ci = meanConfidenceInterval(kept, level);
  kept.sort();
  return {
    n,
    mean: ci.mean,
    sd: ci.sd,
    ciLow: ci.low,
    ciHigh: ci.high,
    median: quantileSorted(kept, 0.5),
    q05: quantileSorted(kept, 0.05),
    q25: quantileSorted(kept, 0.25),
    q75: quantileSorted(kept, 0.75),
    q95: quantileSorted(kept, 0.95),
  };
}

/** Paired differences a[i] − b[i] over replicates; pairs with a NaN on either side are left out. */
export function summarizePairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): PairedDifferenceSummary {
  if (a.length !== b.length) throw new ReplicateError(`paired differences need equal lengths; got ${a.length} and ${b.length}`);
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === a[i] && b[i] === b[i]) {
      xa.push(a[i]);
      xb.push(b[i]);
    }
  }
  const n = xa.length;
  if (n === 0) return { n: 0, meanDiff: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN, cohensD: NaN };
  const d = Float64Array.from(xa, (v, i) => v - xb[i]);
  const ci = meanConfidenceInterval(d, level);
  return { n, meanDiff: ci.mean, sd: ci.sd, ciLow: ci.low, ciHigh: ci.high, cohensD: n < 2 ? NaN : cohensDPaired(xa, xb) };
}

interface Layout {
  readonly armNames: readonly string[];
  /** Index of each kept arm in the result's arms. */
  readonly armIndex: readonly number[];
  readonly groups: readonly string[];
  readonly groupIndex: readonly number[];
  readonly measures: readonly string[];
  readonly measureIndex: readonly number[];
  readonly ticks: readonly number[];
  /** Shape of the results: every added result must match it. */
  readonly allArms: readonly string[];
  readonly allGroups: readonly string[];
  readonly allMeasures: readonly string[];
  readonly totalTicks: number;
}

function pick(all: readonly string[], wanted: readonly string[] | undefined, what: string): { names: string[]; index: number[] } {
  if (!wanted) return { names: [...all], index: all.map((_, i) => i) };
  const index = wanted.map((w) => {
    const i = all.indexOf(w);
    if (i < 0) throw new ReplicateError(`unknown ${what} ${JSON.stringify(w)}; allowed: ${all.join(', ')}`);
    return i;
  });
  return { names: [...wanted], index };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Gathers replicate results cell by cell. Memory: 8 bytes × kept arms × ticks × groups × measures per
 * replicate (the pilot with every cell kept: about 1.5 MB per replicate; select ticks, groups or measures
 * for thousands of replicates). Replicates must be runs of one scenario with distinct seeds.
 */
export class ReplicateAccumulator {
  private readonly options: ReplicateSummaryOptions;
  private layout?: Layout;
  /** Per kept arm: replicate-major blocks of `cells` values. */
  private data: Float64Array[] = [];
  private count = 0;
  private readonly seeds = new Set<number>();

  constructor(options: ReplicateSummaryOptions = {}) {
    this.options = options;
  }

  /** Replicates added so far. */
  get replicates(): number {
    return this.count;
  }

  /** Kept arm names, in order (after the first add). */
  get arms(): readonly string[] {
    return this.layout?.armNames ?? [];
  }

  private get cells(): number {
    const l = this.layout!;
    return l.ticks.length * l.groups.length * l.measures.length;
  }

  private buildLayout(r: ReplicateSeries): Layout {
    const o = this.options;
    const allArms = r.arms.map((a) => a.name);
    const arms = pick(allArms, o.arms, 'arm');
    const groups = pick(r.groups, o.groups, 'group');
    const measures = pick(r.measures, o.measures, 'measure');
    let ticks: number[];
    if (o.ticks === undefined || o.ticks === 'all') ticks = Array.from({ length: r.ticks + 1 }, (_, t) => t);
    else if (o.ticks === 'final') ticks = [r.ticks];
    else {
      ticks = [...o.ticks];
      const bad = ticks.find((t) => !Number.isInteger(t) || t < 0 || t > r.ticks);
      if (bad !== undefined) throw new ReplicateError(`tick ${bad} is not in the run; allowed: integers 0 to ${r.ticks}`);
    }
    return {
      armNames: arms.names,
      armIndex: arms.index,
      groups: groups.names,
      groupIndex: groups.index,
      measures: measures.names,
      measureIndex: measures.index,
      ticks,
      allArms,
      allGroups: r.groups,
      allMeasures: r.measures,
      totalTicks: r.ticks,
    };
  }

  /** Add one replicate's result (its values are copied; the result can be dropped afterwards). */
  add(r: ReplicateSeries): void {
    if (!this.layout) {
      this.layout = this.buildLayout(r);
      this.data = this.layout.armNames.map(() => new Float64Array(this.cells * 8));
    }
    const l = this.layout;
    if (!sameList(l.allArms, r.arms.map((a) => a.name)) || !sameList(l.allGroups, r.groups) || !sameList(l.allMeasures, r.measures) || l.totalTicks !== r.ticks) {
      throw new ReplicateError(
        `replicate with seed ${r.seed} does not match the first one (arms, groups, measures or ticks differ: ${r.arms.length} arms, ${r.groups.length} groups, ${r.measures.length} measures, ${r.ticks} ticks); replicates must be runs of one scenario`,
      );
    }
    if (this.seeds.has(r.seed)) throw new ReplicateError(`two replicates share seed ${r.seed}; identical runs would narrow the intervals falsely`);
    this.seeds.add(r.seed);
    const C = this.cells;
    const G = r.groups.length;
    const M = r.measures.length;
    for (let k = 0; k < l.armNames.length; k++) {
      if (this.data[k].length < (this.count + 1) * C) {
        const grown = new Float64Array(Math.max((this.count + 1) * C, this.data[k].length * 2));
        grown.set(this.data[k]);
        this.data[k] = grown;
      }
      const series = r.arms[l.armIndex[k]].series;
      const out = this.data[k];
      let c = this.count * C;
      for (const t of l.ticks) {
        for (const g of l.groupIndex) {
          const base = t * G * M + g * M;
          for (const m of l.measureIndex) out[c++] = series[base + m];
        }
      }
    }
    this.count++;
  }

  /** Values of one cell across replicates (cell index in tick × group × measure order). */
  private gather(k: number, cell: number, out: Float64Array): Float64Array {
    const C = this.cells;
    const src = this.data[k];
    for (let r = 0; r < this.count; r++) out[r] = src[r * C + cell];
    return out;
  }

  /** The tidy summary table: one row per arm × tick × group × measure, in that nesting order. */
  summaryRows(): ReplicateSummaryRow[] {
    const l = this.layout;
    if (!l) return [];
    const level = this.options.level ?? 0.95;
    const values = new Float64Array(this.count);
    const scratch = new Float64Array(this.count);
    const rows: ReplicateSummaryRow[] = [];
    for (let k = 0; k < l.armNames.length; k++) {
      let cell = 0;
      for (const tick of l.ticks) {
        for (const group of l.groups) {
          for (const measure of l.measures) {
            const s = summarizeValues(this.gather(k, cell++, values), level, scratch);
            if (s.n === 0 && !this.options.keepEmpty) continue;
            rows.push({
              arm: l.armNames[k],
              tick,
              group,
              measure,
              n: s.n,
              mean: s.mean,
              sd: s.sd,
              ci_low: s.ciLow,
              ci_high: s.ciHigh,
              median: s.median,
              q05: s.q05,
              q25: s.q25,
              q75: s.q75,
              q95: s.q95,
            });
          }
        }
      }
    }
    return rows;
  }

  /**
   * The tidy paired-differences table, arm_a − arm_b within each replicate. Default pairs: every earlier
   * arm against every later one (in the pilot: high − low fidelity, high fidelity − usual care, low − usual care).
   */
  pairedDifferenceRows(pairs?: ReadonlyArray<readonly [string, string]>): PairedDifferenceRow[] {
    const l = this.layout;
    if (!l) return [];
    const level = this.options.level ?? 0.95;
    const list: Array<readonly [string, string]> = pairs ? [...pairs] : [];
    if (!pairs) for (let i = 0; i < l.armNames.length; i++) for (let j = i + 1; j < l.armNames.length; j++) list.push([l.armNames[i], l.armNames[j]]);
    const a = new Float64Array(this.count);
    const b = new Float64Array(this.count);
    const rows: PairedDifferenceRow[] = [];
    for (const [armA, armB] of list) {
      const ka = l.armNames.indexOf(armA);
      const kb = l.armNames.indexOf(armB);
      if (ka < 0 || kb < 0) throw new ReplicateError(`unknown arm ${JSON.stringify(ka < 0 ? armA : armB)} in a pair; allowed: ${l.armNames.join(', ')}`);
      let cell = 0;
      for (const tick of l.ticks) {
        for (const group of l.groups) {
          for (const measure of l.measures) {
            this.gather(ka, cell, a);
            this.gather(kb, cell, b);
            cell++;
            const s = summarizePairedDifferences(a, b, level);
            if (s.n === 0 && !this.options.keepEmpty) continue;
            rows.push({ arm_a: armA, arm_b: armB, tick, group, measure, n: s.n, mean_diff: s.meanDiff, ci_low: s.ciLow, ci_high: s.ciHigh, cohens_d: s.cohensD });
          }
        }
      }
    }
    return rows;
  }
}

export interface ReplicateTables {
  readonly replicates: number;
  readonly summaries: ReplicateSummaryRow[];
  readonly differences: PairedDifferenceRow[];
}

/**
 * Summaries and paired differences over replicate results of one scenario (different seeds). Results are
 * consumed one at a time, so a generator that runs each replicate on demand keeps only one in memory.
 */
export function summarizeReplicates(
  results: Iterable<RunResult>,
  options: ReplicateSummaryOptions & { readonly pairs?: ReadonlyArray<readonly [string, string]> } = {},
): ReplicateTables {
  const acc = new ReplicateAccumulator(options);
  for (const r of results) acc.add(r);
  return { replicates: acc.replicates, summaries: acc.summaryRows(), differences: acc.pairedDifferenceRows(options.pairs) };
}
