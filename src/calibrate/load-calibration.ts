// Load a calibration's inputs from disk: the scenario (a path or a shipped name), the targets file, the trial
// design it names (a path beside it or a shipped design) and the free-parameters file; check every free path
// against the scenario (a real-valued parameter, the prior inside its declared range) and every statistic
// against the design (groups that exist, ticks up to follow-up). Part of calibrate/ (Node only: it reads
// files). Problems are CalibrationErrors naming the file, the field, the value and what is allowed.
import { dirname, resolve } from 'node:path';
import { compileScenario, resolveParameterPath, type Scenario, type ScenarioSource } from '../scenario/compile.js';
import { readScenarioChain } from '../scenario/load.js';
import { readInputFile } from '../scenario/read-input-file.js';
import { locateTrialDesign } from '../trial/load-trial-design.js';
import { parseTrialDesign, type TrialDesign } from '../trial/trial-design.js';
import { compileTrialScenario } from '../trial/virtual-trial.js';
import { CalibrationError, type CalibrationIssue } from './calibration-error.js';
import { parseTargetsFile, type TargetsFile } from './targets-file.js';
import { parseFreeParametersFile, type FreeParametersFile } from './free-parameters-file.js';
import type { Prior } from './abc.js';

export interface LoadedCalibration {
  readonly scenarioRef: string;
  readonly chain: ScenarioSource[];
  readonly scenario: Scenario;
  readonly targetsFile: string;
  readonly targets: TargetsFile;
  readonly designFile: string;
  readonly design: TrialDesign;
  readonly freeFile: string;
  readonly free: FreeParametersFile;
  readonly priors: Prior[];
}

function readJson(file: string, what: string): unknown {
  return readInputFile(file, { what, fail: (message) => new CalibrationError(file, message, what) });
}

/** The declared range of a parameter in the compiled scenario's document. */
function declaredRange(scenario: Scenario, leafPath: string): [number, number] | undefined {
  let node: unknown = (scenario.document as { parameters: unknown }).parameters;
  for (const k of leafPath.split('.')) node = (node as Record<string, unknown> | undefined)?.[k];
  const range = (node as { range?: unknown } | undefined)?.range;
  return Array.isArray(range) && range.length === 2 ? [Number(range[0]), Number(range[1])] : undefined;
}

/** Check the free parameters against the scenario; returns the priors. */
export function checkFreeParameters(free: FreeParametersFile, file: string, scenario: Scenario): Prior[] {
  const issues: CalibrationIssue[] = [];
  free.parameters.forEach((p, i) => {
    const resolved = resolveParameterPath(p.path);
    if ('error' in resolved) return void issues.push({ path: `parameters.${i}.path`, message: resolved.error });
    if (resolved.leaf.kind !== 'number' || resolved.leaf.integer || resolved.effectKey !== undefined)
      return void issues.push({ path: `parameters.${i}.path`, message: `"${p.path}" is not allowed; expected a real-valued parameter (not an integer, a switch, a choice or an effect)` });
    const range = declaredRange(scenario, resolved.leafPath);
    if (range && (p.prior.low < range[0] || p.prior.high > range[1]))
      issues.push({ path: `parameters.${i}.prior`, message: `[${p.prior.low}, ${p.prior.high}] is not allowed; the prior must lie within ${p.path}'s declared range [${range[0]}, ${range[1]}]` });
  });
  if (issues.length) throw new CalibrationError(file, issues, 'free parameters file');
  return free.parameters.map((p) => ({ distribution: p.prior.distribution, low: p.prior.low, high: p.prior.high }));
}

/** Check the targets' statistics against the design's scenario: groups that exist, ticks up to follow-up. */
export function checkTargets(targets: TargetsFile, file: string, design: TrialDesign, chain: readonly ScenarioSource[]): void {
  const scenario = compileTrialScenario(design, chain);
  const agencies = scenario.params.agencies.count;
  const width = Math.max(2, String(agencies).length);
  const groups = new Set(['all', 'fidelity-low', 'fidelity-moderate', 'fidelity-high', ...Array.from({ length: agencies }, (_, a) => `agency-${String(a + 1).padStart(width, '0')}`)]);
  const issues: CalibrationIssue[] = [];
  targets.targets.forEach((t, i) => {
    const s = t.statistic;
    if (s.type === 'group-measure' || s.type === 'group-ratio') {
      if (!groups.has(s.group)) issues.push({ path: `targets.${i}.statistic.group`, message: `"${s.group}" is not allowed; the design's scenario has the groups all, agency-${'0'.repeat(width - 1)}1 … agency-${String(agencies).padStart(width, '0')}, fidelity-low, fidelity-moderate, fidelity-high` });
      if (typeof s.tick === 'number' && s.tick > design.followUpTick)
        issues.push({ path: `targets.${i}.statistic.tick`, message: `${s.tick} is out of range: the study ends at follow-up, tick ${design.followUpTick}` });
    }
    if (s.type === 'new-tie-loss' && s.minAgeWeeks >= design.followUpTick)
      issues.push({ path: `targets.${i}.statistic.minAgeWeeks`, message: `${s.minAgeWeeks} is out of range: expected fewer weeks than the follow-up (${design.followUpTick})` });
  });
  if (issues.length) throw new CalibrationError(file, issues, 'targets file');
}

/**
 * Load everything a calibration needs. `scenarioRef` is a path (relative to `cwd`) or a shipped name; it
 * replaces the trial design's own scenario.
 */
export function loadCalibration(scenarioRef: string, targetsRef: string, freeRef: string, cwd: string = process.cwd()): LoadedCalibration {
  // 1. Scenario.
  const chain = readScenarioChain(scenarioRef);
  const scenario = compileScenario(chain);
  // 2. Targets and their trial design.
  const targetsFile = resolve(cwd, targetsRef);
  const targets = parseTargetsFile(readJson(targetsFile, 'targets file'), targetsFile);
  let designFile: string;
  try {
    designFile = locateTrialDesign(resolve(dirname(targetsFile), targets.trial));
  } catch {
    designFile = locateTrialDesign(targets.trial, cwd);
  }
  const design = { ...parseTrialDesign(readJson(designFile, 'trial design'), designFile), scenario: scenarioRef };
  checkTargets(targets, targetsFile, design, chain);
  // 3. Free parameters.
  const freeFile = resolve(cwd, freeRef);
  const free = parseFreeParametersFile(readJson(freeFile, 'free parameters file'), freeFile);
  const priors = checkFreeParameters(free, freeFile, scenario);
  return { scenarioRef, chain, scenario, targetsFile, targets, designFile, design, freeFile, free, priors };
}
