// Shared helpers for the sweep tests: small, fast sweeps of the teaching scenario (4 weeks) written to a
// temporary folder, and readers for a sweep folder's files.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder. */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `cpi-sim-${prefix}-`));

/** A grid of 5 fidelity levels × 2 turnover values on teaching-barriers at 4 weeks; `replicates` per point. */
export function smallSweep(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small',
    description: 'a small sweep for the tests',
    scenario: 'teaching-barriers',
    set: { ticks: 4 },
    factors: [
      { path: 'agencies.fidelity.mean', range: [0.2, 0.9] },
      { path: 'workers.turnoverRate', values: [0, 0.05] },
    ],
    design: { type: 'grid', levels: 5 },
    replicates: 4,
    groups: ['all', 'agency-01'],
    measures: ['network_size', 'new_ties', 'rg_total', 'engaged', 'worker_leavers'],
    keep: 'series',
    ...overrides,
  };
}

/** Write a sweep document as `name` in `dir` and return its path. */
/** A Morris sweep of two barrier scales over teaching-barriers: 9 runs of 2 weeks, small enough to run many times. */
export const tinyMorrisSweep = (name: string, description: string, measures: readonly string[] = ['rg_total', 'new_ties']): Record<string, unknown> => ({
  name,
  description,
  scenario: 'teaching-barriers',
  set: { ticks: 2 },
  factors: [
    { path: 'barriers.user.selfStigma.scale', range: [0, 3] },
    { path: 'barriers.user.poorAccess.scale', range: [0, 3] },
  ],
  design: { type: 'morris', trajectories: 3, levels: 4 },
  replicates: 1,
  measures,
  keep: 'final',
});

export function writeSweep(dir: string, doc: Record<string, unknown>, name = 'sweep.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/** The files a sweep folder holds that must be byte-identical between equivalent sweeps. */
export const DETERMINISTIC_FILES = ['results.csv', 'runs.csv', 'sweep.json'] as const;

export const readText = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

/** A sweep folder's files (without manifest.json) as name → bytes, for byte comparisons. */
export function folderBytes(dir: string, names: readonly string[] = DETERMINISTIC_FILES): Record<string, Buffer> {
  return Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n))]));
}

/** manifest.json without its `run` object (the only part that varies between equivalent sweeps). */
export function manifestWithoutRun(dir: string): Record<string, unknown> {
  const m = JSON.parse(readText(dir, 'manifest.json'));
  delete m.run;
  return m;
}

/** Entries of a folder (empty when it does not exist). */
export const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** CSV text → rows of fields (the files hold no quoted commas except in runs.csv errors). */
export const csvRows = (text: string): string[][] =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
