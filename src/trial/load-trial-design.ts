// Load a virtual-trial design by path or by the name of a shipped design (scenarios/trials/), with its
// scenario chain: a scenario file beside the design, else a shipped scenario of that name. Part of trial/
// (Node only: it reads files). Errors are TrialErrors naming the file, the field and what is allowed.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readScenarioChain, SCENARIOS_DIR } from '../scenario/load.js';
import { readInputFile } from '../scenario/read-input-file.js';
import type { ScenarioSource } from '../scenario/compile.js';
import { parseTrialDesign, type TrialDesign } from './trial-design.js';
import { TrialError } from './trial-error.js';

export const TRIALS_DIR = join(SCENARIOS_DIR, 'trials');

/** The shipped designs' names. */
export function listShippedTrialDesigns(): string[] {
  return readdirSync(TRIALS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A design file path (relative to `cwd`) or the name of a shipped design. */
export function locateTrialDesign(ref: string, cwd: string = process.cwd()): string {
  for (const candidate of [resolve(cwd, ref), resolve(cwd, `${ref}.json`), join(TRIALS_DIR, ref), join(TRIALS_DIR, `${ref}.json`)])
    if (existsSync(candidate) && !candidate.endsWith('.schema.json')) return candidate;
  throw new TrialError(ref, `no such trial design file; give a path, or a shipped design: ${listShippedTrialDesigns().join(', ')}`);
}

export interface LoadedTrialDesign {
  readonly file: string;
  readonly design: TrialDesign;
  readonly scenarioChain: ScenarioSource[];
}

export function loadTrialDesign(ref: string, cwd: string = process.cwd()): LoadedTrialDesign {
  const file = locateTrialDesign(ref, cwd);
  const json = readInputFile(file, { what: 'trial design', fail: (message) => new TrialError(file, message) });
  const design = parseTrialDesign(json, file);
  const beside = resolve(dirname(file), design.scenario);
  const scenarioChain = readScenarioChain(existsSync(beside) || existsSync(`${beside}.json`) ? beside : design.scenario);
  return { file, design, scenarioChain };
}
