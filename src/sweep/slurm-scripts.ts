// The SLURM job scripts of a sharded sweep: an array job with one task per shard, each running
// `cpi-sim sweep FILE --shard $SLURM_ARRAY_TASK_ID/n --workers $SLURM_CPUS_PER_TASK --yes` into
// DIR/shards/k, and a merge job (submitted with an afterok dependency on the array) that writes DIR/merged.
// Part of sweep/; pure: paths in, script texts out (slurm-command.ts writes and submits them).

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

export function buildSlurmScripts(o: SlurmScriptOptions): SlurmScripts {
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
