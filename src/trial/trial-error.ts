// The typed error for a trial design the user can fix (a bad field, an arm the scenario does not have).
// Part of trial/. Like ScenarioError, every message names the file, the field, the bad value and what is allowed.

import { formatIssues } from '../scenario/errors.js';

export interface TrialIssue {
  /** Dotted field path in the design file, e.g. retention.expected; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class TrialError extends Error {
  readonly file: string;
  readonly issues: readonly TrialIssue[];
  constructor(file: string, issues: readonly TrialIssue[] | string) {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(file, list, 'trial design', true));
    this.name = 'TrialError';
    this.file = file;
    this.issues = list;
  }
}
