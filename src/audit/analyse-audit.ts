// The verdicts of a mechanism audit (MODEL.md §8, issue 14): per parameter, end and outcome the paired
// difference from the default over common-random-number seeds, its paired t and relative size; per parameter
// a verdict against its declared role; per coupled pair the interaction (joint effect − the two single
// effects). Part of audit/; pure: the numbers come in as arrays, so the rules are tested on hand-made data.
//
// Thresholds. An outcome "moves" when its mean paired difference is at least 1% of the default mean AND its
// paired t is at least 3 in size. 1%: outputs are read at three significant figures in tables and charts,
// and the smallest effect anyone reads into this model (the pilot's fidelity effect on access to social
// capital, partial η² = .05, Webber et al. 2019) is several times larger, so a parameter that cannot move a
// declared outcome by 1% across its whole range does nothing a user could see. |t| ≥ 3: with K = 5 seeds
// (4 degrees of freedom) a single test passes it by chance with probability about 0.04; common random
// numbers make paired differences far less noisy than the outcomes themselves, so a real 1% effect has |t|
// far above 3, while chance alone rarely gives both a 1% change and |t| ≥ 3.
import { COUNT_MEASURES, GROUP_MEASURES, type GroupMeasure } from '../metrics/groups.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import type { OutcomeDirection, OutcomeScope, ParameterRole } from '../scenario/role-spec.js';
import type { AuditEnd, AuditFactor, AuditPair } from './plan-audit.js';

export const MIN_RELATIVE_CHANGE = 0.01;
export const MIN_PAIRED_T = 3;

// active_barriers is a barrier's own state (what switching it on or its rates change directly), not an outcome
// it reaches: a barrier that moves only its own count does nothing to the people who have it. The worker time
// a user receives is resource use (for costing), not an outcome of the user either.
const NOT_USER_OUTCOMES: ReadonlySet<string> = new Set(['active_barriers', 'worker_hours', 'peer_worker_hours', 'worker_contacts', 'peer_support_weeks']);
const USER_OUTCOMES: ReadonlySet<string> = new Set<string>([...USER_MEASURES, ...COUNT_MEASURES].filter((m) => !NOT_USER_OUTCOMES.has(m)));
/** An outcome of the service users themselves (their networks, capital, proxies, partnership, flows). */
export const isUserOutcome = (m: GroupMeasure): boolean => USER_OUTCOMES.has(m);

/** The outcomes every parameter's rows report, and the chart's columns: the paper's headline outcomes. */
export const HEADLINE_OUTCOMES: readonly GroupMeasure[] = [
  'new_ties',
  'network_size',
  'outside_services_ties',
  'extensity',
  'rg_total',
  'social_confidence',
  'wellbeing',
  'social_inclusion',
];

export const VERDICTS = ['acts', 'dead', 'near-dead', 'contradicts', 'leaks', 'failed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What one row (parameter × end × outcome) shows. */
export type RowVerdict = 'as declared' | 'contradicts' | 'flat' | 'leaks' | 'undeclared move' | 'identical';

/** The runs of one design point: per replicate a digest, and per "scope:measure" the final value of each replicate. */
export interface PointRuns {
  /** Runs that failed at this point. */
  readonly failed: number;
  /** Per replicate, the run's series_sha256 ("" for a failed run). */
  readonly digests: readonly string[];
  /** Per "all:new_ties" / "minority:new_ties", the final value of each replicate (NaN where missing). */
  readonly values: ReadonlyMap<string, readonly number[]>;
}

export interface AuditRuns {
  readonly default: PointRuns;
  /** Per parameter path, the runs of each of its ends (in the factor's order). */
  readonly ends: ReadonlyMap<string, readonly PointRuns[]>;
  /** Per pair ("a|b"), the runs at every combination of ends: index ia × (ends of b) + ib. */
  readonly pairs?: ReadonlyMap<string, readonly PointRuns[]>;
}

export interface PairedEffect {
  readonly n: number;
  readonly defaultMean: number;
  readonly changedMean: number;
  readonly difference: number;
  readonly relative: number;
  readonly t: number;
}

export interface AuditRow {
  readonly parameter: string;
  readonly role: ParameterRole['role'];
  readonly end: string;
  readonly value: AuditEnd['value'];
  readonly scope: OutcomeScope;
  readonly outcome: GroupMeasure;
  /** What the role declares for this outcome: up, down, either, "may change" (a measurement's list), or "". */
  readonly expected: OutcomeDirection | 'may change' | '';
  readonly effect: PairedEffect;
  readonly verdict: RowVerdict;
}

export interface ParameterVerdict {
  readonly parameter: string;
  readonly role: ParameterRole['role'];
  readonly ends: readonly AuditEnd[];
  readonly verdict: Verdict;
  readonly reason: string;
  /** The scenario's reason for accepting this finding, when it lists the parameter. */
  readonly accepted?: string;
}

export interface PairRow {
  readonly a: string;
  readonly endA: string;
  readonly valueA: AuditEnd['value'];
  readonly b: string;
  readonly endB: string;
  readonly valueB: AuditEnd['value'];
  readonly outcome: GroupMeasure;
  readonly defaultMean: number;
  readonly effectA: number;
  readonly effectB: number;
  readonly joint: number;
  readonly interaction: number;
  readonly relativeInteraction: number;
  readonly t: number;
  readonly n: number;
}

export interface AuditAnalysis {
  readonly rows: readonly AuditRow[];
  readonly parameters: readonly ParameterVerdict[];
  readonly pairs: readonly PairRow[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean and paired t of differences; t is ±∞ when every difference is the same non-zero number, 0 when all are 0. */
export function pairedT(d: readonly number[]): { mean: number; t: number } {
  const n = d.length;
  if (n === 0) return { mean: NaN, t: NaN };
  const m = mean(d);
  if (n < 2) return { mean: m, t: NaN };
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
  // Differences equal to rounding error of the mean count as no spread.
  if (sd <= 1e-12 * Math.max(1, Math.abs(m))) return { mean: m, t: m === 0 ? 0 : m > 0 ? Infinity : -Infinity };
  return { mean: m, t: m / (sd / Math.sqrt(n)) };
}

/** Relative change: difference over |default mean|; ±∞ for a change from 0, 0 for no change. */
export function relativeChange(difference: number, defaultMean: number): number {
  if (difference === 0) return 0;
  if (defaultMean === 0) return difference > 0 ? Infinity : -Infinity;
  return difference / Math.abs(defaultMean);
}

/** The paired effect of `changed` against `base`, seed by seed (replicates where either is missing are left out). */
export function pairedEffect(base: readonly number[], changed: readonly number[]): PairedEffect {
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < Math.min(base.length, changed.length); i++)
    if (Number.isFinite(base[i]) && Number.isFinite(changed[i])) {
      b.push(base[i]);
      c.push(changed[i]);
    }
  const { mean: difference, t } = pairedT(c.map((x, i) => x - b[i]));
  const defaultMean = b.length ? mean(b) : NaN;
  return { n: b.length, defaultMean, changedMean: c.length ? mean(c) : NaN, difference, relative: relativeChange(difference, defaultMean), t };
}

/** Does this effect count as a move (see the file comment)? */
export function moves(e: PairedEffect): boolean {
  return e.n >= 2 && Math.abs(e.relative) >= MIN_RELATIVE_CHANGE && Math.abs(e.t) >= MIN_PAIRED_T;
}

/** The sign a declared direction expects at an end, or 0 when any sign will do. */
function expectedSign(direction: OutcomeDirection, end: AuditEnd): number {
  if (direction === 'either' || end.direction === 0) return 0;
  return (direction === 'up' ? 1 : -1) * end.direction;
}

const pct = (r: number) => (Number.isFinite(r) ? `${r >= 0 ? '+' : '−'}${Math.abs(r * 100) < 10 ? Math.abs(r * 100).toFixed(1) : Math.abs(r * 100).toFixed(0)}%` : r > 0 ? '+∞%' : '−∞%');
const tText = (t: number) => (Number.isFinite(t) ? `t = ${t.toFixed(1).replace('-', '−')}` : `t = ${t > 0 ? '' : '−'}∞`);
const showValue = (v: AuditEnd['value']) => (typeof v === 'number' ? String(+v.toPrecision(6)) : String(v));
/** "new_ties −16% (t = −9.2) at high (20)". */
function describeMove(row: AuditRow): string {
  return `${row.scope === 'minority' ? 'minority ' : ''}${row.outcome} ${pct(row.effect.relative)} (${tText(row.effect.t)}) at ${row.end}${row.end === showValue(row.value) ? '' : ` (${showValue(row.value)})`}`;
}

const arrow = (d: OutcomeDirection) => (d === 'up' ? '↑' : d === 'down' ? '↓' : '↕');

/** The outcomes a role is judged on: [scope, measure, expected]. */
function declaredOutcomes(role: ParameterRole): Array<[OutcomeScope, GroupMeasure, OutcomeDirection | 'may change']> {
  if (role.role === 'mechanism') return (Object.entries(role.moves) as Array<[GroupMeasure, OutcomeDirection]>).map(([m, d]) => [role.scope ?? 'all', m, d]);
  if (role.role === 'measurement') return role.measures.map((m) => ['all', m, 'may change']);
  return [];
}

/** Rows and verdict of one parameter. */
export function analyseParameter(factor: AuditFactor, runs: AuditRuns): { rows: AuditRow[]; verdict: ParameterVerdict } {
  const role = factor.role;
  const base = { parameter: factor.path, role: role.role, ends: factor.ends };
  const endRuns = runs.ends.get(factor.path) ?? [];
  const verdict = (v: Verdict, reason: string) => ({ ...base, verdict: v, reason });
  const rows: AuditRow[] = [];
  // 1. Rows: declared outcomes, the headline outcomes, and (measurement) every other measure that moves.
  const declared = declaredOutcomes(role);
  const declaredKeys = new Set(declared.map(([s, m]) => `${s}:${m}`));
  const identicalAt = factor.ends.map((_, i) => {
    const e = endRuns[i];
    return e !== undefined && e.failed === 0 && runs.default.failed === 0 && e.digests.length > 0 && e.digests.every((d, r) => d !== '' && d === runs.default.digests[r]);
  });
  const valuesOf = (p: PointRuns, key: string) => p.values.get(key) ?? [];
  factor.ends.forEach((end, i) => {
    const e = endRuns[i];
    if (!e) return;
    const seen = new Set<string>();
    const add = (scope: OutcomeScope, outcome: GroupMeasure, expected: AuditRow['expected'], always: boolean) => {
      const key = `${scope}:${outcome}`;
      if (seen.has(key)) return;
      const effect = pairedEffect(valuesOf(runs.default, key), valuesOf(e, key));
      const moved = moves(effect);
      if (!always && !moved) return;
      seen.add(key);
      let v: RowVerdict;
      if (identicalAt[i]) v = 'identical';
      else if (expected === '') v = moved ? (role.role === 'measurement' ? 'leaks' : 'undeclared move') : 'flat';
      else if (!moved) v = 'flat';
      else if (expected === 'may change') v = 'as declared';
      else v = expectedSign(expected, end) * Math.sign(effect.difference) < 0 ? 'contradicts' : 'as declared';
      rows.push({ parameter: factor.path, role: role.role, end: end.end, value: end.value, scope, outcome, expected, effect, verdict: v });
    };
    for (const [s, m, d] of declared) add(s, m, d, true);
    for (const m of HEADLINE_OUTCOMES) add('all', m, declaredKeys.has(`all:${m}`) ? declared.find(([s, x]) => s === 'all' && x === m)![2] : '', true);
    if (role.role === 'measurement') for (const m of GROUP_MEASURES) if (!declaredKeys.has(`all:${m}`)) add('all', m, '', false);
  });

  // 2. The verdict.
  if (runs.default.failed > 0) return { rows, verdict: verdict('failed', `${runs.default.failed} run(s) at the default point failed (see runs/runs.csv)`) };
  const failed = endRuns.reduce((a, e) => a + e.failed, 0);
  if (failed > 0) return { rows, verdict: verdict('failed', `${failed} run(s) failed at its ends (see runs/runs.csv)`) };
  if (factor.ends.length === 0) return { rows, verdict: verdict('acts', `not screened: ${factor.unscreened ?? 'no value to move it to'}`) };
  const endsText = factor.ends.map((e) => `${e.end} ${showValue(e.value)}`).join(', ');
  if (role.role === 'size' || role.role === 'horizon') return { rows, verdict: verdict('acts', `${role.role}: ran at ${endsText}; judged only for running`) };
  const dead = identicalAt.every(Boolean);
  if (role.role === 'measurement') {
    if (dead) return { rows, verdict: role.measures.length ? verdict('dead', `bit-identical to the default at ${endsText}, every seed, though it may change ${role.measures.join(', ')}`) : verdict('acts', 'changes nothing, as declared (observation only)') };
    const leaks = rows.filter((r) => r.verdict === 'leaks');
    if (leaks.length) return { rows, verdict: verdict('leaks', `moves measures it does not list: ${leaks.slice(0, 3).map(describeMove).join('; ')}${leaks.length > 3 ? `; and ${leaks.length - 3} more` : ''}`) };
    if (role.measures.length && !rows.some((r) => r.verdict === 'as declared'))
      return { rows, verdict: verdict('near-dead', `none of ${role.measures.join(', ')} moves by ≥ 1% with |t| ≥ 3 at ${endsText}`) };
    return { rows, verdict: verdict('acts', role.measures.length ? `changes ${[...new Set(rows.filter((r) => r.verdict === 'as declared').map((r) => r.outcome))].join(', ')} and nothing else` : 'changes no final value, as declared') };
  }
  if (dead) return { rows, verdict: verdict('dead', `bit-identical to the default at ${endsText}, every seed`) };
  const judged = rows.filter((r) => r.expected !== '' && r.expected !== 'may change');
  const against = judged.filter((r) => r.verdict === 'contradicts');
  if (against.length)
    return { rows, verdict: verdict('contradicts', against.slice(0, 3).map((r) => `${r.scope === 'minority' ? 'minority ' : ''}${r.outcome} declared ${arrow(r.expected as OutcomeDirection)}, but ${describeMove(r).replace(/^(minority )?\S+ /, '')}`).join('; ')) };
  const acting = judged.filter((r) => r.verdict === 'as declared');
  if (acting.length === 0) {
    const largest = [...judged].sort((x, y) => Math.abs(y.effect.relative) - Math.abs(x.effect.relative))[0];
    return {
      rows,
      verdict: verdict('near-dead', `no declared outcome moves by ≥ 1% with |t| ≥ 3${largest ? `; largest: ${describeMove(largest)}` : ' (it declares none)'}`),
    };
  }
  // A mechanism must reach the service users it is for (MODEL.md §8: mechanisms that "do not reach what they
  // should"): one that declares user outcomes but moves only its proximal measures (knowledge, hours, worker
  // counts) is near-dead on every user outcome, as the issue's screen found agency skill sharing to be.
  const userDeclared = judged.filter((r) => isUserOutcome(r.outcome));
  if (userDeclared.length && !acting.some((r) => isUserOutcome(r.outcome))) {
    const largest = [...userDeclared].sort((x, y) => Math.abs(y.effect.relative) - Math.abs(x.effect.relative))[0];
    return {
      rows,
      verdict: verdict(
        'near-dead',
        `moves only ${[...new Set(acting.map((r) => r.outcome))].join(', ')}; none of its declared user outcomes (${[...new Set(userDeclared.map((r) => r.outcome))].join(', ')}) moves by ≥ 1% with |t| ≥ 3; largest: ${describeMove(largest)}`,
      ),
    };
  }
  // A mechanism that moves only the proximal measures it declares (knowledge, barriers, hours) says so: the
  // headline outcomes are in audit.csv.
  const headline = rows.some((r) => r.scope === 'all' && HEADLINE_OUTCOMES.includes(r.outcome) && (r.verdict === 'as declared' || r.verdict === 'undeclared move'));
  return { rows, verdict: verdict('acts', `${acting.slice(0, 2).map(describeMove).join('; ')}${headline ? '' : '; no headline outcome moves'}`) };
}

/** Interaction rows of one pair, for the headline outcomes (and the declared outcomes of both). */
export function analysePair(pair: AuditPair, a: AuditFactor, b: AuditFactor, runs: AuditRuns): PairRow[] {
  const joint = runs.pairs?.get(`${pair.a}|${pair.b}`);
  const ea = runs.ends.get(a.path);
  const eb = runs.ends.get(b.path);
  if (!joint || !ea || !eb) return [];
  const outcomes = [...new Set<GroupMeasure>([...HEADLINE_OUTCOMES])];
  const rows: PairRow[] = [];
  a.ends.forEach((endA, ia) =>
    b.ends.forEach((endB, ib) => {
      const j = joint[ia * b.ends.length + ib];
      for (const outcome of outcomes) {
        const key = `all:${outcome}`;
        const d0 = runs.default.values.get(key) ?? [];
        const da = ea[ia].values.get(key) ?? [];
        const db = eb[ib].values.get(key) ?? [];
        const dj = j.values.get(key) ?? [];
        const inter: number[] = [];
        const fa: number[] = [];
        const fb: number[] = [];
        const fj: number[] = [];
        const f0: number[] = [];
        for (let r = 0; r < d0.length; r++) {
          if (![d0[r], da[r], db[r], dj[r]].every(Number.isFinite)) continue;
          f0.push(d0[r]);
          fa.push(da[r] - d0[r]);
          fb.push(db[r] - d0[r]);
          fj.push(dj[r] - d0[r]);
          inter.push(dj[r] - da[r] - db[r] + d0[r]);
        }
        const { mean: interaction, t } = pairedT(inter);
        const defaultMean = f0.length ? mean(f0) : NaN;
        rows.push({
          a: a.path,
          endA: endA.end,
          valueA: endA.value,
          b: b.path,
          endB: endB.end,
          valueB: endB.value,
          outcome,
          defaultMean,
          effectA: f0.length ? mean(fa) : NaN,
          effectB: f0.length ? mean(fb) : NaN,
          joint: f0.length ? mean(fj) : NaN,
          interaction,
          relativeInteraction: relativeChange(interaction, defaultMean),
          t,
          n: f0.length,
        });
      }
    }),
  );
  return rows;
}

/**
 * Analyse an audit: rows and verdicts of every factor, in the plan's order, and the pairs' interactions.
 * `accepted` maps a parameter path to the scenario's reason for accepting its finding.
 */
export function analyseAudit(
  factors: readonly AuditFactor[],
  pairs: readonly AuditPair[],
  runs: AuditRuns,
  accepted: ReadonlyMap<string, string> = new Map(),
): AuditAnalysis {
  const rows: AuditRow[] = [];
  const parameters: ParameterVerdict[] = [];
  for (const f of factors) {
    const r = analyseParameter(f, runs);
    rows.push(...r.rows);
    const reason = accepted.get(f.path);
    parameters.push(reason !== undefined && r.verdict.verdict !== 'acts' ? { ...r.verdict, accepted: reason } : r.verdict);
  }
  const byPath = new Map(factors.map((f) => [f.path, f]));
  const pairRows = pairs.flatMap((p) => analysePair(p, byPath.get(p.a)!, byPath.get(p.b)!, runs));
  return { rows, parameters, pairs: pairRows };
}

/** Parameters whose verdict is a finding the scenario does not accept (the audit exits 3 when there is one). */
export function unacceptedFindings(analysis: AuditAnalysis): ParameterVerdict[] {
  return analysis.parameters.filter((p) => p.verdict !== 'acts' && p.accepted === undefined);
}
