// The typed error for a trial design the user can fix (a bad field, an arm the scenario does not have).
// Part of trial/. Like ScenarioError, every message names the file, the field, the bad value and what is allowed.

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
    super(formatTrialIssues(file, list));
    this.name = 'TrialError';
    this.file = file;
    this.issues = list;
  }
}

function formatTrialIssues(file: string, issues: readonly TrialIssue[]): string {
  if (issues.length === 1 && issues[0].path === '') return `${file}: ${issues[0].message}`;
  const head = `${file}: invalid trial design (${issues.length} problem${issues.length === 1 ? '' : 's'})`;
  const lines = issues.slice(0, 20).map((i) => `  - ${i.path || '(top level)'}: ${i.message}`);
  if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
  return [head, ...lines].join('\n');
}
