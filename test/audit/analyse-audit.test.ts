// The audit's rules on hand-made numbers: paired t and relative change computed by hand, and one parameter
// per verdict (acts, dead, near-dead, contradicts, leaks, failed), a measurement with an empty list that
// changes nothing (acts), a size parameter judged only for running, accepted findings, and a pair's
// interaction = joint − a − b.
import { describe, expect, test } from 'vitest';
import { analyseAudit, analyseParameter, pairedEffect, pairedT, unacceptedFindings, type AuditRuns, type PointRuns } from '../../src/audit/analyse-audit.js';
import type { AuditEnd, AuditFactor } from '../../src/audit/plan-audit.js';
import type { ParameterRole } from '../../src/scenario/role-spec.js';

const K = 4;
/** A point whose runs give `values` per "scope:measure" (one number per seed) and digests. */
const point = (values: Record<string, number[]>, digests: string[] = ['a', 'b', 'c', 'd'], failed = 0): PointRuns => ({ failed, digests, values: new Map(Object.entries(values)) });
const ends: AuditEnd[] = [
  { end: 'low', value: 0, direction: -1 },
  { end: 'high', value: 1, direction: 1 },
];
const factor = (path: string, role: ParameterRole, e: AuditEnd[] = ends): AuditFactor => ({ path, role, kind: 'number', value: 0.5, ends: e });
const mechanism = (moves: ParameterRole & { role: 'mechanism' } extends infer M ? (M extends { moves: infer X } ? X : never) : never, scope?: 'all' | 'minority'): ParameterRole => ({ role: 'mechanism', moves, scope, because: 'test', source: 'test' });

const base = { 'all:new_ties': [1.0, 1.2, 0.8, 1.0], 'all:network_size': [12, 12, 12, 12], 'all:weak_ties': [5, 5, 5, 5], 'minority:new_ties': [1, 1, 1, 1] };
const shifted = (key: string, by: number[], digests?: string[]) => point({ ...base, [key]: base[key as keyof typeof base].map((x, i) => x + by[i]) }, digests ?? ['a2', 'b2', 'c2', 'd2']);
const runsOf = (byPath: Record<string, PointRuns[]>, def = point(base)): AuditRuns => ({ default: def, ends: new Map(Object.entries(byPath)) });

describe('paired statistics', () => {
  test('paired t is the mean difference over its standard error (hand-computed)', () => {
    // d = 1, 2, 3, 2: mean 2, sd √(2/3), se √(2/3)/2, t = 2 / 0.40825 = 4.899
    const { mean, t } = pairedT([1, 2, 3, 2]);
    expect(mean).toBe(2);
    expect(t).toBeCloseTo(4.8990, 4);
    expect(pairedT([0, 0, 0]).t).toBe(0);
    expect(pairedT([0.5, 0.5, 0.5]).t).toBe(Infinity);
  });

  test('the effect pairs seeds, leaves out missing ones and gives the change relative to the default mean', () => {
    const e = pairedEffect([10, 20, NaN, 30], [11, 22, 5, 33]);
    expect(e.n).toBe(3);
    expect(e.defaultMean).toBe(20);
    expect(e.difference).toBe(2);
    expect(e.relative).toBeCloseTo(0.1, 12);
    expect(pairedEffect([0, 0], [1, 1]).relative).toBe(Infinity);
  });
});

describe('verdicts', () => {
  test('acts: a declared outcome moves the declared way by at least 1% with |t| ≥ 3', () => {
    const f = factor('p', mechanism({ new_ties: 'up' }));
    const r = analyseParameter(f, runsOf({ p: [shifted('all:new_ties', [-0.1, -0.12, -0.09, -0.1]), shifted('all:new_ties', [0.2, 0.21, 0.19, 0.2])] }));
    expect(r.verdict.verdict).toBe('acts');
    expect(r.verdict.reason).toMatch(/new_ties −10% \(t = −\d+\.\d\) at low \(0\)/);
    const row = r.rows.find((x) => x.end === 'high' && x.outcome === 'new_ties')!;
    expect(row.verdict).toBe('as declared');
    expect(row.effect.relative).toBeCloseTo(0.2, 10);
  });

  test('near-dead: a mechanism that moves only its proximal measure, not the user outcome it declares', () => {
    const f = factor('p', mechanism({ worker_knowledge: 'up', new_ties: 'up' }));
    const prox = { ...base, 'all:worker_knowledge': [10, 10, 10, 10] };
    const moved = (by: number) => point({ ...prox, 'all:worker_knowledge': prox['all:worker_knowledge'].map((x, i) => x + by + i * 0.01) }, ['e', 'f', 'g', 'h']);
    const r = analyseParameter(f, runsOf({ p: [moved(-2), moved(3)] }, point(prox)));
    expect(r.verdict.verdict).toBe('near-dead');
    expect(r.verdict.reason).toMatch(/moves only worker_knowledge; none of its declared user outcomes \(new_ties\)/);
    // The same parameter acts once the user outcome moves too.
    const both = (by: number) => point({ ...prox, 'all:worker_knowledge': prox['all:worker_knowledge'].map((x, i) => x + by + i * 0.01), 'all:new_ties': base['all:new_ties'].map((x, i) => x + by / 10 + i * 0.001) }, ['e', 'f', 'g', 'h']);
    expect(analyseParameter(f, runsOf({ p: [both(-2), both(3)] }, point(prox))).verdict.verdict).toBe('acts');
  });

  test('near-dead: a barrier that moves only its own active_barriers count reaches no user outcome', () => {
    const f = factor('p', mechanism({ active_barriers: 'up', new_ties: 'down' }));
    const own = { ...base, 'all:active_barriers': [1, 1, 1, 1] };
    const moved = (by: number) => point({ ...own, 'all:active_barriers': own['all:active_barriers'].map((x, i) => x + by + i * 0.01) }, ['e', 'f', 'g', 'h']);
    const r = analyseParameter(f, runsOf({ p: [moved(-0.5), moved(1)] }, point(own)));
    expect(r.verdict.verdict).toBe('near-dead');
    expect(r.verdict.reason).toMatch(/moves only active_barriers/);
  });

  test('contradicts: a significant effect against the declared direction, at either end', () => {
    const f = factor('p', mechanism({ new_ties: 'up' }));
    // Falls at the high end: against ↑.
    const r = analyseParameter(f, runsOf({ p: [point(base, ['a', 'b', 'c', 'd']), shifted('all:new_ties', [-0.2, -0.21, -0.19, -0.2])] }));
    expect(r.verdict.verdict).toBe('contradicts');
    expect(r.verdict.reason).toMatch(/^new_ties declared ↑, but −20% \(t = −\d+\.\d\) at high \(1\)/);
    // Declared ↓ and the same numbers: acts.
    expect(analyseParameter(factor('p', mechanism({ new_ties: 'down' })), runsOf({ p: [point(base, ['a', 'b', 'c', 'd']), shifted('all:new_ties', [-0.2, -0.21, -0.19, -0.2])] })).verdict.verdict).toBe('acts');
  });

  test('near-dead: a large but noisy change (|t| < 3) or a steady change under 1% does not count', () => {
    const f = factor('p', mechanism({ new_ties: 'up' }));
    const noisy = shifted('all:new_ties', [0.5, -0.3, 0.4, -0.2]); // mean +0.1 (10%), t ≈ 0.5
    const tiny = shifted('all:new_ties', [0.005, 0.005, 0.005, 0.005]); // +0.5%, t = ∞
    const r = analyseParameter(f, runsOf({ p: [noisy, tiny] }));
    expect(r.verdict.verdict).toBe('near-dead');
    expect(r.verdict.reason).toMatch(/largest: new_ties \+10% \(t = 0\.\d\) at low/);
  });

  test('dead: bit-identical digests at both ends and every seed; one differing digest is not dead', () => {
    const f = factor('p', mechanism({ new_ties: 'up' }));
    expect(analyseParameter(f, runsOf({ p: [point(base), point(base)] })).verdict.verdict).toBe('dead');
    expect(analyseParameter(f, runsOf({ p: [point(base), point(base, ['a', 'b', 'c', 'x'])] })).verdict.verdict).toBe('near-dead');
  });

  test('a minority mechanism is judged on the minority group', () => {
    const f = factor('b', mechanism({ new_ties: 'down' }, 'minority'));
    const r = analyseParameter(f, runsOf({ b: [shifted('minority:new_ties', [0.1, 0.1, 0.11, 0.1]), shifted('minority:new_ties', [-0.1, -0.1, -0.11, -0.1])] }));
    expect(r.verdict.verdict).toBe('acts');
    expect(r.rows.some((x) => x.scope === 'minority' && x.outcome === 'new_ties' && x.verdict === 'as declared')).toBe(true);
  });

  test('measurement: leaks when it moves a measure it does not list; acts when it moves only its own', () => {
    const role: ParameterRole = { role: 'measurement', measures: ['weak_ties'], because: 'test' };
    const own = shifted('all:weak_ties', [1, 1, 1, 1]);
    expect(analyseParameter(factor('m', role), runsOf({ m: [own, own] })).verdict.verdict).toBe('acts');
    const leak = point({ ...base, 'all:weak_ties': [6, 6, 6, 6], 'all:network_size': [13, 13.1, 13, 13] }, ['x', 'y', 'z', 'w']);
    const r = analyseParameter(factor('m', role), runsOf({ m: [own, leak] }));
    expect(r.verdict.verdict).toBe('leaks');
    expect(r.verdict.reason).toMatch(/network_size \+8\.\d% .* at high/);
    expect(r.rows.find((x) => x.outcome === 'network_size' && x.end === 'high')!.verdict).toBe('leaks');
  });

  test('a measurement with an empty list that changes nothing acts; with a list, bit-identical is dead', () => {
    const empty: ParameterRole = { role: 'measurement', measures: [], because: 'test' };
    expect(analyseParameter(factor('m', empty), runsOf({ m: [point(base), point(base)] })).verdict).toMatchObject({ verdict: 'acts', reason: 'changes nothing, as declared (observation only)' });
    const listed: ParameterRole = { role: 'measurement', measures: ['weak_ties'], because: 'test' };
    expect(analyseParameter(factor('m', listed), runsOf({ m: [point(base), point(base)] })).verdict.verdict).toBe('dead');
  });

  test('a size parameter is judged only for running; failed runs are a finding whatever the role', () => {
    const size = factor('s', { role: 'size', because: 'test' }, [{ end: 'half', value: 7, direction: -1 }, { end: 'double', value: 28, direction: 1 }]);
    expect(analyseParameter(size, runsOf({ s: [point(base), point(base)] })).verdict).toMatchObject({ verdict: 'acts', reason: 'size: ran at half 7, double 28; judged only for running' });
    expect(analyseParameter(size, runsOf({ s: [point(base), point(base, ['a', 'b', 'c', ''], 1)] })).verdict.verdict).toBe('failed');
  });

  test('accepted findings are kept with their reason and no longer count', () => {
    const f = factor('p', mechanism({ new_ties: 'up' }));
    const g = factor('q', mechanism({ new_ties: 'up' }));
    const a = analyseAudit([f, g], [], runsOf({ p: [point(base), point(base)], q: [point(base), point(base)] }), new Map([['p', 'matters only at region scale']]));
    expect(a.parameters.map((p) => [p.parameter, p.verdict, p.accepted])).toEqual([
      ['p', 'dead', 'matters only at region scale'],
      ['q', 'dead', undefined],
    ]);
    expect(unacceptedFindings(a).map((p) => p.parameter)).toEqual(['q']);
  });
});

describe('pairs', () => {
  test('the interaction is the joint effect minus the two single effects, paired by seed', () => {
    const one: AuditEnd[] = [{ end: 'high', value: 1, direction: 1 }];
    const a = factor('a', mechanism({ new_ties: 'up' }), one);
    const b = factor('b', mechanism({ new_ties: 'down' }), one);
    const def = point({ 'all:new_ties': [1, 1, 1, 1] });
    const runs: AuditRuns = {
      default: def,
      ends: new Map([
        ['a', [point({ 'all:new_ties': [1.5, 1.5, 1.5, 1.5] })]],
        ['b', [point({ 'all:new_ties': [0.8, 0.8, 0.8, 0.8] })]],
      ]),
      pairs: new Map([['a|b', [point({ 'all:new_ties': [1.0, 1.1, 0.9, 1.0] })]]]),
    };
    const rows = analyseAudit([a, b], [{ a: 'a', b: 'b' }], runs).pairs.filter((r) => r.outcome === 'new_ties');
    expect(rows).toHaveLength(1);
    // joint 0, a +0.5, b −0.2: interaction −0.3 on average (per seed −0.3, −0.2, −0.4, −0.3).
    expect(rows[0].effectA).toBeCloseTo(0.5, 12);
    expect(rows[0].effectB).toBeCloseTo(-0.2, 12);
    expect(rows[0].joint).toBeCloseTo(0, 12);
    expect(rows[0].interaction).toBeCloseTo(-0.3, 12);
    expect(rows[0].t).toBeCloseTo(-0.3 / (Math.sqrt(0.02 / 3) / 2), 6);
    expect(rows[0].n).toBe(K);
  });
});
