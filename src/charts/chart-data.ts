// The row types the chart builders read, beside the ones analysis/ and trial/ already define
// (ReplicateSummaryRow, PairedDifferenceRow, SensitivityRow, PowerCurvePoint): a plain run's series.csv
// row and a virtual trial's trial-replicates.csv row, as the results readers give them. Part of charts/;
// types and a tiny helper only, browser-safe.

/** One row of a plain run's series.csv: a group measure at one tick. */
export interface SeriesRow {
  readonly arm: string;
  readonly tick: number;
  readonly group: string;
  readonly measure: string;
  readonly value: number;
}

/** One simulated study of trial-replicates.csv (the columns the charts use). */
export interface TrialReplicateRow {
  /** Referrals of the trial (one value per point of a power curve). */
  readonly n: number;
  readonly replicate: number;
  readonly analysable: boolean;
  readonly effect: number;
  readonly p: number;
  readonly partial_eta_squared: number;
  readonly cohens_d: number;
}

/** The trial statistics an effect-size chart can show, in the column names of trial-replicates.csv. */
export const TRIAL_STATISTICS = ['partial_eta_squared', 'p', 'effect', 'cohens_d'] as const;
export type TrialStatistic = (typeof TRIAL_STATISTICS)[number];

/** Spec data carry no NaN or infinities: JSON has no spelling for them, so they become null (missing). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
