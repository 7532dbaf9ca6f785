// Comparative virtual-trial folders for the chart and report tests, made with the CLI on the teaching scenario
// (barriers off against barriers on, small on purpose), then set by hand where a test needs known numbers:
// "priced" carries the cost-effectiveness outputs in the shape of the trial-costs interface (issue 16) with
// hand-set values and a sample-size search; "unpriced" is a folder from before trials were priced (no costs,
// no trial-acceptability.csv). Hand-set folders no longer match their manifests: read them with the library
// (readFolderChart, buildReportDocument), not the CLI, which verifies folders.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './results-folders.js';
import { csvLine } from '../../src/output/csv.js';
import { formatNumber } from '../../src/output/format-number.js';

export interface ComparativeFolders {
  /** A replicates run to report on. */
  readonly reps: string;
  /** An individual design at 20 and 40 participants, as `cpi-sim trial` wrote it. */
  readonly rct: string;
  /** The same with hand-set power, costs, acceptability and a search that chose 40. */
  readonly priced: string;
  /** The same without costs (an older folder). */
  readonly unpriced: string;
  /** A cluster design of 6 teams of 5, one size, as `cpi-sim trial` wrote it. */
  readonly cluster: string;
}

export const TEACHING_RCT = {
  name: 'teaching-rct',
  description: 'test: barriers off against barriers on, randomised by participant',
  scenario: 'teaching-barriers',
  arm: 'no-barriers',
  design: { type: 'individual', control: 'with-barriers' },
  referrals: 40,
  followUpTick: 13,
  seed: 7,
  set: { 'intake.referralRate': 1000 },
  retention: { expected: 0.8, method: 'fixed-count' },
  outcome: { measure: 'active_barriers', analysis: 'ancova' },
  secondary: [{ measure: 'new_ties' }],
};

export const TEACHING_CLUSTER = {
  ...TEACHING_RCT,
  name: 'teaching-cluster',
  description: 'test: barriers off against barriers on, randomised by team',
  design: { type: 'cluster', control: 'with-barriers', clusters: 6, perCluster: 5 },
  referrals: undefined,
  secondary: undefined,
};

/** λ of the hand-set acceptability curves: 31 points from 0 to 3 × the ICER, as the trial's default grid. */
export const PRICED_ICER = 1934;
const lambda = (i: number) => (3 * PRICED_ICER * i) / 30;
/** The hand-set probability at λ, rising to 0.99 (P(ΔE > 0)); the larger trial's curve is steeper. */
const probability = (n: number, w: number) => Math.round((0.99 / (1 + Math.exp(-((w - PRICED_ICER) / (n === 40 ? 400 : 800))))) * 1000) / 1000;
/** Hand-set power per size, for power-curve.csv and trial-summary.json alike. */
export const PRICED_POWER: Readonly<Record<number, readonly [number, number, number]>> = { 20: [0.55, 0.4, 0.7], 40: [0.85, 0.72, 0.93] };

/** results[i].summary.costs at size n, in the interface's shape. */
export function pricedCosts(n: number): Record<string, unknown> {
  return {
    currency: 'GBP',
    priceYear: 2023,
    measure: 'active_barriers',
    effect: 'change in active_barriers from baseline to follow-up; intervention mean minus control mean',
    serviceUseOffset: false,
    perParticipant: [
      { arm: 'no-barriers', mean: 812.3 + n, staff: 500.1, peer: 12.5, overheads: 187.5 + n, contacts: 112.2 },
      { arm: 'with-barriers', mean: 0, staff: 0, peer: 0, overheads: 0, contacts: 0 },
    ],
    incrementalCost: { n: 6, mean: 812.3 + n, median: 810, low: 700, high: 900 },
    incrementalEffect: { n: 6, mean: 0.42, median: 0.41, low: 0.05, high: 0.8 },
    icer: PRICED_ICER,
    probabilityEffectPositive: 0.99,
    probabilityCostSaving: 0,
    bootstrap: {
      replicates: 1000,
      resampled: 'participants',
      incrementalCostInterval: { low: 720, high: 905 },
      incrementalEffectInterval: { low: 0.1, high: 0.75 },
      icerInterval: { low: 1100 + n, high: 8100 },
      icerIntervalDefined: 0.85,
    },
    acceptability: Array.from({ length: 31 }, (_, i) => ({ willingnessToPay: lambda(i), probability: probability(n, lambda(i)), netBenefit: 0.42 * lambda(i) - 812.3, netBenefitLow: -900, netBenefitHigh: 0.8 * lambda(i) - 700 })),
  };
}


const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Make the folders under `root` (about 10 s on one core). */
export async function makeComparativeFolders(root: string): Promise<ComparativeFolders> {
  const f: ComparativeFolders = { reps: join(root, 'reps'), rct: join(root, 'rct'), priced: join(root, 'priced'), unpriced: join(root, 'unpriced'), cluster: join(root, 'cluster') };
  writeFileSync(join(root, 'teaching-rct.json'), JSON.stringify(TEACHING_RCT, null, 2));
  writeFileSync(join(root, 'teaching-cluster.json'), JSON.stringify(TEACHING_CLUSTER, null, 2));
  await cli(root, ['run', 'teaching-barriers', '--ticks', '4', '--replicates', '2', '--workers', '0', '--out', f.reps, '--quiet']);
  await cli(root, ['trial', 'teaching-rct.json', '--replicates', '6', '--n', '20,40', '--workers', '0', '--out', f.rct, '--quiet']);
  await cli(root, ['trial', 'teaching-cluster.json', '--replicates', '6', '--workers', '0', '--out', f.cluster, '--quiet']);

  // Priced: hand-set power (summary and power-curve.csv), costs per size, a search that chose 40, the acceptability table.
  cpSync(f.rct, f.priced, { recursive: true });
  const summary = readJson(join(f.priced, 'trial-summary.json'));
  for (const r of summary.results) {
    const [power, low, high] = PRICED_POWER[r.n as number];
    Object.assign(r.summary, { power, powerLow: low, powerHigh: high, costs: pricedCosts(r.n) });
  }
  summary.costs = { currency: 'GBP', priceYear: 2023, serviceUseOffset: false, source: 'approximate unit costs of the PSSRU 2023 volume' };
  summary.sampleSize = {
    target: 0.8,
    dimension: 'participants',
    size: 40,
    power: 0.85,
    powerLow: 0.72,
    powerHigh: 0.93,
    participants: 40,
    clusters: 0,
    replicates: 6,
    plausibleLow: 20,
    plausibleHigh: null,
    maxSize: 160,
    evaluated: summary.results.map((r: { n: number }) => ({ size: r.n, participants: r.n, clusters: 0, power: PRICED_POWER[r.n][0], powerLow: PRICED_POWER[r.n][1], powerHigh: PRICED_POWER[r.n][2] })),
  };
  writeFileSync(join(f.priced, 'trial-summary.json'), JSON.stringify(summary, null, 2));
  const curve = readFileSync(join(f.priced, 'power-curve.csv'), 'utf8').trimEnd().split('\n');
  const cols = curve[0].split(',');
  writeFileSync(
    join(f.priced, 'power-curve.csv'),
    [curve[0], ...curve.slice(1).map((line) => {
      const cells = line.split(',');
      const [power, low, high] = PRICED_POWER[Number(cells[0])];
      cells[cols.indexOf('power')] = String(power);
      cells[cols.indexOf('power_low')] = String(low);
      cells[cols.indexOf('power_high')] = String(high);
      return cells.join(',');
    })].join('\n') + '\n',
  );
  const header = ['n', 'participants', 'clusters', 'willingness_to_pay', 'currency', 'probability_cost_effective', 'net_benefit', 'net_benefit_low', 'net_benefit_high'];
  const rows = summary.results.flatMap((r: { n: number; agencies: number; summary: { costs: { acceptability: Array<Record<string, number>> } } }) =>
    r.summary.costs.acceptability.map((a) =>
      csvLine([String(r.n), String(r.n), String(r.agencies), formatNumber(a.willingnessToPay), 'GBP', formatNumber(a.probability), formatNumber(a.netBenefit), formatNumber(a.netBenefitLow), formatNumber(a.netBenefitHigh)]),
    ),
  );
  writeFileSync(join(f.priced, 'trial-acceptability.csv'), csvLine(header) + rows.join(''));

  // Unpriced: as a folder from before trials were priced.
  cpSync(f.rct, f.unpriced, { recursive: true });
  const old = readJson(join(f.unpriced, 'trial-summary.json'));
  for (const r of old.results) delete r.summary.costs;
  delete old.costs;
  writeFileSync(join(f.unpriced, 'trial-summary.json'), JSON.stringify(old, null, 2));
  if (existsSync(join(f.unpriced, 'trial-acceptability.csv'))) rmSync(join(f.unpriced, 'trial-acceptability.csv'));
  return f;
}
