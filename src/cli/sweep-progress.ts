// The progress bar of `cpi-sim sweep` (and of `audit` and `run --replicates`): one stderr line rewritten in
// place with a bar, runs (or replicates) done of the total, failures, runs per second and the time left, fed
// after every finished chunk. Part of cli/.
// Silent when stderr is not a terminal or with --quiet, so logs (and SLURM output files) stay clean.
import type { CliIO } from './cli-io.js';
import { formatDuration } from './progress.js';
import type { SweepProgress } from '../sweep/run-sweep.js';

export interface SweepProgressBar {
  readonly update: (p: SweepProgress) => void;
  /** Clear the line. */
  readonly done: () => void;
}

/** What the bar counts: "runs" that may fail (a sweep's, an audit's), or e.g. "replicates", which do not. */
export interface ProgressUnit {
  readonly unit: string;
  readonly failures: boolean;
}

const RUNS: ProgressUnit = { unit: 'runs', failures: true };

/** The bar's text for one state, e.g. "[#####-----] 120/400 runs, 0 failed, 35.2 runs/s, about 8 s left". */
export function formatSweepProgress(p: SweepProgress, width = 24, counted: ProgressUnit = RUNS): string {
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : width;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const rate = Number.isFinite(p.rate) ? `${p.rate >= 10 ? p.rate.toFixed(0) : p.rate.toFixed(1)} ${counted.unit}/s` : `… ${counted.unit}/s`;
  const eta = Number.isFinite(p.secondsLeft) ? `about ${formatDuration(p.secondsLeft)} left` : 'time left …';
  return `${bar} ${p.done}/${p.total} ${counted.unit}, ${counted.failures ? `${p.failed} failed, ` : ''}${rate}, ${eta}`;
}

export function createSweepProgressBar(io: CliIO, enabled: boolean, counted: ProgressUnit = RUNS): SweepProgressBar {
  if (!enabled) return { update: () => {}, done: () => {} };
  let width = 0;
  return {
    update: (p) => {
      const line = formatSweepProgress(p, 24, counted);
      io.stderr(`\r${line}${' '.repeat(Math.max(0, width - line.length))}`);
      width = line.length;
    },
    done: () => {
      if (width > 0) io.stderr(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
