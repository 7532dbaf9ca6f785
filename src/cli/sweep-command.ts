// `cpi-sim sweep <sweep-file>`: read and check the sweep file, plan it, print the pre-flight estimate, ask
// (or refuse without --yes) when it is big, run it on a worker pool with a progress bar, resumably, into its
// results folder (locked while it writes: a second writer is refused), and print a summary. Part of cli/:
// it parses, calls the library (sweep/) and reports. Exit codes: 0 done, 1 a problem with the input or the
// folder (another cpi-sim writing into it, too), 3 done but some runs failed.
import { createInterface } from 'node:readline';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadSweep } from '../sweep/load-sweep.js';
import { countSweepRuns, parseShard, planSweep, shardSize } from '../sweep/plan.js';
import { estimateSweepResources } from '../sweep/sweep-estimate.js';
import { checkResources } from '../engine/resource-estimate.js';
import { resourceLimits } from './memory-limit.js';
import { availableParallelism } from 'node:os';
import { describeEstimate, runSweep, type SweepEstimate, type SweepSummary } from '../sweep/run-sweep.js';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { createSweepProgressBar } from './sweep-progress.js';
import { formatDuration } from './progress.js';

export interface SweepArgs {
  readonly file: string;
  readonly out?: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly yes?: boolean;
  readonly arrow?: boolean;
  readonly force?: boolean;
  readonly quiet?: boolean;
  readonly memoryLimit?: string;
}

/** A CliIO that can also ask a yes/no question (a terminal); tests inject one. */
export interface SweepIO extends CliIO {
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** Ask on the terminal (stdin and stderr both terminals), or undefined when there is none. */
function terminalConfirm(io: SweepIO): ((question: string) => Promise<boolean>) | undefined {
  if (io.confirm) return io.confirm;
  if (!io.stderrIsTTY || !process.stdin.isTTY) return undefined;
  return (question) =>
    new Promise((done) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      rl.question(question, (answer) => {
        rl.close();
        done(/^\s*y(es)?\s*$/i.test(answer));
      });
    });
}

/** Exit code for a finished sweep: 3 when some runs failed. */
export const SWEEP_EXIT_FAILED_RUNS = 3;

export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export async function sweepCommand(args: SweepArgs, io: SweepIO, argv: readonly string[]): Promise<number> {
  // 1. Options.
  let workers: number | undefined;
  if (args.workers !== undefined) {
    workers = Number(args.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new CliUsageError(`--workers ${args.workers}: expected a whole number from 1 to 1024 (default: the number of cores)`);
  }
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (args.shard !== undefined && !shard) throw new CliUsageError(`--shard ${args.shard}: expected k/n with 1 ≤ k ≤ n, e.g. --shard 2/8 for the second of eight shards`);

  const limits = resourceLimits(args.memoryLimit);

  // 2. The sweep and its plan (SweepError names the file, field, value and what is allowed). Its sizes are
  // checked by arithmetic before the design is built: points and runs, then memory (ResourceError).
  const resolved = loadSweep(resolve(io.cwd, args.file));
  const counted = countSweepRuns(resolved);
  checkResources(estimateSweepResources(resolved, { workers: workers ?? availableParallelism(), runs: shardSize(counted.runs, shard) }), limits, {
    what: 'this sweep',
    source: resolved.file,
    advice: 'use fewer --workers, fewer design points, or smaller sizes in the factors and the scenario',
  });
  const plan = planSweep(resolved);
  const s = plan.sweep;
  const out = resolve(io.cwd, args.out ?? `results/${s.spec.name}`);
  const say = (text: string) => {
    if (!args.quiet) io.stdout(text);
  };
  const size = shardSize(plan.runs, shard);
  say(
    `Sweep ${s.spec.name}: ${plan.points.length} point${plan.points.length === 1 ? '' : 's'} × ${plan.replicates} replicate${plan.replicates === 1 ? '' : 's'} = ${plan.runs} runs of ${s.base.name} (${s.arms.join(', ')})` +
      `${shard ? `; shard ${shard.k}/${shard.n}: ${size} runs` : ''}\n`,
  );

  // 3. Run.
  const ask = terminalConfirm(io);
  const progress = createSweepProgressBar(io, io.stderrIsTTY && !args.quiet);
  let summary: SweepSummary;
  try {
    summary = await runSweep(plan, {
      out,
      workers,
      shard,
      arrow: args.arrow,
      force: args.force,
      yes: args.yes,
      command: formatCommandLine('cpi-sim', argv),
      onLockTakeover: (message) => io.stderr(`${message}\n`),
      confirm: ask ? (e: SweepEstimate) => ask(`This sweep is big: ${describeEstimate(e)}. Start it? [y/N] `) : undefined,
      onEstimate: (e) =>
        say(
          `Pre-flight: ${e.timedRuns} run${e.timedRuns === 1 ? '' : 's'}, ${e.msPerRun >= 100 ? e.msPerRun.toFixed(0) : e.msPerRun.toFixed(1)} ms a run` +
            `${e.remaining < e.runs ? ` (${e.runs - e.remaining} of ${e.runs} runs already done, resuming)` : ''}: ${describeEstimate(e)}\n`,
        ),
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }

  // 4. Summary.
  const where = shownPath(io.cwd, out);
  if (summary.status === 'cancelled') {
    io.stderr('Not started; nothing was written.\n');
    return 1;
  }
  const failedNote = summary.failed ? `; ${summary.failed} failed (see ${where}/runs.csv)` : '';
  if (summary.status === 'already-complete') {
    say(`${where}/ is already complete: ${summary.runs} runs, ${summary.ok} ok${failedNote}. Nothing to do; add --force to run it again.\n`);
  } else {
    const rate = summary.runs > summary.resumedFrom ? ((summary.runs - summary.resumedFrom) / summary.wallMs) * 1000 : 0;
    say(
      `${summary.runs} runs (${summary.ok} ok${failedNote}) in ${formatDuration(summary.wallMs / 1000)}${rate ? `, ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} runs/s` : ''}` +
        `${summary.resumedFrom ? ` (resumed: ${summary.resumedFrom} were already done)` : ''}\n` +
        `Wrote ${where}/: ${summary.files.map((f) => (f === 'results.csv' ? `results.csv (${summary.rows} rows)` : f)).join(', ')}\n`,
    );
  }
  if (summary.failed) {
    io.stderr(`${summary.failed} of ${summary.runs} runs failed; each is in ${where}/runs.csv with status "failed", its seed and its error.\n`);
    return SWEEP_EXIT_FAILED_RUNS;
  }
  return 0;
}
