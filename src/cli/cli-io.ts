// Where the CLI reads and writes: stdout, stderr, the working folder and whether stderr is a terminal.
// Part of cli/. Injected into main() so tests run commands in-process with captured output and their own
// folders; the default is the real process.

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Folder that relative paths (scenario files, --out) are resolved against. */
  readonly cwd: string;
  /** Show the progress indicator (stderr is a terminal). */
  readonly stderrIsTTY: boolean;
  /** Width for help text. */
  readonly columns: number;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns ?? 100,
  };
}

/** A mistake on the command line (not in a scenario file): printed as is, exit code 1. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The command line as one shell-safe string, for manifests. */
export function formatCommandLine(program: string, argv: readonly string[]): string {
  return [program, ...argv].map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
