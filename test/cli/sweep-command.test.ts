// Tests for `cpi-sim sweep`, `merge` and `slurm` through main(), in-process with captured output: the plan,
// estimate and summary lines, exit codes (0 done, 1 refused, 3 some runs failed), the progress bar only on
// a terminal, the question before a big sweep, merging shards, and the SLURM scripts with a stand-in sbatch.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { SweepIO } from '../../src/cli/sweep-command.js';
import { slurmCommand } from '../../src/cli/slurm-command.js';
import { folderBytes, smallSweep, tempDir, writeSweep } from '../sweep/sweep-fixture.js';

const root = tempDir('sweep-cli');
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(argv: string[], options: { tty?: boolean; answer?: boolean; asked?: string[] } = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: SweepIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: root,
    stderrIsTTY: options.tty ?? false,
    columns: 100,
    confirm: options.answer === undefined ? undefined : async (q) => (options.asked?.push(q), options.answer!),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

writeSweep(root, smallSweep({ replicates: 2, keep: 'final' }), 'small.json');
writeSweep(root, smallSweep({ name: 'series' }), 'series.json');
writeSweep(root, smallSweep({ replicates: 1_000_000, keep: 'final' }), 'huge.json');
// Each value compiles on its own, but the second point asks an agency to serve 4 of 2 localities: that run fails.
writeSweep(
  root,
  smallSweep({
    name: 'throws',
    set: { ticks: 2 },
    factors: [
      { path: 'population.localities', values: [2] },
      { path: 'agencies.localitiesPerAgency', values: [1, 4] },
    ],
    design: { type: 'grid' },
    replicates: 1,
    arms: ['with-barriers'],
    keep: 'final',
  }),
  'throws.json',
);
// 100,000 localities of 50,000 residents: more persons than the engine can number; refused before it starts.
writeSweep(
  root,
  smallSweep({
    name: 'too-big',
    set: { ticks: 2, 'population.localities': 100000, 'population.communityNodesPerLocality': 0 },
    factors: [{ path: 'population.residentsPerLocality', values: [1, 50000] }],
    design: { type: 'grid' },
    replicates: 1,
    arms: ['with-barriers'],
    keep: 'final',
  }),
  'too-big.json',
);
writeSweep(root, { ...smallSweep(), factors: [{ path: 'agencies.fidelity.mean', range: [0.2, 1.4] }] }, 'bad.json');

describe('cpi-sim sweep', () => {
  it('prints the plan, the pre-flight estimate and a summary, writes the folder and exits 0', async () => {
    const r = await cli(['sweep', 'small.json', '--out', 'small', '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Sweep small: 10 points × 2 replicates = 20 runs of teaching-barriers (with-barriers, no-barriers)');
    expect(lines[1]).toMatch(/^Pre-flight: \d+ runs, [\d.]+ ms a run: about \d+ s on 2 workers, 400 result rows \(\d+ kB\)$/);
    expect(lines[2]).toMatch(/^20 runs \(20 ok\) in \d+ s, [\d.]+ runs\/s$/);
    expect(lines[3]).toBe('Wrote small/: sweep.json, results.csv (400 rows), runs.csv, manifest.json');
    const manifest = JSON.parse(readFileSync(join(root, 'small', 'manifest.json'), 'utf8'));
    expect(manifest.run.command).toBe('cpi-sim sweep small.json --out small --workers 2');
    expect(manifest.run.workers).toBe(2);
  });

  it('says a finished folder is complete and does nothing; --force runs it again', async () => {
    const again = await cli(['sweep', 'small.json', '--out', 'small']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('small/ is already complete: 20 runs, 20 ok. Nothing to do; add --force to run it again.');
    const before = folderBytes(join(root, 'small'));
    const forced = await cli(['sweep', 'small.json', '--out', 'small', '--force', '--workers', '1', '--quiet']);
    expect([forced.code, forced.stdout, forced.stderr]).toEqual([0, '', '']);
    expect(folderBytes(join(root, 'small'))).toEqual(before);
  });

  it('shows a progress bar with runs, failures, rate and time left on a terminal, and none with --quiet or without a terminal', async () => {
    const r = await cli(['sweep', 'series.json', '--out', 'tty', '--workers', '2', '--quiet'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const t = await cli(['sweep', 'series.json', '--out', 'tty', '--workers', '2', '--force'], { tty: true });
    expect(t.code).toBe(0);
    expect(t.stderr).toMatch(/\r\[#+-*\] \d+\/40 runs, 0 failed, [\d.]+ runs\/s, about \d+ s left/);
    expect(t.stderr).toContain('[########################] 40/40 runs, 0 failed');
    expect(t.stderr.endsWith('\r')).toBe(true); // the line is cleared at the end
  });

  it('exits 3 when runs failed, and says how many and where they are listed', async () => {
    const r = await cli(['sweep', 'throws.json', '--out', 'throws']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('2 runs (1 ok; 1 failed (see throws/runs.csv))');
    expect(r.stderr).toBe('1 of 2 runs failed; each is in throws/runs.csv with status "failed", its seed and its error.\n');
    expect(readFileSync(join(root, 'throws', 'runs.csv'), 'utf8')).toContain(
      ',failed,ScenarioError: sweep: invalid scenario (1 problem) - parameters.agencies.localitiesPerAgency.value: 4 is more than population.localities (2); allowed: at most that,2,4\n',
    );
  });

  it('refuses a sweep whose largest point no machine can hold before building or writing anything, with the figure and the limit', async () => {
    const r = await cli(['sweep', 'too-big.json', '--out', 'too-big', '--workers', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/too-big\.json: too big to run: this sweep needs about \d+(\.\d)? TB of memory \(most of it 1 worker running one run each at the factors' largest sizes: \d+(\.\d)? TB\); the limit is /);
    expect(r.stdout).toBe('');
    expect(existsSync(join(root, 'too-big'))).toBe(false);
    const engine = await cli(['sweep', 'too-big.json', '--out', 'too-big', '--workers', '1', '--memory-limit', '1000TB']);
    expect(engine.code).toBe(1);
    expect(engine.stderr).toContain('this sweep needs 38,250,001,501 ties; the engine numbers them with 32-bit integers, at most 2,147,483,647');
    expect(existsSync(join(root, 'too-big'))).toBe(false);
  });

  it('exits 1 with the file, field, value and what is allowed for an invalid sweep file, and writes nothing', async () => {
    const r = await cli(['sweep', 'bad.json', '--out', 'bad']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(root, 'bad.json')}: invalid sweep (1 problem)`);
    expect(r.stderr).toContain('factors.0.range: [0.2,1.4] is outside the declared range of agencies.fidelity.mean; allowed: within [0, 1]');
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });

  it('exits 1 for bad --workers and --shard values', async () => {
    const w = await cli(['sweep', 'small.json', '--workers', '0']);
    expect([w.code, w.stderr]).toEqual([1, '--workers 0: expected a whole number from 1 to 1024 (default: the number of cores)\n']);
    const s = await cli(['sweep', 'small.json', '--shard', '3/2']);
    expect([s.code, s.stderr]).toEqual([1, '--shard 3/2: expected k/n with 1 ≤ k ≤ n, e.g. --shard 2/8 for the second of eight shards\n']);
  });

  it('refuses a big sweep without --yes when there is no terminal to ask, and writes nothing', async () => {
    const r = await cli(['sweep', 'huge.json', '--out', 'huge']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('= 10000000 runs');
    expect(r.stderr).toMatch(/this sweep is big \(about .*\), above the 10 min or 1 GB that starts without asking; add --yes to start it anyway, or split it with --shard k\/n/);
    expect(existsSync(join(root, 'huge'))).toBe(false);
  });

  it('asks before a big sweep on a terminal, and a no starts nothing', async () => {
    const asked: string[] = [];
    const r = await cli(['sweep', 'huge.json', '--out', 'huge'], { tty: true, answer: false, asked });
    expect(r.code).toBe(1);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^This sweep is big: about .* on \d+ workers?, .* result rows \(.*\)\. Start it\? \[y\/N\] $/);
    expect(r.stderr).toContain('Not started; nothing was written.');
    expect(existsSync(join(root, 'huge'))).toBe(false);
  });

  it('lists its options in --help', async () => {
    const r = await cli(['sweep', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--out', '--workers', '--shard', '--yes', '--arrow', '--force', '--quiet']) expect(r.stdout).toContain(o);
  });
});

describe('cpi-sim merge', () => {
  it('merges shard folders into one byte-identical to the unsharded sweep and prints a summary', async () => {
    for (const k of [1, 2]) expect((await cli(['sweep', 'small.json', '--out', `part${k}`, '--shard', `${k}/2`, '--quiet'])).code).toBe(0);
    const r = await cli(['merge', 'merged', 'part1', 'part2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Merged 2 shards: 20 runs (20 ok), 400 result rows\nWrote merged/: sweep.json, results.csv, runs.csv, manifest.json\n');
    expect(folderBytes(join(root, 'merged'))).toEqual(folderBytes(join(root, 'small')));
  });

  it('exits 1 with a message when a shard is missing', async () => {
    const r = await cli(['merge', 'merged2', 'part2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(root, 'merged2')}: shard 1/2 missing; give all 2 shard folders\n`);
  });
});

describe('cpi-sim slurm', () => {
  it('writes an array job (one task per shard) and a merge job, and tells how to submit them', async () => {
    const r = await cli(['slurm', 'small.json', '--shards', '4', '--out', 'cluster', '--partition', 'short', '--time', '00:30:00', '--cpus-per-task', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sweep small: 20 runs in 4 shards (5–5 runs each)');
    expect(r.stdout).toContain('Wrote cluster/slurm/array.sbatch');
    const array = readFileSync(join(root, 'cluster/slurm/array.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=1-4', '#SBATCH --cpus-per-task=2', '#SBATCH --partition=short', '#SBATCH --time=00:30:00', `#SBATCH --output=${root}/cluster/slurm/logs/shard-%a.out`])
      expect(array).toContain(`${line}\n`);
    expect(array).toContain(`sweep ${join(root, 'small.json')} --out ${root}/cluster/shards/"$k" --shard "$k/4" --workers "\${SLURM_CPUS_PER_TASK:-1}" --yes`);
    const merge = readFileSync(join(root, 'cluster/slurm/merge.sbatch'), 'utf8');
    expect(merge).toContain(`merge ${root}/cluster/merged \\\n  ${root}/cluster/shards/1 \\\n  ${root}/cluster/shards/2 \\\n  ${root}/cluster/shards/3 \\\n  ${root}/cluster/shards/4\n`);
    expect(statSync(join(root, 'cluster/slurm/array.sbatch')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(root, 'cluster/slurm/logs'))).toBe(true);
  });

  it('with --submit submits the array, then the merge with an afterok dependency on it, and prints both job ids', () => {
    const calls: string[][] = [];
    const ids = ['4242', '4243;cluster'];
    let stdout = '';
    const io: SweepIO = { stdout: (t) => void (stdout += t), stderr: () => {}, cwd: root, stderrIsTTY: false, columns: 100 };
    const code = slurmCommand({ file: 'small.json', shards: '2', out: 'submitted', submit: true }, io, (args) => (calls.push([...args]), `${ids[calls.length - 1]}\n`));
    expect(code).toBe(0);
    expect(calls).toEqual([
      ['--parsable', join(root, 'submitted/slurm/array.sbatch')],
      ['--parsable', '--dependency=afterok:4242', join(root, 'submitted/slurm/merge.sbatch')],
    ]);
    expect(stdout).toContain('Submitted array job 4242 (2 tasks) and merge job 4243 (after the array ends well)\narray_job_id=4242\nmerge_job_id=4243\n');
  });

  it('refuses more shards than runs, and scripts that exist without --force', async () => {
    const many = await cli(['slurm', 'small.json', '--shards', '21', '--out', 'c2']);
    expect([many.code, many.stderr]).toEqual([1, '--shards 21: the sweep has only 20 runs; allowed: at most that many shards\n']);
    const again = await cli(['slurm', 'small.json', '--shards', '4', '--out', 'cluster']);
    expect([again.code, again.stderr]).toEqual([1, 'cluster/slurm/array.sbatch already exists; choose another --out, or add --force to write the scripts again\n']);
  });
});
