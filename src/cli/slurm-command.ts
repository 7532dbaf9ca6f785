// `cpi-sim slurm <sweep-file> --shards n --out DIR`: write DIR/slurm/array.sbatch (one array task per
// shard, each a resumable `cpi-sim sweep --shard k/n` into DIR/shards/k) and DIR/slurm/merge.sbatch (merging
// into DIR/merged); with --submit, submit the array with `sbatch --parsable` and the merge with an afterok
// dependency on it, and print both job ids. Part of cli/; the scripts come from sweep/slurm-scripts.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweep } from '../sweep/load-sweep.js';
import { countSweepRuns, planSweep, shardSize } from '../sweep/plan.js';
import { estimateSweepResources } from '../sweep/sweep-estimate.js';
import { checkResources, formatBytes, formatSeconds } from '../engine/resource-estimate.js';
import { resourceLimits } from './memory-limit.js';
import { buildSlurmScripts, shellQuote, unsafeScriptPath } from '../sweep/slurm-scripts.js';
import { writeFileAtomically } from '../output/write-folder.js';
import { CliUsageError, type CliIO } from './cli-io.js';
import { shownPath } from './sweep-command.js';

export interface SlurmArgs {
  readonly file: string;
  readonly shards: string;
  readonly out: string;
  readonly partition?: string;
  readonly time?: string;
  readonly cpusPerTask?: string;
  readonly arrow?: boolean;
  readonly submit?: boolean;
  readonly force?: boolean;
  readonly memoryLimit?: string;
}

/** Runs sbatch with these arguments and returns its stdout (injected by tests that have no SLURM). */
export type Sbatch = (args: readonly string[]) => string;

const realSbatch: Sbatch = (args) => {
  try {
    return execFileSync('sbatch', [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new CliUsageError('--submit: sbatch was not found on this machine; run the scripts where SLURM is, or submit them yourself');
    throw new CliUsageError(`sbatch ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim()}`);
  }
};

/** The package's own launcher, run by the node that runs this command. */
function cpiSimCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url))];
}

export function slurmCommand(args: SlurmArgs, io: CliIO, sbatch: Sbatch = realSbatch): number {
  // 1. Options.
  const shards = Number(args.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > 100_000) throw new CliUsageError(`--shards ${args.shards}: expected a whole number from 1 to 100000`);
  let cpus: number | undefined;
  if (args.cpusPerTask !== undefined) {
    cpus = Number(args.cpusPerTask);
    if (!Number.isInteger(cpus) || cpus < 1 || cpus > 1024) throw new CliUsageError(`--cpus-per-task ${args.cpusPerTask}: expected a whole number from 1 to 1024`);
  }
  for (const [name, v] of [['partition', args.partition], ['time', args.time]] as const)
    if (v !== undefined && !/^[A-Za-z0-9_.:,+-]+$/.test(v)) throw new CliUsageError(`--${name} ${JSON.stringify(v)}: not allowed; expected letters, digits and _.:,+- only`);

  const limits = resourceLimits(args.memoryLimit);

  // 2. The sweep must be valid, and each task's size within the limit, before anything is queued or built.
  // Paths that go into the scripts: checked before the sweep is even read.
  const sweepFile = resolve(io.cwd, args.file);
  const out = resolve(io.cwd, args.out);
  for (const [flag, path, sbatchLine] of [['--out', out, true], ['the sweep file', sweepFile, false]] as const) {
    const why = unsafeScriptPath(path, sbatchLine);
    if (why) throw new CliUsageError(`${flag}: ${why}`);
  }
  const resolved = loadSweep(sweepFile);
  const counted = countSweepRuns(resolved);
  const task = estimateSweepResources(resolved, { workers: cpus ?? 1, runs: Math.ceil(counted.runs / Math.min(shards, Math.max(1, counted.runs))) });
  checkResources(task, limits, {
    what: 'each array task',
    source: resolved.file,
    advice: 'use fewer --cpus-per-task (one run per CPU is in memory at once), fewer design points, or smaller sizes; give the compute nodes\' memory with --memory-limit',
  });
  const plan = planSweep(resolved);
  if (shards > plan.runs) throw new CliUsageError(`--shards ${shards}: the sweep has only ${plan.runs} runs; allowed: at most that many shards`);
  const slurmDir = join(out, 'slurm');
  if (existsSync(join(slurmDir, 'array.sbatch')) && !args.force)
    throw new CliUsageError(`${shownPath(io.cwd, slurmDir)}/array.sbatch already exists; choose another --out, or add --force to write the scripts again`);

  // 3. The scripts.
  const scripts = buildSlurmScripts({
    sweepFile,
    out,
    shards,
    jobName: `cpi-sim-${plan.sweep.spec.name}`,
    command: cpiSimCommand(),
    partition: args.partition,
    time: args.time,
    cpusPerTask: cpus,
    arrow: args.arrow,
  });
  mkdirSync(join(slurmDir, 'logs'), { recursive: true });
  mkdirSync(join(out, 'shards'), { recursive: true });
  const arrayFile = join(slurmDir, 'array.sbatch');
  const mergeFile = join(slurmDir, 'merge.sbatch');
  writeFileAtomically(arrayFile, scripts.array, { force: true });
  writeFileAtomically(mergeFile, scripts.merge, { force: true });
  chmodSync(arrayFile, 0o755);
  chmodSync(mergeFile, 0o755);
  const per = Math.ceil(plan.runs / shards);
  io.stdout(
    `Sweep ${plan.sweep.spec.name}: ${plan.runs} runs in ${shards} shards (${shardSize(plan.runs, { k: shards, n: shards })}–${per} runs each)\n` +
      `Each task needs about ${formatBytes(task.bytes)} of memory and, by a rough estimate, ${formatSeconds(task.seconds)} of wall time\n` +
      `Wrote ${shownPath(io.cwd, arrayFile)} (array job, one task per shard into ${shownPath(io.cwd, join(out, 'shards'))}/k)\n` +
      `Wrote ${shownPath(io.cwd, mergeFile)} (merge into ${shownPath(io.cwd, join(out, 'merged'))})\n`,
  );

  // 4. Submit: the array, then the merge after it.
  if (!args.submit) {
    io.stdout(`Submit with: cpi-sim slurm … --submit, or: id=$(sbatch --parsable ${shellQuote(arrayFile)}) && sbatch --dependency=afterok:$id ${shellQuote(mergeFile)}\n`);
    return 0;
  }
  const arrayId = sbatch(['--parsable', arrayFile]).trim().split(';')[0];
  if (!/^\d+$/.test(arrayId)) throw new CliUsageError(`sbatch returned ${JSON.stringify(arrayId)} for the array job, not a job id`);
  const mergeId = sbatch(['--parsable', `--dependency=afterok:${arrayId}`, mergeFile]).trim().split(';')[0];
  io.stdout(`Submitted array job ${arrayId} (${shards} tasks) and merge job ${mergeId} (after the array ends well)\n`);
  io.stdout(`array_job_id=${arrayId}\nmerge_job_id=${mergeId}\n`);
  return 0;
}
