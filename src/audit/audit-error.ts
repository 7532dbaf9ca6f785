// The typed error of `cpi-sim audit` for input the user can fix: a parameter with no declared role, a value
// of a parameter's range that cannot be run, an unknown arm, an --only pattern that selects nothing. Part of
// audit/. Like ScenarioError, each message names the scenario, the parameter, the value and what is allowed.
import { formatIssues } from '../scenario/errors.js';

export interface AuditIssue {
  /** The parameter path (or option) the problem is about. */
  readonly path: string;
  readonly message: string;
}

export class AuditError extends Error {
  readonly scenario: string;
  readonly issues: readonly AuditIssue[];
  constructor(scenario: string, issues: readonly AuditIssue[] | string) {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(scenario, list, 'audit', true));
    this.name = 'AuditError';
    this.scenario = scenario;
    this.issues = list;
  }
}
