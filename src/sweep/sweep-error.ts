// The typed error for a sweep file or sweep folder the user can fix (a bad field, a factor outside its
// parameter's range, a folder from another sweep, shards that do not fit together). Part of sweep/.
// Like ScenarioError, every message names the file, the field, the bad value and what is allowed.

import { formatIssues } from '../scenario/errors.js';

export interface SweepIssue {
  /** Dotted field path in the sweep file, e.g. factors.1.range; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class SweepError extends Error {
  readonly file: string;
  readonly issues: readonly SweepIssue[];
  constructor(file: string, issues: readonly SweepIssue[] | string) {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(file, list, 'sweep', true));
    this.name = 'SweepError';
    this.file = file;
    this.issues = list;
  }
}
