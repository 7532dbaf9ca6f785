// The files of a comparative virtual trial (individual, cluster or paired-teams design): one row per simulated
// trial and outcome (tidy, long: R, pandas and spreadsheets filter by `outcome`), power per size (a power
// curve or the sizes a sample-size search tried), and a summary with the design, the per-size summaries and
// the sample size found. Part of output/; pure: it builds text, the CLI writes it.
import type { ComparativeTrialResult, OutcomeTest, ReplicateCosts } from '../trial/comparative-trial.js';
import type { SampleSizeResult } from '../trial/sample-size.js';
import type { TrialSizeDimension } from '../trial/trial-design.js';
import { csvLine } from './csv.js';
import { formatNumber } from './format-number.js';
import { sampleSizeJson } from './trial-files.js';

const num = (v: number) => formatNumber(v);

export const COMPARATIVE_REPLICATE_COLUMNS = [
  'n',
  'participants',
  'clusters',
  'replicate',
  'seed',
  'outcome',
  'role',
  'referred_intervention',
  'referred_control',
  'retained_intervention',
  'retained_control',
  'clusters_intervention',
  'clusters_control',
  'analysed_intervention',
  'analysed_control',
  'effect',
  'standard_error',
  'ci_low',
  'ci_high',
  'df',
  'p',
  'p_alternative',
  'p_permutation',
  'p_decisive',
  'significant',
  'icc',
  'design_effect',
  'reason',
  'cost_intervention',
  'cost_control',
  'incremental_cost',
  'incremental_cost_low',
  'incremental_cost_high',
  'change_intervention',
  'change_control',
  'incremental_effect',
  'incremental_effect_low',
  'incremental_effect_high',
  'icer',
  'icer_low',
  'icer_high',
] as const;

/** The cost columns of a replicate's primary row (empty on secondary rows and when the trial was not costed). */
function costCells(c: ReplicateCosts | undefined): string[] {
  if (!c) return Array.from({ length: 13 }, () => '');
  return [c.intervention.total, c.control.total, c.incrementalCost, c.costLow, c.costHigh, c.change1, c.change0, c.incrementalEffect, c.effectLow, c.effectHigh, c.icer, c.icerLow, c.icerHigh].map(num);
}

/** One evaluated size: the value of the varied dimension and the trial simulated there. */
export interface SizedTrial {
  readonly n: number;
  readonly trial: ComparativeTrialResult;
}

/** trial-replicates.csv of a comparative design: one row per simulated trial and outcome (primary first). */
export function buildComparativeReplicatesCsv(trials: readonly SizedTrial[], alpha: number): { text: string; rows: number } {
  const lines = [csvLine([...COMPARATIVE_REPLICATE_COLUMNS])];
  for (const { n, trial } of trials)
    for (const r of trial.replicates) {
      const row = (o: OutcomeTest, role: string) =>
        csvLine([
          String(n),
          String(trial.referrals),
          String(trial.agencies),
          String(r.replicate),
          String(r.seed),
          o.measure,
          role,
          String(r.referred1),
          String(r.referred0),
          String(r.retained1),
          String(r.retained0),
          String(r.clusters1),
          String(r.clusters0),
          String(o.n1),
          String(o.n0),
          num(o.effect),
          num(o.standardError),
          num(o.low),
          num(o.high),
          num(o.df),
          num(o.p),
          num(o.pAlternative),
          num(o.pPermutation),
          num(o.pDecisive),
          o.pDecisive < alpha ? 'true' : 'false',
          num(o.icc),
          num(o.designEffect),
          o.reason,
          ...costCells(role === 'primary' ? r.costs : undefined),
        ]);
      lines.push(row(r.primary, 'primary'));
      for (const s of r.secondary) lines.push(row(s, 'secondary'));
    }
  return { text: lines.join(''), rows: lines.length - 1 };
}

/** power-curve.csv of a comparative design: the primary outcome's power per evaluated size. */
export function buildComparativePowerCsv(trials: readonly SizedTrial[], dimension: TrialSizeDimension): { text: string; rows: number } {
  const lines = [
    csvLine(['n', 'dimension', 'participants', 'clusters', 'replicates', 'analysable', 'power', 'power_low', 'power_high', 'median_analysed', 'median_effect', 'median_icc', 'median_design_effect']),
  ];
  for (const { n, trial } of [...trials].sort((a, b) => a.n - b.n)) {
    const s = trial.summary;
    const p = s.outcomes[0];
    lines.push(
      csvLine([
        String(n),
        dimension,
        String(trial.referrals),
        String(trial.agencies),
        String(s.replicates),
        String(s.analysable),
        num(s.power),
        num(s.powerLow),
        num(s.powerHigh),
        num(s.analysed.median),
        num(p.effect.median),
        num(p.icc.median),
        num(p.designEffect.median),
      ]),
    );
  }
  return { text: lines.join(''), rows: lines.length - 1 };
}

export const ACCEPTABILITY_COLUMNS = [
  'n',
  'participants',
  'clusters',
  'willingness_to_pay',
  'currency',
  'probability_cost_effective',
  'net_benefit',
  'net_benefit_low',
  'net_benefit_high',
] as const;

/**
 * trial-acceptability.csv: per size simulated and willingness to pay λ (currency per unit of the primary outcome's
 * change), the share of simulated trials whose net benefit λ·ΔE − ΔC is positive, and the net benefit's mean with
 * its 2.5% and 97.5% points over the trials. Undefined when no size was costed.
 */
export function buildAcceptabilityCsv(trials: readonly SizedTrial[]): { text: string; rows: number } | undefined {
  const lines = [csvLine([...ACCEPTABILITY_COLUMNS])];
  for (const { n, trial } of [...trials].sort((a, b) => a.n - b.n)) {
    const c = trial.summary.costs;
    if (!c) continue;
    for (const p of c.acceptability)
      lines.push(csvLine([String(n), String(trial.referrals), String(trial.agencies), num(p.willingnessToPay), c.currency, num(p.probability), num(p.netBenefit), num(p.netBenefitLow), num(p.netBenefitHigh)]));
  }
  return lines.length > 1 ? { text: lines.join(''), rows: lines.length - 1 } : undefined;
}

/** trial-summary.json of a comparative design: the design once (as simulated at the first size; designSize: the file's own size along `dimension`), then per size the summary; the sample-size search when run. */
export function buildComparativeSummaryJson(trials: readonly SizedTrial[], dimension: TrialSizeDimension, search?: SampleSizeResult, designSize?: number): string {
  const first = trials[0].trial;
  return (
    JSON.stringify(
      {
        design: first.design,
        scenario: first.scenario,
        arm: first.arm,
        control: first.control,
        followUpTick: first.followUpTick,
        seed: first.seed,
        dimension,
        designSize: designSize ?? null,
        costs: first.summary.costs
          ? {
              currency: first.summary.costs.currency,
              priceYear: first.summary.costs.priceYear,
              serviceUseOffset: first.summary.costs.serviceUseOffset,
              priced: 'the worker time each analysed participant received between baseline and follow-up (worker_hours, peer_worker_hours, worker_contacts, peer_support_weeks) with the scenario\'s parameters.costs',
            }
          : null,
        results: [...trials].sort((a, b) => a.n - b.n).map(({ n, trial }) => ({ n, referrals: trial.referrals, agencies: trial.agencies, summary: trial.summary })),
        sampleSize: search ? sampleSizeJson(search) : null,
      },
      (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2,
    ) + '\n'
  );
}
