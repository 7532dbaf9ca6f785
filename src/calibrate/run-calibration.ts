// Run a calibration (MODEL.md §6–§7): approximate Bayesian computation of the free parameters against the
// targets, simulated on a pool of worker threads, kept generation by generation in the results folder
// (resumable), then a posterior predictive check and the output files. Stages are numbered below.
// Part of calibrate/ (Node only: it writes the folder).
import { join, relative, dirname, isAbsolute } from 'node:path';
import { canonicalJson, sha256Hex } from '../output/canonical-json.js';
import { writeFileAtomically } from '../output/write-folder.js';
import { readPackageInfo } from '../output/package-info.js';
import { SCENARIOS_DIR } from '../scenario/load.js';
import { createStream, deriveSeed } from '../rng/index.js';
import { runAbc, type AbcMethod, type AbcProgress, type Generation } from './abc.js';
import type { LoadedCalibration } from './load-calibration.js';
import { createStudyPool } from './calibrate-pool.js';
import { meanStatistics, type StudyContext } from './study-simulator.js';
import { inspectCalibrationFolder, startCalibrationFolder, writeGeneration } from './calibration-folder.js';
import {
  buildCalibratedScenario,
  buildFit,
  buildFitCsv,
  buildGenerationsCsv,
  buildParticlesCsv,
  buildPosteriorCsv,
  buildPredictiveChecks,
  buildPredictiveCsv,
  roundCalibrated,
  summarizePosterior,
  type FitRow,
  type PosteriorRow,
  type PredictiveChecks,
  type PredictiveDraw,
} from './calibration-outputs.js';

export interface CalibrationOptions {
  readonly loaded: LoadedCalibration;
  /** Results folder. */
  readonly out: string;
  readonly method: AbcMethod;
  readonly particles: number;
  readonly quantile: number;
  readonly generations: number;
  /** Simulated studies per particle (their statistics are averaged). */
  readonly replicates: number;
  readonly seed: number;
  /** Worker threads (0: in this thread). */
  readonly workers: number;
  /** Posterior predictive draws (each simulates `replicates` studies). */
  readonly predictive: number;
  /** Parameter sets simulated at the calibrated point, the posterior medians as calibrated-scenario.json gives them (each `replicates` studies; default: `predictive`). */
  readonly check?: number;
  readonly maxAttemptsPerParticle?: number;
  readonly force?: boolean;
  /** How the targets file is named in sources, e.g. scenarios/targets/cpi-pilot.json. */
  readonly targetsLabel: string;
  /** The calibration's date for sources (YYYY-MM-DD): passed in, since the library reads no clock for results. */
  readonly date: string;
  readonly commandLine?: string;
  readonly onProgress?: (progress: AbcProgress | { readonly predictive: number; readonly of: number }) => void;
}

export interface CalibrationSummary {
  readonly dir: string;
  /** "already complete": the folder held this calibration finished; nothing was run. */
  readonly status: 'done' | 'already complete';
  readonly resumedGenerations: number;
  readonly generations: readonly Generation[];
  readonly stopped?: string;
  readonly posterior: readonly PosteriorRow[];
  readonly fit: readonly FitRow[];
  readonly checks?: PredictiveChecks;
  /** The targets and the pilot's contrasts simulated at the calibrated point. */
  readonly calibratedFit: readonly FitRow[];
  readonly calibratedChecks?: PredictiveChecks;
  readonly simulated: number;
  readonly wallMs: number;
}

export const CALIBRATION_FORMAT = 'cpi-sim calibration, version 1';

/** calibration.json: what identifies a calibration (not the number of generations, which may be extended). */
export function buildCalibrationIdentity(options: CalibrationOptions): string {
  const { loaded } = options;
  const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== '$schema'));
  const doc = {
    format: CALIBRATION_FORMAT,
    scenario: { ref: loaded.scenarioRef, name: loaded.scenario.name, sha256: sha256Hex(canonicalJson(loaded.scenario.document)) },
    design: strip(loaded.design),
    targets: strip(loaded.targets),
    free: strip(loaded.free),
    method: options.method,
    particles: options.particles,
    quantile: options.quantile,
    replicates: options.replicates,
    seed: options.seed,
    maxAttemptsPerParticle: options.maxAttemptsPerParticle ?? 50,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The `extends` of the calibrated scenario: a shipped scenario's name, else a path relative to the folder. */
function extendsRef(loaded: LoadedCalibration, dir: string): string {
  const file = loaded.chain[loaded.chain.length - 1].file;
  if (dirname(file) === SCENARIOS_DIR) return loaded.scenario.name === file.slice(SCENARIOS_DIR.length + 1, -5) ? loaded.scenario.name : file;
  const rel = relative(dir, file);
  return isAbsolute(rel) ? file : rel;
}

export async function runCalibration(options: CalibrationOptions): Promise<CalibrationSummary> {
  const t0 = performance.now();
  const { loaded, out: dir } = options;
  const paths = loaded.free.parameters.map((p) => p.path);
  const targets = loaded.targets.targets;
  // 1. The folder: new, resumed, complete, or refused.
  const identity = buildCalibrationIdentity(options);
  const state = inspectCalibrationFolder(dir, identity, options.force === true);
  if (state.kind === 'complete') return { dir, status: 'already complete', resumedGenerations: 0, generations: [], posterior: [], fit: [], calibratedFit: [], simulated: 0, wallMs: performance.now() - t0 };
  if (state.kind === 'new') startCalibrationFolder(dir, identity);
  const total = options.method === 'rejection' ? 1 : options.generations;
  const resume = state.kind === 'resume' ? state.generations.slice(0, total) : [];

  const context: StudyContext = { chain: loaded.chain, design: loaded.design, targets, paths, replicates: options.replicates };
  const pool = createStudyPool(options.workers, context);
  let simulated = 0;
  try {
    // 2. ABC, each generation kept as it finishes.
    const result = await runAbc({
      method: options.method,
      priors: loaded.priors,
      observed: targets.map((t) => t.value),
      scales: targets.map((t) => t.scale),
      particles: options.particles,
      quantile: options.quantile,
      generations: total,
      maxAttemptsPerParticle: options.maxAttemptsPerParticle,
      seed: options.seed,
      resume,
      minBatch: Math.max(1, options.workers) * 4,
      simulate: async (proposals) => {
        simulated += proposals.length * options.replicates;
        const results = await pool.simulate(proposals.map((p) => ({ values: p.values, seed: p.seed })));
        return results.map(meanStatistics);
      },
      onGeneration: (g) => writeGeneration(dir, g),
      onProgress: options.onProgress,
    });
    const generations = result.generations;
    const last = generations[generations.length - 1];
    const posterior = summarizePosterior(last, paths, loaded.priors);

    // 3. Posterior predictive: draws by systematic resampling of the last generation, fresh seeds.
    const P = options.predictive;
    const u0 = createStream(deriveSeed(options.seed, 'calibration-predictive-draws')).next();
    const picks: number[] = [];
    let c = 0;
    let j = 0;
    for (let i = 0; i < P; i++) {
      const u = (u0 + i) / P;
      while (j < last.particles.length - 1 && c + last.particles[j].weight <= u) c += last.particles[j++].weight;
      picks.push(j);
    }
    const draws: PredictiveDraw[] = [];
    const batch = Math.max(1, options.workers) * 8;
    for (let i = 0; i < P; i += batch) {
      const chunk = picks.slice(i, i + batch);
      const results = await pool.simulate(chunk.map((p, k) => ({ values: last.particles[p].values, seed: deriveSeed(options.seed, 'calibration-predictive', i + k) })));
      simulated += chunk.length * options.replicates;
      results.forEach((studies, k) => draws.push({ particle: chunk[k], values: last.particles[chunk[k]].values, studies }));
      options.onProgress?.({ predictive: draws.length, of: P });
    }
    const fit = buildFit(draws, targets);
    const checks = buildPredictiveChecks(draws);

    // 4. The calibrated point: what the shipped scenario does (posterior medians, rounded as written).
    const point = posterior.map((r) => roundCalibrated(r.median));
    const C = options.check ?? P;
    const atPoint: PredictiveDraw[] = [];
    for (let i = 0; i < C; i += batch) {
      const n = Math.min(batch, C - i);
      const results = await pool.simulate(Array.from({ length: n }, (_, k) => ({ values: point, seed: deriveSeed(options.seed, 'calibration-check', i + k) })));
      simulated += n * options.replicates;
      results.forEach((studies) => atPoint.push({ particle: -1, values: point, studies }));
      options.onProgress?.({ predictive: atPoint.length, of: C });
    }
    const calibratedFit = buildFit(atPoint, targets);
    const calibratedChecks = buildPredictiveChecks(atPoint);

    // 5. Files; manifest.json last (it marks the folder complete).
    const files: Array<[string, string]> = [
      ['particles.csv', buildParticlesCsv(generations, paths, targets)],
      ['generations.csv', buildGenerationsCsv(generations)],
      ['posterior.csv', buildPosteriorCsv(posterior)],
      ['predictive.csv', buildPredictiveCsv(draws, paths, targets)],
      ['fit.csv', buildFitCsv(fit)],
      ['calibrated-fit.csv', buildFitCsv(calibratedFit)],
      ['checks.json', JSON.stringify({ posteriorPredictive: checks, calibrated: { values: Object.fromEntries(paths.map((p, j) => [p, point[j]])), ...calibratedChecks } }, null, 2) + '\n'],
      ['calibrated-scenario.json', buildCalibratedScenario({ name: loaded.scenario.name, extendsRef: extendsRef(loaded, dir), posterior, targetsLabel: options.targetsLabel, date: options.date })],
    ];
    for (const [name, text] of files) writeFileAtomically(join(dir, name), text, { force: true });
    const pkg = readPackageInfo();
    const manifest = {
      format: 'cpi-sim calibration manifest, version 1',
      package: { name: pkg.name, version: pkg.version },
      node: process.version,
      command: options.commandLine,
      scenario: loaded.scenarioRef,
      targets: options.targetsLabel,
      design: loaded.designFile,
      free: loaded.freeFile,
      method: options.method,
      particles: options.particles,
      quantile: options.quantile,
      generations: generations.length,
      generationsRequested: total,
      stopped: result.stopped ?? null,
      replicates: options.replicates,
      predictive: P,
      check: C,
      seed: options.seed,
      files: files.map(([name, text]) => ({ name, bytes: Buffer.byteLength(text), sha256: sha256Hex(text) })),
      run: { date: options.date, workers: options.workers, resumedGenerations: resume.length, simulatedStudies: simulated, wallMs: Math.round(performance.now() - t0) },
    };
    writeFileAtomically(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { force: true });
    return { dir, status: 'done', resumedGenerations: resume.length, generations, stopped: result.stopped, posterior, fit, checks, calibratedFit, calibratedChecks, simulated, wallMs: performance.now() - t0 };
  } finally {
    await pool.close();
  }
}
