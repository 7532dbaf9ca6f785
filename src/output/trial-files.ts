// The files of a virtual trial: one row per simulated trial (and per n for a power curve), the power
// curve, and a summary with the design and the published figures beside the simulated ones. Part of
// output/; pure: it builds text, the CLI writes it.
import type { VirtualTrialResult } from '../trial/virtual-trial.js';
import type { PowerCurve } from '../trial/power-curve.js';
import type { SampleSizeResult } from '../trial/sample-size.js';
import { csvLine } from './csv.js';
import { formatNumber } from './format-number.js';

const REPLICATE_COLUMNS = [
  'n',
  'replicate',
  'seed',
  'referred',
  'retained',
  'analysed',
  'high',
  'low',
  'analysable',
  'reason',
  'effect',
  'f',
  'p',
  'partial_eta_squared',
  'cohens_d',
  'significant',
  'wellbeing_change',
  'wellbeing_p',
] as const;

const num = (v: number) => formatNumber(v);

/** trial-replicates.csv: one row per simulated trial, for every n simulated. */
export function buildTrialReplicatesCsv(trials: readonly VirtualTrialResult[]): { text: string; rows: number } {
  const lines = [csvLine([...REPLICATE_COLUMNS])];
  for (const t of trials)
    for (const r of t.replicates)
      lines.push(
        csvLine([
          String(t.referrals),
          String(r.replicate),
          String(r.seed),
          String(r.referred),
          String(r.retained),
          String(r.analysed),
          String(r.high),
          String(r.low),
          r.analysable ? 'true' : 'false',
          r.reason ?? '',
          num(r.effect),
          num(r.f),
          num(r.p),
          num(r.partialEtaSquared),
          num(r.cohensD),
          r.significant ? 'true' : 'false',
          num(r.wellbeingChange),
          num(r.wellbeingP),
        ]),
      );
  return { text: lines.join(''), rows: lines.length - 1 };
}

/** power-curve.csv: power and its exact interval per number of referrals. */
export function buildPowerCurveCsv(curve: PowerCurve): { text: string; rows: number } {
  const lines = [csvLine(['n', 'replicates', 'analysable', 'power', 'power_low', 'power_high', 'median_analysed', 'median_partial_eta_squared'])];
  for (const p of curve.points)
    lines.push(csvLine([String(p.n), String(p.replicates), String(p.analysable), num(p.power), num(p.powerLow), num(p.powerHigh), num(p.medianAnalysed), num(p.medianPartialEtaSquared)]));
  return { text: lines.join(''), rows: lines.length - 1 };
}

/** trial-summary.json: per n, the summary, with the design (and its published figures) once; the sample-size search when run. */
export function buildTrialSummaryJson(trials: readonly VirtualTrialResult[], curve?: PowerCurve, search?: SampleSizeResult): string {
  const first = trials[0];
  return (
    JSON.stringify(
      {
      design: first.design,
      scenario: first.scenario,
      arm: first.arm,
      followUpTick: first.followUpTick,
      highCutoff: first.highCutoff,
      seed: first.seed,
      results: trials.map((t) => ({ referrals: t.referrals, summary: t.summary })),
      powerCurve: curve ? { target: curve.target, smallestN: curve.smallestN ?? null, interpolatedN: curve.interpolatedN ?? null } : null,
      sampleSize: search ? sampleSizeJson(search) : null,
      },
      (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2,
    ) + '\n'
  );
}

/** The sample-size search as trial-summary.json gives it (both kinds of design). */
export function sampleSizeJson(search: SampleSizeResult): Record<string, unknown> {
  return {
    target: search.target,
    dimension: search.dimension,
    size: search.size ?? null,
    power: search.at?.power ?? null,
    powerLow: search.at?.powerLow ?? null,
    powerHigh: search.at?.powerHigh ?? null,
    participants: search.at?.participants ?? null,
    clusters: search.at?.clusters ?? null,
    replicates: search.at?.replicates ?? null,
    plausibleLow: search.plausibleLow ?? null,
    plausibleHigh: search.plausibleHigh ?? null,
    maxSize: search.maxSize,
    evaluated: search.points.map((p) => ({ size: p.size, participants: p.participants, clusters: p.clusters, power: p.power, powerLow: p.powerLow, powerHigh: p.powerHigh })),
  };
}
