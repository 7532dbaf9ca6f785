// Sweep files are checked at the edge: their shape (zod schema, also shipped as scenarios/sweep.schema.json),
// then against the scenario: factor paths exist, ranges lie within each parameter's declared range, listed
// values compile, arms, groups and measures exist. Every message names the file, the field, the bad value
// and what is allowed. The shipped example sweeps validate.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveSweep, loadSweep } from '../../src/sweep/load-sweep.js';
import { buildSweepJsonSchema } from '../../src/sweep/sweep-file.js';
import { SweepError } from '../../src/sweep/sweep-error.js';
import { planSweep } from '../../src/sweep/plan.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';

const FILE = 'my-sweep.json';
const valid = {
  name: 'check',
  description: 'a sweep for the tests',
  scenario: 'teaching-barriers',
  set: { ticks: 4 },
  factors: [
    { path: 'agencies.fidelity.mean', range: [0.2, 0.9] },
    { path: 'workers.turnoverRate', values: [0, 0.05] },
  ],
  design: { type: 'grid', levels: 3 },
  replicates: 2,
};
const edit = (change: (doc: Record<string, any>) => void): Record<string, any> => {
  const doc = JSON.parse(JSON.stringify(valid));
  change(doc);
  return doc;
};

/** Resolve a document, expect a SweepError naming FILE, and return its issues as "path: message" lines. */
function problems(doc: unknown): string[] {
  let error: unknown;
  try {
    resolveSweep(doc, FILE);
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a SweepError').toBeInstanceOf(SweepError);
  const e = error as SweepError;
  expect(e.file).toBe(FILE);
  expect(e.message.startsWith(`${FILE}: `)).toBe(true);
  return e.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('a valid sweep file', () => {
  test('resolves to the scenario, the factors, the design, and defaults for arms, groups, measures and keep', () => {
    const s = resolveSweep(valid, FILE);
    expect(s.base.name).toBe('teaching-barriers');
    expect(s.base.ticks).toBe(4);
    expect(s.factors.map((f) => f.path)).toEqual(['agencies.fidelity.mean', 'workers.turnoverRate']);
    expect(s.arms).toEqual(['with-barriers', 'no-barriers']);
    expect(s.groups).toEqual(['all']);
    expect(s.measures).toEqual([...GROUP_MEASURES]);
    expect(s.keep).toBe('final');
    expect(s.designSeed).toBe(7); // the scenario's seed when the sweep gives none
    expect(s.baseSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(planSweep(s).points.map((p) => p.values)).toEqual([
      [0.2, 0],
      [0.2, 0.05],
      [0.55, 0],
      [0.55, 0.05],
      [0.9, 0],
      [0.9, 0.05],
    ]);
  });

  test('an integer parameter is an integer factor without saying so, and a grid takes every whole number of its range', () => {
    const s = resolveSweep(
      edit((d) => {
        d.factors = [{ path: 'workers.caseloadCapacity', range: [3, 6] }];
        d.design = { type: 'grid' };
      }),
      FILE,
    );
    expect(s.factors[0].integer).toBe(true);
    expect(planSweep(s).points.map((p) => p.values[0])).toEqual([3, 4, 5, 6]);
  });

  test('booleans and option names can be factors: the design walks their indices and the runs get the values', () => {
    const s = resolveSweep(
      edit((d) => {
        d.factors = [
          { path: 'intervention.enabled', values: [true, false] },
          { path: 'partnership.momentumCoupling', values: ['geometric', 'minimum'] },
        ];
      }),
      FILE,
    );
    expect(planSweep(s).points.map((p) => p.values)).toEqual([
      [true, 'geometric'],
      [true, 'minimum'],
      [false, 'geometric'],
      [false, 'minimum'],
    ]);
  });

  test('every shipped example sweep validates and plans', () => {
    const dir = new URL('../../scenarios/sweeps/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['barrier-morris.json', 'fidelity-turnover.json']);
    for (const f of files) expect(planSweep(loadSweep(new URL(f, dir).pathname)).runs).toBeGreaterThan(10);
  });
});

describe('sweep file errors', () => {
  test('an unknown field is named, with a suggestion and the allowed fields', () => {
    const p = problems(edit((d) => (d.replicate = 3)));
    expect(p.some((l) => l.startsWith(': unknown field "replicate" (did you mean "replicates"?); allowed: $schema, name'))).toBe(true);
  });

  test('a missing or wrongly typed field names its path and what is expected', () => {
    expect(problems(edit((d) => delete d.replicates))).toEqual(['replicates: nothing is not allowed; expected a number']);
    expect(problems(edit((d) => (d.replicates = 0)))).toEqual(['replicates: 0 is out of range: >=1']);
    expect(problems(edit((d) => (d.keep = 'all')))).toEqual(['keep: "all" is not allowed; expected one of "final", "series"']);
  });

  test('an unknown design type lists the allowed types', () => {
    expect(problems(edit((d) => (d.design = { type: 'random', points: 3 })))).toEqual(['design.type: "random" is not a design type; allowed: "grid", "lhs", "sobol", "morris", "one-at-a-time"']);
  });

  test('an unknown parameter path is named with a suggestion', () => {
    const p = problems(edit((d) => (d.factors[0].path = 'agencies.fidelity.mena')));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^factors\.0\.path: unknown parameter "agencies\.fidelity\.mena"; did you mean "agencies\.fidelity\.mean"/);
  });

  test('a range outside the parameter\'s declared range names the range, the parameter and what is allowed', () => {
    expect(problems(edit((d) => (d.factors[0].range = [0.2, 1.5])))).toEqual([
      'factors.0.range: [0.2,1.5] is outside the declared range of agencies.fidelity.mean; allowed: within [0, 1] score 0–1 (widen the range in a scenario file to go further)',
    ]);
  });

  test('a listed value that does not compile is named by its index, with the scenario\'s own reason', () => {
    const p = problems(edit((d) => (d.factors[1].values = [0, 2])));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^factors\.1\.values\.1: 2 is (not allowed|out of range).*\[0, 1\]/);
  });

  test('seed and ticks cannot be factors, a path cannot be both fixed and varied, and a path is varied once', () => {
    expect(problems(edit((d) => (d.factors[0] = { path: 'ticks', values: [4, 8] }))).join('\n')).toContain('factors.0.path: "ticks" cannot be a factor');
    expect(problems(edit((d) => (d.set['agencies.fidelity.mean'] = 0.5))).join('\n')).toContain('factors.0.path: "agencies.fidelity.mean" is also given in "set"');
    expect(problems(edit((d) => (d.factors[1] = { path: 'agencies.fidelity.mean', values: [0.3] }))).join('\n')).toContain('factors.1.path: "agencies.fidelity.mean" is varied twice');
  });

  test('a factor gives exactly one of range and values, and a boolean parameter needs values', () => {
    expect(problems(edit((d) => (d.factors[0] = { path: 'agencies.fidelity.mean' })))).toEqual(['factors.0: give exactly one of "range" ([low, high]) or "values" (a list); neither was given']);
    expect(problems(edit((d) => (d.factors[0] = { path: 'intervention.enabled', range: [0, 1] })))).toEqual([
      'factors.0.range: intervention.enabled is true or false, not a number; give "values" instead, e.g. [false, true]',
    ]);
  });

  test('a grid needs levels for a range factor, and Morris needs an even number of levels', () => {
    expect(problems(edit((d) => (d.design = { type: 'grid' })))).toEqual([
      'factors.0: a grid needs the number of levels of "agencies.fidelity.mean"\'s range; allowed: "levels" here or in "design"',
    ]);
    expect(problems(edit((d) => (d.design = { type: 'morris', trajectories: 2, levels: 5 })))).toEqual([
      'design.levels: 5 is not allowed; expected an even number ≥ 2 (the Morris step Δ = p / (2(p − 1)) must be a whole number of levels)',
    ]);
  });

  test('arms, groups and measures that do not exist are named with what is allowed', () => {
    const p = problems(
      edit((d) => {
        d.arms = ['with-barriers', 'usual-care'];
        d.groups = ['all', 'agency-3'];
        d.measures = ['rg_totl'];
      }),
    );
    expect(p).toHaveLength(3);
    expect(p[0]).toBe('arms.1: "usual-care" is not an arm of scenario "teaching-barriers"; allowed: with-barriers, no-barriers');
    expect(p[1]).toMatch(/^groups\.1: "agency-3" is not a group of scenario "teaching-barriers" \(did you mean "agency-01"/);
    expect(p[2]).toMatch(/^measures\.0: "rg_totl" is not a measure \(did you mean "rg_total"\?\)/);
  });

  test('a bad fixed assignment is named under set, and a scenario that does not exist under scenario', () => {
    expect(problems(edit((d) => (d.set.ticks = -1)))).toEqual(['set.ticks: -1 is not allowed; expected an integer in [0, 100000]']);
    expect(problems(edit((d) => (d.scenario = 'no-such-scenario'))).join('\n')).toMatch(/^scenario: "no-such-scenario" is neither a file .* nor a shipped scenario; allowed: .*teaching-barriers/);
  });
});

describe('scenarios/sweep.schema.json', () => {
  test('the committed schema equals the schema built from the sweep file\'s zod schema', () => {
    const file = JSON.parse(readFileSync(new URL('../../scenarios/sweep.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(buildSweepJsonSchema())));
    expect(Object.keys(file.properties)).toEqual(expect.arrayContaining(['scenario', 'factors', 'design', 'replicates', 'keep']));
  });
});
