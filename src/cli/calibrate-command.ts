// `cpi-sim calibrate <scenario> --targets FILE --free FILE`: fit the free parameters to published figures by
// approximate Bayesian computation (rejection or SMC), on a pool of worker threads, resumable, and write the
// posterior, the per-target fit and a calibrated scenario. Part of cli/: parse, call the library
// (src/calibrate), print.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ABC_METHODS, minimumParticles, type AbcMethod, type AbcProgress } from '../calibrate/abc.js';
import { loadCalibration } from '../calibrate/load-calibration.js';
import { runCalibration } from '../calibrate/run-calibration.js';
import { availableParallelism } from 'node:os';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { resolveScenarioRef } from './scenario-ref.js';
import { formatDuration } from './progress.js';
import { estimateCalibrationResources } from '../calibrate/calibration-estimate.js';
import { checkResources, fmtCount } from '../engine/resource-estimate.js';
import { describePreflight, resourceLimits } from './memory-limit.js';

export interface CalibrateArgs {
  readonly scenario: string;
  readonly targets: string;
  readonly free: string;
  readonly method?: string;
  readonly particles?: string;
  readonly generations?: string;
  readonly replicates?: string;
  readonly quantile?: string;
  readonly predictive?: string;
  readonly check?: string;
  readonly workers?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
  readonly memoryLimit?: string;
}

/** Most particles, predictive draws and checks: every one is kept in memory, and SMC weighs each new particle against every old one. */
export const MAX_PARTICLES = 1_000_000;

const wholeNumber = (flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new CliUsageError(`${flag} ${text}: expected a whole number ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max.toLocaleString('en')}` : `of at least ${min}`}`);
  return v;
};

/** A calibration's progress: a generation's (AbcProgress), or the predictive draws' and checks'. */
export type CalibrationProgress = AbcProgress | { readonly predictive: number; readonly of: number };

/**
 * The share of its stage a progress report has done: generation 0's prior draws simulated (of
 * particles / quantile), a later generation's particles accepted, the checks' parameter sets simulated. A
 * stage's time left is read from it; the whole calibration's is not known ahead (SMC's acceptance is not).
 */
export function calibrationStageShare(p: CalibrationProgress, quantile: number): number {
  if ('predictive' in p) return p.of > 0 ? p.predictive / p.of : 1;
  if (p.generation === 0) return p.simulated / Math.ceil(p.particles / quantile);
  return p.particles > 0 ? p.accepted / p.particles : 1;
}

export async function calibrateCommand(args: CalibrateArgs, io: CliIO, argv: readonly string[], today: () => string = () => new Date().toISOString().slice(0, 10)): Promise<number> {
  // 1. Options.
  const method = (args.method ?? 'smc') as AbcMethod;
  if (!ABC_METHODS.includes(method)) throw new CliUsageError(`--method ${args.method}: expected one of ${ABC_METHODS.join(', ')}`);
  const particles = args.particles === undefined ? 200 : wholeNumber('--particles', args.particles, 2, MAX_PARTICLES);
  const generations = args.generations === undefined ? 5 : wholeNumber('--generations', args.generations, 1, 1000);
  const replicates = args.replicates === undefined ? 1 : wholeNumber('--replicates', args.replicates, 1, 100_000);
  const quantile = args.quantile === undefined ? (method === 'rejection' ? 0.1 : 0.5) : Number(args.quantile);
  if (!(quantile > 0 && quantile <= 1)) throw new CliUsageError(`--quantile ${args.quantile}: expected a number in (0, 1]`);
  const predictive = args.predictive === undefined ? particles : wholeNumber('--predictive', args.predictive, 1, MAX_PARTICLES);
  const check = args.check === undefined ? predictive : wholeNumber('--check', args.check, 1, MAX_PARTICLES);
  const workers = args.workers === undefined ? availableParallelism() : wholeNumber('--workers', args.workers, 0, 1024);
  const limits = resourceLimits(args.memoryLimit);
  // 2. Inputs (CalibrationError, ScenarioError and TrialError name the file, field, value and what is allowed).
  const loaded = loadCalibration(resolveScenarioRef(args.scenario, io.cwd), args.targets, args.free, io.cwd);
  // SMC perturbs by the particles' covariance, which is singular with fewer than (free parameters + 2) particles.
  const minParticles = minimumParticles(method, generations, loaded.priors.length);
  if (particles < minParticles)
    throw new CliUsageError(
      `--particles ${particles}: too few for ${loaded.priors.length} free parameters (${loaded.freeFile}); SMC needs at least free parameters + 2 = ${minParticles} particles to estimate its perturbation covariance; allowed: --particles ${minParticles} or more (or --method rejection, or --generations 1)`,
    );
  const seed = args.seed === undefined ? loaded.scenario.seed : wholeNumber('--seed', args.seed, 0);
  // The pre-flight: particles, draws and one study per worker, before the folder or a worker is made.
  const estimate = estimateCalibrationResources(loaded, { method, particles, quantile, generations, replicates, predictive, check, workers });
  checkResources(estimate, limits, {
    what: `a calibration with ${fmtCount(particles)} particles`,
    source: 'command line',
    advice: 'use fewer --particles, --predictive or --check, a larger --quantile, or fewer --workers',
  });
  if (!args.quiet) io.stderr(describePreflight(estimate, limits, workers));
  const out = resolve(io.cwd, args.out ?? join('results', `calibration-${loaded.targets.name}`));
  const rel = relative(io.cwd, loaded.targetsFile);
  const targetsLabel = isAbsolute(rel) || rel.startsWith('..') ? loaded.targetsFile : rel.split('\\').join('/');
  // 3. Calibrate.
  const tty = io.stderrIsTTY && !args.quiet;
  const t0 = performance.now();
  // A stage (a generation, the predictive draws, the checks) is timed from the report before its first.
  let stage = '';
  let stageComplete = false;
  let stageStart = t0;
  let lastReport = t0;
  let width = 0;
  const summary = await runCalibration({
    loaded,
    out,
    method,
    particles,
    quantile,
    generations,
    replicates,
    seed,
    workers,
    predictive,
    check,
    force: args.force,
    targetsLabel,
    date: today(),
    commandLine: formatCommandLine('cpi-sim', argv),
    onProgress: (p) => {
      if (!tty) return;
      const now = performance.now();
      const key = 'predictive' in p ? 'checks' : `generation ${p.generation}`;
      const share = calibrationStageShare(p, quantile);
      // The predictive draws and the checks at the posterior medians report alike: the one after a complete one is new.
      if (key !== stage || stageComplete) stageStart = lastReport;
      stage = key;
      stageComplete = share >= 1;
      lastReport = now;
      const secondsLeft = share > 0 ? (((now - stageStart) / 1000) * (1 - share)) / share : NaN;
      const left = Number.isFinite(secondsLeft) ? `, about ${formatDuration(secondsLeft)} left in this ${'predictive' in p ? 'stage' : 'generation'}` : '';
      const secs = `${formatDuration((now - t0) / 1000)}${left}`;
      const line =
        'predictive' in p
          ? `  checks: ${p.predictive}/${p.of} parameter sets  ${secs}`
          : `  generation ${p.generation}: ${p.accepted}/${p.particles} accepted, ${p.simulated} simulated, ε ${Number.isFinite(p.epsilon) ? p.epsilon.toFixed(3) : '—'}  ${secs}`;
      io.stderr(`\r${line}${' '.repeat(Math.max(0, width - line.length))}`);
      width = Math.max(width, line.length);
    },
  });
  if (tty && width > 0) io.stderr(`\r${' '.repeat(width)}\r`);
  // 4. Summary.
  if (summary.status === 'already complete') {
    if (!args.quiet) io.stdout(`${out} already holds this calibration, complete; add --force to run it again.\n`);
    return 0;
  }
  if (args.quiet) return 0;
  const f = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toString() : '—');
  const lines = [`Calibration of ${loaded.scenario.name} to ${targetsLabel} (${method}, ${particles} particles, ${replicates} replicate${replicates > 1 ? 's' : ''} each, seed ${seed})`];
  if (summary.resumedGenerations) lines.push(`  resumed after ${summary.resumedGenerations} complete generation${summary.resumedGenerations > 1 ? 's' : ''}`);
  for (const g of summary.generations) lines.push(`  generation ${g.generation}: ε ${f(g.epsilon)}, acceptance ${f(g.acceptance, 2)}, ESS ${f(g.ess)}`);
  if (summary.stopped) lines.push(`  stopped early: ${summary.stopped}`);
  lines.push('', '  parameter                        median   95% interval            prior');
  for (const r of summary.posterior) lines.push(`  ${r.path.padEnd(32)} ${f(r.median).padStart(7)}   [${f(r.q025)}, ${f(r.q975)}]`.padEnd(67) + ` ${r.prior.distribution} [${r.prior.low}, ${r.prior.high}]`);
  lines.push('', '  target                           published  posterior predictive [95%]   at the posterior medians [95%]');
  summary.fit.forEach((r, k) => {
    const c = summary.calibratedFit[k];
    const cell = (x: typeof r) => `${f(x.median)} [${f(x.q025)}, ${f(x.q975)}]${x.within95 ? '' : ' (published outside)'}`;
    lines.push(`  ${r.target.name.padEnd(32)} ${f(r.target.value).padStart(9)}  ${cell(r).padEnd(27)}  ${cell(c)}`);
  });
  const contrast = (label: string, c: NonNullable<typeof summary.checks>) =>
    `  ${label}: median partial η² ${f(c.partialEtaSquared.median)}, p < .05 in ${f(100 * c.shareTrialP05, 3)}%, wellbeing p < .001 in ${f(100 * c.shareWellbeingP001, 3)}% of ${c.studies} simulated pilots`;
  if (summary.checks) lines.push('', contrast('posterior predictive', summary.checks));
  if (summary.calibratedChecks) lines.push(contrast('at the posterior medians', summary.calibratedChecks));
  lines.push('', `Wrote ${out}/: particles.csv, generations.csv, posterior.csv, predictive.csv, fit.csv, calibrated-fit.csv, checks.json, calibrated-scenario.json, manifest.json (${formatDuration(summary.wallMs / 1000)}, ${summary.simulated} simulated studies)`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
