// The typed error for a sweep file or sweep folder the user can fix (a bad field, a factor outside its
// parameter's range, a folder from another sweep, shards that do not fit together). Part of sweep/.
// Like ScenarioError, every message names the file, the field, the bad value and what is allowed.

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
    super(formatSweepIssues(file, list));
    this.name = 'SweepError';
    this.file = file;
    this.issues = list;
  }
}

function formatSweepIssues(file: string, issues: readonly SweepIssue[]): string {
  if (issues.length === 1 && issues[0].path === '') return `${file}: ${issues[0].message}`;
  const head = `${file}: invalid sweep (${issues.length} problem${issues.length === 1 ? '' : 's'})`;
  const lines = issues.slice(0, 20).map((i) => `  - ${i.path || '(top level)'}: ${i.message}`);
  if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
  return [head, ...lines].join('\n');
}
