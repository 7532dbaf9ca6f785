// The typed error for output problems the user can fix (an existing results folder, an unwritable place,
// an unsupported file type). Part of output/. The CLI prints the message as is and exits 1.

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/**
 * The output place holds earlier results cpi-sim wrote (a results folder of the right kind, or a file):
 * the same command with --force replaces them. The CLI adds the exact command that does so, since it knows
 * how it was started (`npm start --`, `npx cpi-sim`, `cpi-sim`).
 */
export class ExistingOutputError extends OutputError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ExistingOutputError';
  }
}

/** A results folder that does not match its manifest (a file changed, cut short, missing or replaced). */
export class FolderIntegrityError extends OutputError {
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'FolderIntegrityError';
  }
}
