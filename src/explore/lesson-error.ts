// The typed error for a guided-lesson file the author can fix (a misspelt parameter path, a value out of its
// range, a measure the model does not have, arm B setting what both arms share). Part of explore/; browser-safe.
// Like ScenarioError and TrialError, every message names the file, the field, the bad value and what is allowed.
import { formatIssues } from '../scenario/errors.js';

export interface LessonIssue {
  /** Dotted field path in the lesson file, e.g. steps.2.settings.b.workers.caseloadCapacity; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class LessonError extends Error {
  readonly file: string;
  readonly issues: readonly LessonIssue[];
  constructor(file: string, issues: readonly LessonIssue[] | string) {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(file, list, 'lesson', true));
    this.name = 'LessonError';
    this.file = file;
    this.issues = list;
  }
}
