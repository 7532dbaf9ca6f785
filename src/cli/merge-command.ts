// `cpi-sim merge OUT DIR...`: merge the folders of a sweep's shards into OUT, byte-identical to the unsharded
// sweep, or refuse (shards of different sweeps, duplicate, missing or unfinished shards, folders another
// cpi-sim is writing into). Part of cli/.
// Exit codes: 0 merged, 1 refused, 3 merged but some runs failed.
import { resolve } from 'node:path';
import { mergeSweepShards } from '../sweep/merge-shards.js';
import { formatCommandLine, type CliIO } from './cli-io.js';
import { shownPath, SWEEP_EXIT_FAILED_RUNS } from './sweep-command.js';

export interface MergeArgs {
  readonly out: string;
  readonly dirs: readonly string[];
  readonly arrow?: boolean;
  readonly force?: boolean;
  readonly quiet?: boolean;
  /** Merge shards that do not match their manifests, with a warning (recorded in the merged manifest). */
  readonly trust?: boolean;
}

export async function mergeCommand(args: MergeArgs, io: CliIO, argv: readonly string[]): Promise<number> {
  const summary = await mergeSweepShards(
    resolve(io.cwd, args.out),
    args.dirs.map((d) => resolve(io.cwd, d)),
    { arrow: args.arrow, force: args.force, command: formatCommandLine('cpi-sim', argv), onLockTakeover: (message) => io.stderr(`${message}\n`), trust: args.trust, onWarning: (message) => io.stderr(`${message}\n`) },
  );
  const where = shownPath(io.cwd, summary.out);
  if (!args.quiet)
    io.stdout(
      `Merged ${summary.shards} shards: ${summary.runs} runs (${summary.ok} ok${summary.failed ? `, ${summary.failed} failed` : ''}), ${summary.rows} result rows\n` +
        `Wrote ${where}/: ${summary.files.join(', ')}\n`,
    );
  if (summary.failed) {
    io.stderr(`${summary.failed} of ${summary.runs} runs failed; each is in ${where}/runs.csv with status "failed", its seed and its error.\n`);
    return SWEEP_EXIT_FAILED_RUNS;
  }
  return 0;
}
