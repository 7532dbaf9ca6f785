// The progress indicator of `cpi-sim run`: one stderr line rewritten in place ("\r") with the arm and
// tick, fed by runScenario's onTick. Part of cli/. Silent when stderr is not a terminal or with --quiet,
// so logs and pipes stay clean.
import type { CliIO } from './cli-io.js';

export interface Progress {
  readonly onTick: (arm: string, tick: number, ticks: number) => void;
  /** Clear the line. */
  readonly done: () => void;
}

export function createProgress(io: CliIO, arms: readonly string[], enabled: boolean): Progress {
  if (!enabled) return { onTick: () => {}, done: () => {} };
  let width = 0;
  return {
    onTick: (arm, tick, ticks) => {
      const line = `  arm ${arms.indexOf(arm) + 1}/${arms.length} ${arm}: tick ${tick}/${ticks}`;
      io.stderr(`\r${line}${' '.repeat(Math.max(0, width - line.length))}`);
      width = line.length;
    },
    done: () => {
      if (width > 0) io.stderr(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
