// The typed error of charts/: a results folder or file that is missing, unrecognised or corrupt, or a chart
// asked of data that cannot give it (an unknown measure, kind, group or arm). Part of charts/. Messages name
// the folder or file, what was found and what is allowed; the CLI prints them as they are and exits 1.

export class ChartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartError';
  }
}
