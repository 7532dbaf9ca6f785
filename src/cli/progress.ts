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
  return {
    onTick: (arm, tick, ticks) => {
      // The clock starts at the first tick, after the population is built.
      if (started < 0) started = now();
      done++;
      const total = ticks * arms.length;
      const elapsed = (now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const eta = rate > 0 ? formatDuration((total - done) / rate) : '…';
      show(`  arm ${arms.indexOf(arm) + 1}/${arms.length} ${arm}: tick ${tick}/${ticks}  ${rate.toFixed(1)} ticks/s  about ${eta} left`);
    },
    done: () => {
      if (width > 0) io.stderr(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
