// Real results folders for the folder and command tests, made with the CLI itself (small on purpose): a
// run, a replicates run, a grid sweep of two barrier factors, a grid sweep of fidelity and turnover (as the
// README's fidelity-turnover walk-through, smaller), a Morris sweep of barrier scales analysed for
// sensitivity, and a virtual trial with a power curve; and a replicates folder written by hand from
// summarizeReplicates, as a fixture that does not depend on `run --replicates`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { realReplicateTables, writeCsv } from './fixtures.js';

export interface ResultsFolders {
  readonly run: string;
  readonly replicates: string;
  readonly handReplicates: string;
  readonly sweep: string;
  readonly grid: string;
  readonly morris: string;
  readonly trial: string;
}

const quietIO = (cwd: string): CliIO & { errors: string[] } => {
  const errors: string[] = [];
  return { stdout: () => undefined, stderr: (t) => void errors.push(t), cwd, stderrIsTTY: false, columns: 100, errors };
};

/** Run cpi-sim in `root`, quietly; throw with its stderr when it fails. */
export async function cli(root: string, argv: string[]): Promise<void> {
  const io = quietIO(root);
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`cpi-sim ${argv.join(' ')} exited ${code}: ${io.errors.join('')}`);
}

export const BARRIER_GRID = {
  name: 'barrier-grid',
  description: 'Two barrier factors on the teaching scenario, for chart tests.',
  scenario: 'teaching-barriers',
  set: { ticks: 3 },
  factors: [
    { path: 'barriers.user.selfStigma.scale', values: [0, 1, 3] },
    { path: 'barriers.user.poorAccess.enabled', values: [false, true] },
  ],
  design: { type: 'grid' },
  replicates: 2,
  groups: ['all', 'agency-01'],
  measures: ['network_size', 'rg_total', 'wellbeing'],
  keep: 'series',
};

export const FIDELITY_GRID = {
  name: 'fidelity-grid',
  description: 'Fidelity and turnover on the teaching scenario, for chart tests (fidelity-turnover, smaller).',
  scenario: 'teaching-barriers',
  set: { ticks: 3 },
  factors: [
    { path: 'agencies.fidelity.mean', range: [0.2, 0.9] },
    { path: 'workers.turnoverRate', values: [0, 0.05] },
  ],
  design: { type: 'grid', levels: 2 },
  replicates: 2,
  measures: ['network_size', 'rg_total'],
  keep: 'final',
};

export const BARRIER_MORRIS = {
  name: 'barrier-morris-small',
  description: 'A small Morris sweep of three barrier scales, for chart tests.',
  scenario: 'teaching-barriers',
  set: { ticks: 3 },
  factors: [
    { path: 'barriers.user.selfStigma.scale', range: [0, 3] },
    { path: 'barriers.user.discrimination.scale', range: [0, 3] },
    { path: 'barriers.user.poorAccess.scale', range: [0, 3] },
  ],
  design: { type: 'morris', trajectories: 2, levels: 4 },
  replicates: 1,
  arms: ['with-barriers'],
  measures: ['new_ties', 'rg_total'],
  keep: 'final',
};

/** Make every kind of results folder under `root` (about 5 s on one core). */
export async function makeResultsFolders(root: string): Promise<ResultsFolders> {
  const f: ResultsFolders = {
    run: join(root, 'run'),
    replicates: join(root, 'replicates'),
    handReplicates: join(root, 'hand-replicates'),
    sweep: join(root, 'sweep'),
    grid: join(root, 'grid'),
    morris: join(root, 'morris'),
    trial: join(root, 'trial'),
  };
  await cli(root, ['run', 'teaching-barriers', '--ticks', '4', '--out', f.run, '--quiet']);
  await cli(root, ['run', 'teaching-barriers', '--ticks', '4', '--replicates', '4', '--out', f.replicates, '--quiet']);
  writeFileSync(join(root, 'barrier-grid.json'), JSON.stringify(BARRIER_GRID, null, 2));
  await cli(root, ['sweep', 'barrier-grid.json', '--out', f.sweep, '--workers', '1', '--yes', '--quiet']);
  writeFileSync(join(root, 'fidelity-grid.json'), JSON.stringify(FIDELITY_GRID, null, 2));
  await cli(root, ['sweep', 'fidelity-grid.json', '--out', f.grid, '--workers', '1', '--yes', '--quiet']);
  writeFileSync(join(root, 'barrier-morris.json'), JSON.stringify(BARRIER_MORRIS, null, 2));
  await cli(root, ['sweep', 'barrier-morris.json', '--out', f.morris, '--workers', '1', '--yes', '--quiet']);
  await cli(root, ['analyze', 'sensitivity', f.morris, '--bootstrap', '50', '--quiet']);
  await cli(root, ['trial', 'teaching-null', '--replicates', '6', '--n', '20,40', '--out', f.trial, '--quiet']);
  // A replicates folder written from summarizeReplicates directly.
  const tables = realReplicateTables();
  mkdirSync(f.handReplicates, { recursive: true });
  writeCsv(join(f.handReplicates, 'summary.csv'), ['arm', 'tick', 'group', 'measure', 'n', 'mean', 'sd', 'ci_low', 'ci_high', 'median', 'q05', 'q25', 'q75', 'q95'], tables.summaries as never);
  writeCsv(join(f.handReplicates, 'differences.csv'), ['arm_a', 'arm_b', 'tick', 'group', 'measure', 'n', 'mean_diff', 'ci_low', 'ci_high', 'cohens_d'], tables.differences as never);
  writeFileSync(join(f.handReplicates, 'manifest.json'), JSON.stringify({ replicates: tables.replicates, level: 0.95, scenario: { name: 'teaching-barriers', title: 'Teaching' }, seed: 7 }));
  return f;
}
