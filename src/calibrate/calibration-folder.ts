// A calibration's results folder while it runs: calibration.json (the calibration's identity: scenario,
// design, targets, priors, method and budget), one file per finished generation in generations/ (each
// written to a temp file and renamed, so it is whole or absent), and manifest.json once everything is done.
// Rerunning the same command continues after the last complete generation; a folder holding another
// calibration is refused. Part of calibrate/ (Node only).
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { inspectFolderOwnership, writeFileAtomically, RESULTS_MARKER } from '../output/write-folder.js';
import { OutputError } from '../output/output-error.js';
import { CalibrationError } from './calibration-error.js';
import type { Generation } from './abc.js';

export const IDENTITY_FILE = 'calibration.json';
export const GENERATIONS_DIR = 'generations';

export type CalibrationFolderState =
  | { readonly kind: 'new' }
  | { readonly kind: 'resume'; readonly generations: Generation[] }
  | { readonly kind: 'complete' };

const generationFile = (g: number) => `gen-${String(g).padStart(3, '0')}.json`;

/** The complete generations in the folder, in order (stops at the first gap). */
export function readGenerations(dir: string): Generation[] {
  const gdir = join(dir, GENERATIONS_DIR);
  if (!existsSync(gdir)) return [];
  const out: Generation[] = [];
  const names = new Set(readdirSync(gdir));
  for (let g = 0; names.has(generationFile(g)); g++) out.push(JSON.parse(readFileSync(join(gdir, generationFile(g)), 'utf8')) as Generation);
  return out;
}

/** Keep a finished generation (temp file, then rename). Numbers are kept exactly (JSON round-trips doubles). */
export function writeGeneration(dir: string, generation: Generation): void {
  writeFileAtomically(join(dir, GENERATIONS_DIR, generationFile(generation.generation)), JSON.stringify(generation) + '\n', { force: true });
}

/**
 * What is in the folder: nothing (start), the same calibration unfinished (resume), the same finished, or
 * something else (refused). With `force`, an earlier calibration folder is cleared and started again.
 */
export function inspectCalibrationFolder(dir: string, identity: string, force: boolean): CalibrationFolderState {
  if (!existsSync(dir)) return { kind: 'new' };
  if (!statSync(dir).isDirectory()) throw new OutputError(`cannot write a calibration to ${dir}: it is a file, not a folder`);
  const names = readdirSync(dir);
  if (names.length === 0) return { kind: 'new' };
  const rel = relative(resolve(dir), process.cwd());
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) throw new OutputError(`refusing to write a calibration into ${dir}: it holds the working folder; choose another --out`);
  if (!names.includes(IDENTITY_FILE))
    throw new OutputError(`refusing to write a calibration into ${dir}: it is not empty and holds no ${IDENTITY_FILE}; choose another --out, or remove it yourself`);
  if (force) {
    const unknown = unknownCalibrationFiles(dir);
    if (unknown.length)
      throw new OutputError(
        `refusing to replace ${dir} even with --force: it holds files a cpi-sim calibration did not write: ${unknown.slice(0, 6).join(', ')}${unknown.length > 6 ? ` and ${unknown.length - 6} more` : ''}; choose another --out, or move them away yourself`,
      );
    clearCalibrationFolder(dir);
    return { kind: 'new' };
  }
  const existing = readFileSync(join(dir, IDENTITY_FILE), 'utf8');
  if (existing !== identity)
    throw new CalibrationError(
      join(dir, IDENTITY_FILE),
      'this folder holds a different calibration (another scenario, design, targets, priors, method, budget or seed); choose another --out, or add --force to replace it',
      'calibration folder',
    );
  if (names.includes(RESULTS_MARKER)) return { kind: 'complete' };
  return { kind: 'resume', generations: readGenerations(dir) };
}

/** The files a finished calibration writes beside calibration.json, generations/ and manifest.json. */
export const CALIBRATION_OUTPUTS = ['particles.csv', 'generations.csv', 'posterior.csv', 'predictive.csv', 'fit.csv', 'calibrated-fit.csv', 'checks.json', 'calibrated-scenario.json'] as const;
const CALIBRATION_IDENTITY_FORMAT = /^cpi-sim calibration, version \d+$/;
const isTemp = (name: string) => /^\..+\.partial-\d+-[0-9a-z]+$/.test(name);

/**
 * Files in a calibration folder that a cpi-sim calibration did not write (so --force may not delete them):
 * all but calibration.json (a cpi-sim calibration identity), generations/gen-NNN.json, the output files,
 * manifest.json and temp files.
 */
export function unknownCalibrationFiles(dir: string): string[] {
  const out: string[] = [];
  let identity: unknown;
  try {
    identity = JSON.parse(readFileSync(join(dir, IDENTITY_FILE), 'utf8'));
  } catch {
    identity = undefined;
  }
  const format = identity !== null && typeof identity === 'object' ? (identity as { format?: unknown }).format : undefined;
  if (typeof format !== 'string' || !CALIBRATION_IDENTITY_FORMAT.test(format)) out.push(`${IDENTITY_FILE} (not a cpi-sim calibration's identity)`);
  if (existsSync(join(dir, RESULTS_MARKER))) {
    const owner = inspectFolderOwnership(dir, () => true);
    if (!owner.ours || owner.kind !== 'calibration') out.push(`${RESULTS_MARKER} (not a cpi-sim calibration's manifest)`);
  }
  const known = new Set<string>([IDENTITY_FILE, RESULTS_MARKER, ...CALIBRATION_OUTPUTS]);
  for (const name of readdirSync(dir)) {
    if (isTemp(name)) continue;
    const st = lstatSync(join(dir, name));
    if (name === GENERATIONS_DIR && st.isDirectory()) {
      for (const inner of readdirSync(join(dir, name))) if (!/^gen-\d{3,}\.json$/.test(inner) && !isTemp(inner)) out.push(`${GENERATIONS_DIR}/${inner}`);
    } else if (!known.has(name) || !st.isFile()) out.push(name);
  }
  return out;
}

export function clearCalibrationFolder(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

export function startCalibrationFolder(dir: string, identity: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomically(join(dir, IDENTITY_FILE), identity, { force: true });
}
