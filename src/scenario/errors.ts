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
  const cut = (path: string) => (path.length > 160 ? `${path.slice(0, 157)}...` : path);
  const lines = issues.slice(0, 20).map((i) => `  - ${cut(i.path) || '(top level)'}: ${i.message}`);
  if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
  return [head, ...lines].join('\n');
}

/**
 * Render a value compactly for an error message: its JSON, cut to 80 characters. Bounded work whatever the
 * value (a huge array or a value nested thousands deep stops being walked once 80 characters are out).
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  const LIMIT = 81;
  const out: string[] = [];
  let length = 0;
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const primitive = (v: unknown): string | undefined => {
    if (typeof v === 'string') return JSON.stringify(v.length > LIMIT ? v.slice(0, LIMIT) : v);
    if (typeof v === 'bigint') return String(v);
    return JSON.stringify(v) as string | undefined;
  };
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return emit(primitive(v) ?? 'null');
    if (Array.isArray(v)) {
      emit('[');
      for (let k = 0; k < v.length && length < LIMIT; k++) {
        if (k > 0) emit(',');
        walk(v[k]);
      }
      return emit(']');
    }
    emit('{');
    let first = true;
    for (const key in v) {
      if (length >= LIMIT) break;
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      if (!first) emit(',');
      first = false;
      emit(`${primitive(key)}:`);
      walk(x);
    }
    emit('}');
  };
  walk(value);
  const s = out.join('');
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** A name from a file, quoted for a message and cut to 60 characters (a field name can be megabytes long). */
export function showName(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name);
}

/** How many unknown names get their own "did you mean" search and line in a message; the rest are counted. */
export const MAX_LISTED_UNKNOWN = 20;

/**
 * "unknown field(s) "a" (did you mean "b"?), …; allowed: …": the first MAX_LISTED_UNKNOWN names with hints,
 * the rest counted, so that a file with 100,000 unknown fields is answered at once.
 */
export function describeUnknownKeys(keys: readonly string[], allowed: readonly string[] | undefined): string {
  const listed = keys.slice(0, MAX_LISTED_UNKNOWN).map((k) => {
    const s = allowed ? suggest(k, allowed) : [];
    return s.length ? `${showName(k)} (did you mean ${s.map((x) => `"${x}"`).join(' or ')}?)` : showName(k);
  });
  if (keys.length > MAX_LISTED_UNKNOWN) listed.push(`and ${keys.length - MAX_LISTED_UNKNOWN} more`);
  return `unknown field${keys.length > 1 ? 's' : ''} ${listed.join(', ')}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
}

/** Closest names by edit distance, for "did you mean" hints (none for words too long to be a misspelt name). */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  if (word.length > 200) return [];
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
