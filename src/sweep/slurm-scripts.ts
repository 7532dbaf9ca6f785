// The SLURM job scripts of a sharded sweep: an array job with one task per shard, each running
// `cpi-sim sweep FILE --shard $SLURM_ARRAY_TASK_ID/n --workers $SLURM_CPUS_PER_TASK --yes` into
// DIR/shards/k, and a merge job (submitted with an afterok dependency on the array) that writes DIR/merged.
// Part of sweep/; pure: paths in, script texts out (slurm-command.ts writes and submits them). Paths go into
// shell lines single-quoted; a path with a control character (a line break would start a new shell line) is
// refused, and so is one that an #SBATCH line cannot hold as it is (sbatch reads those lines itself:
// whitespace, quotes, '#' and the '%' of its file-name patterns all mean something there).
import { SweepError } from './sweep-error.js';

export interface SlurmScriptOptions {
  /** Absolute paths: the sweep file and the folder that gets slurm/, shards/ and merged/. */
  readonly sweepFile: string;
  readonly out: string;
  readonly shards: number;
  readonly jobName: string;
  /** How to start cpi-sim on the compute nodes, e.g. ["/usr/bin/node", "/opt/cpi-sim/bin/cpi-sim.js"]. */
  readonly command: readonly string[];
  readonly partition?: string;
  readonly time?: string;
  readonly cpusPerTask?: number;
  /** Also write results.arrow in every shard and in the merged folder. */
  readonly arrow?: boolean;
}

export interface SlurmScripts {
  readonly array: string;
  readonly merge: string;
}

/** Quote for bash (single quotes; safe for any path). */
export const shellQuote = (s: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

const CONTROL = /[\x00-\x1f\x7f]/;
/** What an #SBATCH line takes as a path without quoting. */
const SBATCH_SAFE = /^[\p{L}\p{N}_@+=:,./~-]+$/u;

/**
 * Why a path cannot go into the generated scripts, or undefined. `sbatchLine`: it also goes into an #SBATCH
 * line (the results folder, under which the logs are written).
 */
export function unsafeScriptPath(path: string, sbatchLine: boolean): string | undefined {
  const control = CONTROL.exec(path);
  if (control)
    return `${JSON.stringify(path)} holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), which would break the job scripts; allowed: a path without line breaks, tabs or other control characters`;
  if (sbatchLine && !SBATCH_SAFE.test(path)) {
    const bad = [...path].find((c) => !SBATCH_SAFE.test(c))!;
    return `${JSON.stringify(path)} holds ${JSON.stringify(bad)}, which an #SBATCH line cannot hold as it is; allowed: letters, digits and _@+=:,./~- (choose a folder whose path has only these)`;
  }
  return undefined;
}

export function buildSlurmScripts(o: SlurmScriptOptions): SlurmScripts {
  // 0. Paths the scripts can hold safely.
  for (const [path, sbatchLine] of [[o.out, true], [o.sweepFile, false], ...o.command.map((c) => [c, false] as const)] as const) {
    const why = unsafeScriptPath(path, sbatchLine);
    if (why) throw new SweepError(path.replace(/[\x00-\x1f\x7f]/g, '?'), why);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(o.jobName)) throw new SweepError(o.jobName, `${JSON.stringify(o.jobName)} is not allowed as a job name; allowed: letters, digits and _.-`);
  for (const [name, v] of [['partition', o.partition], ['time', o.time]] as const)
    if (v !== undefined && !/^[A-Za-z0-9_.:,+-]+$/.test(v)) throw new SweepError(String(v), `${JSON.stringify(v)} is not allowed as the ${name}; allowed: letters, digits and _.:,+-`);
  const q = shellQuote;
  const cli = o.command.map(q).join(' ');
  const logs = `${o.out}/slurm/logs`;
  const common = [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
  ];
  const array = [
    '#!/bin/bash',
    `# cpi-sim sweep "${o.jobName}" in ${o.shards} shards: one array task per shard (written by \`cpi-sim slurm\`).`,
    '# A task that is stopped (time limit, preemption, a failed node) can simply run again: the sweep resumes.',
    `#SBATCH --job-name=${o.jobName}`,
    `#SBATCH --array=1-${o.shards}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    ...common,
    `#SBATCH --output=${logs}/shard-%a.out`,
    'set -uo pipefail',
    `k="$SLURM_ARRAY_TASK_ID"`,
    `${cli} sweep ${q(o.sweepFile)} --out ${q(`${o.out}/shards`)}/"$k" --shard "$k/${o.shards}" --workers "\${SLURM_CPUS_PER_TASK:-1}" --yes${o.arrow ? ' --arrow' : ''}`,
    'status=$?',
    '# Exit code 3: the shard finished, but some runs failed (they are listed in its runs.csv); let the merge go on.',
    'if [ "$status" -eq 3 ]; then exit 0; fi',
    'exit "$status"',
    '',
  ].join('\n');
  const shardDirs = Array.from({ length: o.shards }, (_, i) => `${q(`${o.out}/shards/${i + 1}`)}`);
  const merge = [
    '#!/bin/bash',
    `# Merge the ${o.shards} shards of cpi-sim sweep "${o.jobName}" into ${o.out}/merged (written by \`cpi-sim slurm\`;`,
    '# submitted to start only after every array task ended well).',
    `#SBATCH --job-name=${o.jobName}-merge`,
    '#SBATCH --cpus-per-task=1',
    ...common,
    `#SBATCH --output=${logs}/merge.out`,
    'set -uo pipefail',
    `${cli} merge ${q(`${o.out}/merged`)} \\`,
    ...shardDirs.map((d, i) => `  ${d}${i < shardDirs.length - 1 || o.arrow ? ' \\' : ''}`),
    ...(o.arrow ? ['  --arrow'] : []),
    'status=$?',
    'if [ "$status" -eq 3 ]; then exit 0; fi',
    'exit "$status"',
    '',
  ].join('\n');
  return { array, merge };
}
