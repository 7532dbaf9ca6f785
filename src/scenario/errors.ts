// Typed input errors. Part of scenario/. Every message names the file, the field path, the bad value
// and what is allowed (STYLE.md principle 5), so the CLI can print it as is and exit non-zero.

export class ScenarioError extends Error {
  readonly file: string;
  readonly issues: readonly ScenarioIssue[];
  constructor(file: string, issues: readonly ScenarioIssue[]) {
    super(formatIssues(file, issues));
    this.name = 'ScenarioError';
    this.file = file;
    this.issues = issues;
  }
}

export interface ScenarioIssue {
  /** Dotted field path, e.g. parameters.barriers.user.selfStigma.onsetRate.value */
  readonly path: string;
  readonly message: string;
}

/**
 * "FILE: invalid WHAT (n problems)" and one line per issue. With `compactWholeFile`, a single issue about the
 * file as a whole reads "FILE: message". Shared by the scenario, sweep and trial-design errors.
 */
export function formatIssues(file: string, issues: readonly ScenarioIssue[], what = 'scenario', compactWholeFile = false): string {
  if (compactWholeFile && issues.length === 1 && issues[0].path === '') return `${file}: ${issues[0].message}`;
  const head = `${file}: invalid ${what} (${issues.length} problem${issues.length === 1 ? '' : 's'})`;
  const lines = issues.slice(0, 20).map((i) => `  - ${i.path || '(top level)'}: ${i.message}`);
  if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
  return [head, ...lines].join('\n');
}

/** Render a value compactly for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Closest names by edit distance, for "did you mean" hints. */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<[number, string]> = [];
  for (const c of candidates) scored.push([editDistance(word.toLowerCase(), c.toLowerCase()), c]);
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  const limit = Math.max(2, Math.floor(word.length / 3));
  return scored.filter(([d]) => d <= limit).slice(0, max).map(([, c]) => c);
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
