// The files a finished calibration writes, built from its generations and its posterior predictive draws:
// particles.csv (every generation's accepted particles, tidy), generations.csv (tolerance, attempts,
// acceptance, effective sample size), posterior.csv (weighted mean, SD, median, 90% and 95% intervals per
// parameter), predictive.csv and fit.csv (each target: published against the simulated posterior predictive
// median and intervals), and calibrated-scenario.json (the scenario extended with the posterior medians).
// Part of calibrate/: pure builders of text.
import { csvLine } from '../output/csv.js';
import { formatNumber } from '../output/format-number.js';
import { quantileSorted } from '../analysis/stats.js';
import { summarizeWeighted, type Generation, type Prior, type WeightedSummary } from './abc.js';
import type { CalibrationTarget } from './targets-file.js';
import type { StudyMeasurement } from './study-statistics.js';

const n = formatNumber;

export function buildParticlesCsv(generations: readonly Generation[], paths: readonly string[], targets: readonly CalibrationTarget[]): string {
  let text = csvLine(['generation', 'particle', 'attempt', 'weight', 'distance', ...paths, ...targets.map((t) => t.name)]);
  for (const g of generations)
    g.particles.forEach((p, i) => (text += csvLine([String(g.generation), String(i), String(p.attempt), n(p.weight), n(p.distance), ...p.values.map(n), ...p.stats.map(n)])));
  return text;
}

export function buildGenerationsCsv(generations: readonly Generation[]): string {
  let text = csvLine(['generation', 'epsilon', 'particles', 'attempts', 'simulated', 'acceptance', 'ess']);
  for (const g of generations) text += csvLine([String(g.generation), n(g.epsilon), String(g.particles.length), String(g.attempts), String(g.simulated), n(g.acceptance), n(g.ess)]);
  return text;
}

export interface PosteriorRow extends WeightedSummary {
  readonly path: string;
  readonly prior: Prior;
}

/** The last generation's weighted summaries, one per parameter. */
export function summarizePosterior(last: Generation, paths: readonly string[], priors: readonly Prior[]): PosteriorRow[] {
  const w = last.particles.map((p) => p.weight);
  return paths.map((path, j) => ({ path, prior: priors[j], ...summarizeWeighted(last.particles.map((p) => p.values[j]), w) }));
}

export function buildPosteriorCsv(rows: readonly PosteriorRow[]): string {
  let text = csvLine(['parameter', 'prior', 'prior_low', 'prior_high', 'mean', 'sd', 'median', 'q025', 'q05', 'q95', 'q975']);
  for (const r of rows) text += csvLine([r.path, r.prior.distribution, n(r.prior.low), n(r.prior.high), n(r.mean), n(r.sd), n(r.median), n(r.q025), n(r.q05), n(r.q95), n(r.q975)]);
  return text;
}

/** One posterior predictive draw: the particle it came from and its simulated studies. */
export interface PredictiveDraw {
  readonly particle: number;
  readonly values: readonly number[];
  readonly studies: readonly StudyMeasurement[];
}

export function buildPredictiveCsv(draws: readonly PredictiveDraw[], paths: readonly string[], targets: readonly CalibrationTarget[]): string {
  let text = csvLine(['draw', 'particle', 'replicate', ...paths, ...targets.map((t) => t.name), 'trial_p', 'partial_eta_squared', 'wellbeing_p']);
  draws.forEach((d, i) =>
    d.studies.forEach((s, r) => (text += csvLine([String(i), String(d.particle), String(r), ...d.values.map(n), ...s.stats.map(n), n(s.trialP), n(s.partialEtaSquared), n(s.wellbeingP)]))),
  );
  return text;
}

export interface Interval {
  readonly n: number;
  readonly median: number;
  readonly q025: number;
  readonly q05: number;
  readonly q95: number;
  readonly q975: number;
}

export function interval(values: readonly number[]): Interval {
  const s = Float64Array.from(values.filter((v) => v === v)).sort();
  return { n: s.length, median: quantileSorted(s, 0.5), q025: quantileSorted(s, 0.025), q05: quantileSorted(s, 0.05), q95: quantileSorted(s, 0.95), q975: quantileSorted(s, 0.975) };
}

export interface FitRow extends Interval {
  readonly target: CalibrationTarget;
  /** (median − published) / scale. */
  readonly z: number;
  /** The published figure lies within the central 95% of the posterior predictive. */
  readonly within95: boolean;
}

/** Each target: the posterior predictive distribution of its statistic over every simulated study. */
export function buildFit(draws: readonly PredictiveDraw[], targets: readonly CalibrationTarget[]): FitRow[] {
  return targets.map((t, k) => {
    const iv = interval(draws.flatMap((d) => d.studies.map((s) => s.stats[k])));
    return { target: t, ...iv, z: (iv.median - t.value) / t.scale, within95: t.value >= iv.q025 && t.value <= iv.q975 };
  });
}

export function buildFitCsv(rows: readonly FitRow[]): string {
  let text = csvLine(['target', 'published', 'scale', 'statistic', 'studies', 'median', 'q025', 'q05', 'q95', 'q975', 'z', 'within_95', 'source']);
  for (const r of rows)
    text += csvLine([r.target.name, n(r.target.value), n(r.target.scale), JSON.stringify(r.target.statistic), String(r.n), n(r.median), n(r.q025), n(r.q05), n(r.q95), n(r.q975), n(r.z), String(r.within95), r.target.source]);
  return text;
}

/** The pilot's contrasts in the posterior predictive: how often a simulated pilot finds what the real one did. */
export interface PredictiveChecks {
  readonly studies: number;
  /** Share of simulated studies with ANCOVA p < 0.05 (a study that cannot be analysed finds nothing). */
  readonly shareTrialP05: number;
  readonly partialEtaSquared: Interval;
  /** Share with the paired wellbeing test p < .001. */
  readonly shareWellbeingP001: number;
}

export function buildPredictiveChecks(draws: readonly PredictiveDraw[]): PredictiveChecks {
  const studies = draws.flatMap((d) => d.studies);
  const N = studies.length;
  return {
    studies: N,
    shareTrialP05: studies.filter((s) => s.trialP < 0.05).length / N,
    partialEtaSquared: interval(studies.map((s) => s.partialEtaSquared)),
    shareWellbeingP001: studies.filter((s) => s.wellbeingP < 0.001).length / N,
  };
}

/** A value with 4 significant digits, for the calibrated scenario (the posterior is not known more precisely). */
export const roundCalibrated = (v: number): number => Number(v.toPrecision(4));

/**
 * calibrated-scenario.json: `extends` the calibrated scenario and sets each free parameter to its posterior
 * median, with the source "calibrated: <targets>, <date>".
 */
export function buildCalibratedScenario(options: {
  readonly name: string;
  readonly extendsRef: string;
  readonly posterior: readonly PosteriorRow[];
  readonly targetsLabel: string;
  readonly date: string;
}): string {
  const parameters: Record<string, unknown> = {};
  for (const r of options.posterior) {
    const keys = r.path.split('.');
    let node = parameters;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = { value: roundCalibrated(r.median), source: `calibrated: ${options.targetsLabel}, ${options.date}` };
  }
  const doc = {
    name: `${options.name}-calibrated`,
    title: `${options.name}, calibrated to ${options.targetsLabel}`,
    description: `The scenario ${options.name} with its free parameters set to their posterior medians (approximate Bayesian computation against ${options.targetsLabel}, ${options.date}).`,
    extends: options.extendsRef,
    parameters,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
