// The typed error for calibration input the user can fix: a bad field in a targets or free-parameters file,
// a parameter path the scenario does not have, a prior outside the parameter's declared range, a results
// folder holding another calibration. Part of calibrate/. Like ScenarioError, every message names the file,
// the field, the bad value and what is allowed.
import { formatIssues } from '../scenario/errors.js';

export interface CalibrationIssue {
  /** Dotted field path in the file, e.g. targets.2.scale; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class CalibrationError extends Error {
  readonly file: string;
  readonly issues: readonly CalibrationIssue[];
  constructor(file: string, issues: readonly CalibrationIssue[] | string, what = 'calibration file') {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(file, list, what, true));
    this.name = 'CalibrationError';
    this.file = file;
    this.issues = list;
  }
}
