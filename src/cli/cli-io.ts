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
  /**
   * How the user started the command, for messages that give a command to type: `cpi-sim`, `npx cpi-sim`,
   * or `npm start --` (the package's start script, which already says `run`). Default `cpi-sim`.
   */
  readonly invokedAs?: string;
  /** Options npm kept for itself because they came before `--` (`npm start --force`), to say so. */
  readonly npmKept?: readonly string[];
}

/** cpi-sim options that npm takes as its own when they come before `--` (it sets npm_config_<name>). */
const NPM_OWN_OPTIONS = ['force', 'quiet'] as const;

/** How this process was started, from what npm tells a script it runs (npm_lifecycle_event, npm_command). */
export function invokedAsFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.npm_lifecycle_event === 'start' && env.npm_package_name === 'cpi-sim') return 'npm start --';
  if (env.npm_command === 'exec') return 'npx cpi-sim';
  return 'cpi-sim';
}

/**
 * The command line the user would type to run `argv` again with `extra` options: through `npm start --`
 * the leading `run` is the start script's own and is left out.
 */
export function retryCommand(io: CliIO, argv: readonly string[], extra: readonly string[]): string {
  const program = io.invokedAs ?? 'cpi-sim';
  const args = program === 'npm start --' && argv[0] === 'run' ? argv.slice(1) : argv;
  return [program, ...[...args, ...extra].map(shellQuote)].join(' ');
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns ?? 100,
    invokedAs: invokedAsFromEnv(process.env),
    npmKept: process.env.npm_lifecycle_event === 'start' ? NPM_OWN_OPTIONS.filter((o) => process.env[`npm_config_${o}`] === 'true').map((o) => `--${o}`) : [],
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
  return [program, ...argv].map(shellQuote).join(' ');
}

/** One argument as a POSIX shell reads it back: as is when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
