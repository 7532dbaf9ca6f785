// The typed error for output problems the user can fix (an existing results folder, an unwritable place,
// an unsupported file type). Part of output/. The CLI prints the message as is and exits 1.

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}
