// Run `cpi-sim` commands in-process for tests: main() with captured stdout and stderr, a working folder of
// the test's own, and stderr not a terminal (no progress lines).
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A runner of commands in the folder `cwd`. */
export function createCli(cwd: string, options: { tty?: boolean } = {}): (argv: string[]) => Promise<CliRun> {
  return async (argv) => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, stderrIsTTY: options.tty ?? false, columns: 100 };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  };
}
