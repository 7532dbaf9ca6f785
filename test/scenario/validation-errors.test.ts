// Scenario errors name the file, the field path, the bad value and what is allowed (STYLE.md principle 5):
// out-of-range and non-integer values, unknown parameters and fields (with "did you mean"), ranges outside
// the hard limits, invalid JSON, missing files, broken `extends` chains, unknown barrier targets and
// interests, arms that touch the shared population or repeat a name. Broken files live in test/fixtures/scenarios.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileScenario, type ScenarioSource } from '../../src/scenario/compile.js';
import { loadScenario, readScenarioChain } from '../../src/scenario/load.js';
import { ScenarioError, formatIssues, show, suggest, type ScenarioIssue } from '../../src/scenario/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

/** The pilot's chain (base.json, pilot-england.json) plus one overriding document. */
const PILOT = readScenarioChain('pilot-england');
const BASE = readScenarioChain('base');
const withOverride = (json: Record<string, unknown>, file = 'override.json'): ScenarioSource[] => [
  ...PILOT,
  { file, json: { name: 'override', extends: 'pilot-england', ...json } },
];
/** base.json's document, edited: a root (complete) file with one mistake. */
const editedRoot = (edit: (doc: Record<string, any>) => void, file = 'edited-base.json'): ScenarioSource[] => {
  const doc = JSON.parse(JSON.stringify(BASE[0].json));
  edit(doc);
  return [{ file, json: doc }];
};

/** Run f, expect a ScenarioError for `file`, and return the issue at `path`. */
function issueOf(f: () => unknown, file: string, path: string): ScenarioIssue {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a ScenarioError').toBeInstanceOf(ScenarioError);
  const e = error as ScenarioError;
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}: invalid scenario`)).toBe(true);
  const issue = e.issues.find((i) => i.path === path);
  expect(issue, `no issue at ${path}; issues: ${JSON.stringify(e.issues)}`).toBeDefined();
  // The one-line form of the issue is in the message the CLI prints.
  expect(e.message).toContain(`${path || '(top level)'}: ${issue!.message}`);
  return issue!;
}

describe('out-of-range and wrongly typed values', () => {
  test('a negative number of referrals is refused with the value and the declared range', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { serviceUsers: { referrals: -5 } } })), 'override.json', 'parameters.serviceUsers.referrals.value');
    expect(i.message).toBe('-5 is out of range; allowed: [0, 10000000] people');
  });

  test('a probability of 1.5 is refused with the value and [0, 1]', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { ties: { decayWeak: 1.5 } } })), 'override.json', 'parameters.ties.decayWeak.value');
    expect(i.message).toMatch(/^1\.5 is out of range; allowed: \[0, 1\]/);
  });

  test('a non-integer where an integer is required in a complete file says it is not a whole number', () => {
    const i = issueOf(
      () => compileScenario(editedRoot((d) => (d.parameters.agencies.count.value = 2.5))),
      'edited-base.json',
      'parameters.agencies.count.value',
    );
    expect(i.message).toMatch(/^2\.5 is not a whole number; allowed: an integer in \[1, \d+\] agencies$/);
  });

  test('a value outside the range a complete file declares for it is refused with that range', () => {
    const i = issueOf(
      () => compileScenario(editedRoot((d) => (d.parameters.population.positionStrata.value = 25))),
      'edited-base.json',
      'parameters.population.positionStrata.value',
    );
    expect(i.message).toBe('25 is out of range; allowed: [1, 20] strata');
  });

  test('a declared range outside the hard limits is refused with the limits and what the parameter is', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ parameters: { ties: { decayWeak: { value: 0.1, range: [0, 2] } } } })),
      'override.json',
      'parameters.ties.decayWeak.range',
    );
    expect(i.message).toContain('range [0,2] must lie within [0, 1]');
    expect(i.message).toContain('weekly strength loss fraction');
  });

  test('a declared range with its ends swapped is refused', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ parameters: { ties: { decayWeak: { value: 0.5, range: [0.9, 0.1] } } } })),
      'override.json',
      'parameters.ties.decayWeak.range',
    );
    expect(i.message).toContain('low end above its high end');
  });

  test('a string where a number is expected in a complete file is refused at the value', () => {
    const i = issueOf(() => compileScenario(editedRoot((d) => (d.parameters.ties.decayWeak.value = 'fast'))), 'edited-base.json', 'parameters.ties.decayWeak.value');
    expect(i.message).toMatch(/number/i);
  });

  // BUG (src/scenario/compile.ts zodIssues, src/scenario/schema.ts groupSchema 'override'): an overriding
  // file's leaf is z.union([bare, partial]); a failing union is reported as zod's bare "Invalid input",
  // without the value or what is allowed.
  test('a non-integer bare value in an extending file is refused with the value and "an integer"', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { agencies: { count: 2.5 } } })), 'override.json', 'parameters.agencies.count');
    expect(i.message).toContain('2.5');
    expect(i.message).toMatch(/integer/);
  });

  test('a choice outside its options in an extending file is refused with the options', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ parameters: { partnership: { momentumCoupling: 'max' } } })),
      'override.json',
      'parameters.partnership.momentumCoupling',
    );
    expect(i.message).toContain('"max"');
    expect(i.message).toContain('geometric');
  });
});

describe('unknown names', () => {
  test('a misspelt parameter is refused with a "did you mean" and the allowed names', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { ties: { decayWeek: 0.1 } } })), 'override.json', 'parameters.ties');
    expect(i.message).toContain('unknown field "decayWeek" (did you mean "decayWeak"?)');
    expect(i.message).toContain('allowed: contactBase');
  });

  test('a misspelt parameter group is refused with a "did you mean"', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { tie: { decayWeak: 0.1 } } })), 'override.json', 'parameters');
    expect(i.message).toContain('unknown field "tie" (did you mean "ties"?)');
  });

  test('an unknown field inside a leaf lists the fields a leaf may have', () => {
    const i = issueOf(() => compileScenario(withOverride({ parameters: { ties: { decayWeak: { value: 0.1, units: 'x' } } } })), 'override.json', 'parameters.ties.decayWeak');
    expect(i.message).toContain('"units" (did you mean "unit"?)');
    expect(i.message).toContain('allowed: value, unit, range, source, description');
  });

  test('an unknown top-level field is refused and named', () => {
    const i = issueOf(() => compileScenario(withOverride({ foo: 1 })), 'override.json', '');
    expect(i.message).toContain('"foo"');
  });

  // BUG (src/scenario/compile.ts allowedKeysAt): suggestions and the allowed list are only computed under
  // `parameters`; a top-level typo gets neither, against STYLE.md principle 5.
  test('an unknown top-level field gets a "did you mean" and the allowed fields', () => {
    const i = issueOf(() => compileScenario(withOverride({ tick: 5 })), 'override.json', '');
    expect(i.message).toContain('did you mean "ticks"');
    expect(i.message).toContain('allowed:');
  });

  test('a barrier target that is neither all, minority nor a cultural group is refused with the targets', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ parameters: { barriers: { user: { selfStigma: { target: 'martians' } } } } })),
      'override.json',
      'parameters.barriers.user.selfStigma.target.value',
    );
    expect(i.message).toBe('"martians" is not a target; allowed: all, minority, majority, minority A, minority B');
  });

  test('a node kind naming an interest that is not in the interests table is refused with the interests', () => {
    const nodeKinds = JSON.parse(JSON.stringify((PILOT[0].json as any).tables.nodeKinds));
    nodeKinds.items[1].interests = ['arts', 'knitting'];
    const i = issueOf(() => compileScenario(withOverride({ tables: { nodeKinds } })), 'override.json', 'tables.nodeKinds.items.1.interests.1');
    expect(i.message).toMatch(/^"knitting" is not in tables.interests; allowed: arts, music/);
  });

  test('agencies serving more localities than exist are refused', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ parameters: { agencies: { localitiesPerAgency: 15 } } })),
      'override.json',
      'parameters.agencies.localitiesPerAgency.value',
    );
    expect(i.message).toContain('15 is more than population.localities (14)');
  });
});

describe('files and the extends chain', () => {
  test('a file that is not valid JSON is named, with the parser message', () => {
    const i = issueOf(() => loadScenario(fixture('invalid-json.json')), fixture('invalid-json.json'), '');
    expect(i.message).toMatch(/^not valid JSON: /);
  });

  test('a missing file is named, with the shipped scenarios one could use instead', () => {
    const i = issueOf(() => loadScenario(fixture('no-such-file.json')), fixture('no-such-file.json'), '');
    expect(i.message).toContain('no such scenario file');
    expect(i.message).toContain('pilot-england');
  });

  test('an unknown shipped name is refused the same way', () => {
    const i = issueOf(() => loadScenario('pilot-scotland'), 'pilot-scotland', '');
    expect(i.message).toContain('base, knowledge-turnover, pilot-england, region, teaching-barriers');
  });

  test('an extends chain that loops is refused at the file it loops back to', () => {
    const i = issueOf(() => loadScenario(fixture('extends-loop-a.json')), fixture('extends-loop-a.json'), 'extends');
    expect(i.message).toContain('loops back');
  });

  test('a file that extends itself is refused', () => {
    const i = issueOf(() => loadScenario(fixture('extends-self.json')), fixture('extends-self.json'), 'extends');
    expect(i.message).toContain('loops back');
  });

  test('an extends that cannot be found names the missing parent', () => {
    const i = issueOf(() => loadScenario(fixture('extends-missing.json')), fixture('extends-missing.json'), 'extends');
    expect(i.message).toBe('cannot find "no-such-parent-scenario" beside this file or among the shipped scenarios');
  });

  test('an extending file resolves its parent among the shipped scenarios and applies its overrides', () => {
    const s = loadScenario(fixture('valid-override.json'));
    expect(s.name).toBe('valid-override');
    expect(s.ticks).toBe(12);
    expect(s.seed).toBe(7); // inherited from teaching-barriers
    expect(s.params.ties.decayWeak).toBe(0.2);
    expect(s.params.workers.turnoverRate).toBe(0.01);
    expect(s.files.map((f) => f.split('/').pop())).toEqual(['base.json', 'teaching-barriers.json', 'valid-override.json']);
    const doc = s.document.parameters as any;
    expect(doc.ties.decayWeak.source).toBe('set by valid-override');
    expect(doc.ties.decayWeak.unit).toBe('fraction per week'); // unit and range are inherited
    expect(doc.workers.turnoverRate.source).toBe('fixture: a value with its own source');
  });

  test('an extending file without a name is refused', () => {
    const i = issueOf(() => compileScenario([...PILOT, { file: 'nameless.json', json: { extends: 'pilot-england' } }]), 'nameless.json', 'name');
    expect(i.message.length).toBeGreaterThan(0);
  });

  // BUG (src/scenario/compile.ts stage 4): values merged from every file are checked once, after the merge,
  // and the issue is reported against the last file of the chain, which may not contain the bad value.
  test('a bad value set in the middle of an extends chain is reported against the file that set it', () => {
    issueOf(() => loadScenario(fixture('chain-leaf.json')), fixture('chain-middle.json'), 'parameters.ties.decayWeak.value');
  });
});

describe('arms', () => {
  test('an arm that sets a structural parameter is refused: arms share one population', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ arms: [{ name: 'small', set: { 'serviceUsers.referrals': 10 } }] })),
      'override.json',
      'arms.0.set.serviceUsers.referrals',
    );
    expect(i.message).toContain('arms share one population');
    expect(i.message).toContain('allowed: set it for the whole scenario');
  });

  test('an arm that sets any population parameter, structural or not, is refused', () => {
    const i = issueOf(
      () => compileScenario(withOverride({ arms: [{ name: 'a', set: { 'population.familyStrength.mean': 0.1 } }] })),
      'override.json',
      'arms.0.set.population.familyStrength.mean',
    );
    expect(i.message).toContain('arms share one population');
  });

  test('an arm that sets the seed or the horizon is refused', () => {
    const i = issueOf(() => compileScenario(withOverride({ arms: [{ name: 'a', set: { seed: 3 } }] })), 'override.json', 'arms.0.set.seed');
    expect(i.message).toContain('arms share the seed and the horizon');
  });

  test('two arms with the same name are refused', () => {
    const i = issueOf(() => compileScenario(withOverride({ arms: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] })), 'override.json', 'arms.2.name');
    expect(i.message).toBe('duplicate name "a"; names must be unique');
  });

  test('an arm setting an unknown parameter gets a "did you mean"', () => {
    const i = issueOf(() => compileScenario(withOverride({ arms: [{ name: 'a', set: { 'ties.decayWeek': 0.1 } }] })), 'override.json', 'arms.0.set.ties.decayWeek');
    expect(i.message).toContain('did you mean "ties.decayWeak"');
  });

  test('an arm setting an out-of-range value is refused with the range', () => {
    const i = issueOf(() => compileScenario(withOverride({ arms: [{ name: 'a', set: { 'ties.decayWeak': 3 } }] })), 'override.json', 'arms.0.set.ties.decayWeak');
    expect(i.message).toBe('3 is out of range; allowed: [0, 1] fraction per week');
  });

  test('an arm name that is not lower-case letters, digits and hyphens is refused', () => {
    const i = issueOf(() => compileScenario(withOverride({ arms: [{ name: 'High Fidelity' }] })), 'override.json', 'arms.0.name');
    expect(i.message).toContain('lower-case letters, digits and hyphens');
  });

  test('a scenario without arms is refused', () => {
    issueOf(() => compileScenario(withOverride({ arms: [] })), 'override.json', 'arms');
  });

  test('an arm may change a non-structural parameter and only its own parameters change', () => {
    const s = compileScenario(withOverride({ arms: [{ name: 'a', set: { 'workers.caseloadCapacity': 3 } }, { name: 'b' }] }));
    expect(s.arms[0].params.workers.caseloadCapacity).toBe(3);
    expect(s.arms[1].params.workers.caseloadCapacity).toBe(s.params.workers.caseloadCapacity);
    expect(s.params.workers.caseloadCapacity).not.toBe(3);
  });
});

describe('error formatting helpers', () => {
  test('more than twenty issues are cut to twenty with a count of the rest', () => {
    const issues = Array.from({ length: 23 }, (_, i) => ({ path: `p${i}`, message: `m${i}` }));
    const text = formatIssues('f.json', issues);
    expect(text.split('\n')).toHaveLength(1 + 20 + 1);
    expect(text).toContain('f.json: invalid scenario (23 problems)');
    expect(text).toContain('… and 3 more');
    expect(text).not.toContain('p20');
  });

  test('suggestions are the closest names within a third of the word length', () => {
    expect(suggest('decayWeek', ['decayWeak', 'decayStrong', 'decayShape'])).toEqual(['decayWeak']);
    expect(suggest('zzzzzz', ['decayWeak'])).toEqual([]);
    expect(suggest('TICKS', ['ticks', 'seed'])).toEqual(['ticks']);
  });

  test('values are shown as JSON and long ones are cut', () => {
    expect(show('abc')).toBe('"abc"');
    expect(show(undefined)).toBe('nothing');
    expect(show([1, 2])).toBe('[1,2]');
    expect(show('x'.repeat(200))).toHaveLength(80);
  });

  // BUG (src/scenario/errors.ts show): JSON.stringify turns NaN and ±Infinity into "null", so
  // `compileScenario(chain, { set: [['ties.decayWeak', NaN]] })` says "null is not allowed".
  test('non-finite numbers are shown as themselves, not as null', () => {
    expect(show(Number.NaN)).toBe('NaN');
    expect(show(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
