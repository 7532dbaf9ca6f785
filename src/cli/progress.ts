// The progress indicator of `cpi-sim run`: one stderr line rewritten in place ("\r") with the arm, the
// tick, ticks per second and an estimate of the time left, fed by runScenario's onTick. Part of cli/.
// Silent when stderr is not a terminal or with --quiet, so logs and pipes stay clean.
import type { CliIO } from './cli-io.js';

export interface Progress {
  readonly onTick: (arm: string, tick: number, ticks: number) => void;
  /** Clear the line. */
  readonly done: () => void;
}

/** "1 m 05 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** Seconds of ticks before a rate and a time left are shown. */
const MIN_ESTIMATE_SECONDS = 1;

export function createProgress(io: CliIO, arms: readonly string[], enabled: boolean, now: () => number = () => performance.now()): Progress {
  if (!enabled) return { onTick: () => {}, done: () => {} };
  let width = 0;
  const show = (line: string) => {
    io.stderr(`\r${line}${' '.repeat(Math.max(0, width - line.length))}`);
    width = line.length;
  };
  show('  building the population…');
  let started = -1;
  let done = 0;
  let timed = 0;
  return {
    onTick: (arm, tick, ticks) => {
      // The clock starts at the first tick, after the population is built: the ticks timed are those after it.
      if (started < 0) started = now();
      else timed++;
      done++;
      const total = ticks * arms.length;
      const elapsed = (now() - started) / 1000;
      const where = `  arm ${arms.indexOf(arm) + 1}/${arms.length} ${arm}: tick ${tick}/${ticks}`;
      // A rate over a few milliseconds is noise ("141183.1 ticks/s"): estimate only after a second of ticks.
      if (elapsed < MIN_ESTIMATE_SECONDS || timed === 0) return show(`${where}  estimating the time left…`);
      const rate = timed / elapsed;
      show(`${where}  ${rate.toFixed(1)} ticks/s  about ${formatDuration((total - done) / rate)} left`);
    },
    done: () => {
      if (width > 0) io.stderr(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
