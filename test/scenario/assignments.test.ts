// `path=value` assignments (the compile option `set`, behind the CLI's --set): they reach every arm,
// record "set by …" as the source, accept `seed` and `ticks`, parse command-line text as JSON when it
// parses, and refuse unknown paths, out-of-range values and wrong types with the path, value and what
// is allowed. Also resolveParameterPath, which arms and --set share.
import { describe, expect, test } from 'vitest';
import { compileScenario, parseSetValue, resolveParameterPath } from '../../src/scenario/compile.js';
import { readScenarioChain } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const PILOT = readScenarioChain('pilot-england');
const compileWith = (set: Array<[string, unknown]>, setSource?: string) => compileScenario(PILOT, { set, setSource });

function issuesOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}

describe('assignments that apply', () => {
  test('a parameter assignment changes the base parameters and every arm', () => {
    const s = compileWith([['ties.decayWeak', 0.2]]);
    expect(s.params.ties.decayWeak).toBe(0.2);
    for (const arm of s.arms) expect(arm.params.ties.decayWeak).toBe(0.2);
  });

  test('an assigned value records "set by --set" as its source, or the given source name', () => {
    const doc = (x: ReturnType<typeof compileWith>) => (x.document.parameters as any).ties.decayWeak;
    expect(doc(compileWith([['ties.decayWeak', 0.2]])).source).toBe('set by --set');
    expect(doc(compileWith([['ties.decayWeak', 0.2]], 'the explorer'))).toMatchObject({ value: 0.2, source: 'set by the explorer' });
  });

  test('a structural parameter may be assigned for the whole scenario', () => {
    const s = compileWith([['serviceUsers.referrals', 20]]);
    expect(s.params.serviceUsers.referrals).toBe(20);
    expect(s.arms.every((a) => a.params.serviceUsers.referrals === 20)).toBe(true);
  });

  test('an arm still overrides an assigned value it sets itself', () => {
    const s = compileWith([['agencies.fidelity.mean', 0.5]]);
    expect(s.params.agencies.fidelity.mean).toBe(0.5);
    expect(s.arms.map((a) => a.params.agencies.fidelity.mean)).toEqual([0.85, 0.35, 0.5]);
  });

  test('the seed and the horizon may be assigned', () => {
    const s = compileWith([
      ['seed', 99],
      ['ticks', 3],
    ]);
    expect([s.seed, s.ticks]).toEqual([99, 3]);
  });

  test('a path may start with "parameters."', () => {
    expect(compileWith([['parameters.ties.decayWeak', 0.25]]).params.ties.decayWeak).toBe(0.25);
  });

  test('one effect of a barrier may be assigned and the other effects stay', () => {
    const before = compileScenario(PILOT).params.barriers.user.selfStigma.effects;
    const after = compileWith([['barriers.user.selfStigma.effects.tieFormation', 0.9]]).params.barriers.user.selfStigma.effects;
    expect(after).toEqual({ ...before, tieFormation: 0.9 });
  });

  test('a choice and a boolean may be assigned', () => {
    const s = compileWith([
      ['partnership.momentumCoupling', 'minimum'],
      ['intervention.enabled', false],
    ]);
    expect(s.params.partnership.momentumCoupling).toBe('minimum');
    expect(s.params.intervention.enabled).toBe(false);
  });

  test('command-line text is read as JSON when it parses and as a string otherwise', () => {
    expect(parseSetValue('0.5')).toBe(0.5);
    expect(parseSetValue('false')).toBe(false);
    expect(parseSetValue('{"tieFormation":0.2}')).toEqual({ tieFormation: 0.2 });
    expect(parseSetValue('minimum')).toBe('minimum');
    expect(parseSetValue('minority A')).toBe('minority A');
  });
});

describe('assignments that are refused', () => {
  test('an unknown path is refused with a "did you mean"', () => {
    const e = issuesOf(() => compileWith([['ties.decayWeek', 0.1]]));
    expect(e.file).toBe('--set');
    expect(e.issues).toEqual([
      { path: 'ties.decayWeek', message: 'unknown parameter "ties.decayWeek"; did you mean "ties.decayWeak"? (see docs/ODD.md for the full list)' },
    ]);
  });

  test('a group path is not a parameter', () => {
    const e = issuesOf(() => compileWith([['population', 3]]));
    expect(e.issues[0].message).toMatch(/^unknown parameter "population"/);
  });

  test('an out-of-range value is refused with the declared range and unit', () => {
    const e = issuesOf(() => compileWith([['ties.decayWeak', 1.5]]));
    expect(e.issues).toEqual([{ path: 'ties.decayWeak', message: '1.5 is out of range; allowed: [0, 1] fraction per week' }]);
  });

  test('a value of the wrong type is refused with what the parameter takes', () => {
    const e = issuesOf(() =>
      compileWith([
        ['ties.decayWeak', 'fast'],
        ['intervention.enabled', 1],
        ['partnership.momentumCoupling', 'max'],
        ['agencies.count', 2.5],
      ]),
    );
    expect(e.issues.map((i) => i.message)).toEqual([
      '"fast" is not allowed; expected a number in [0, 1] fraction per week',
      '1 is not allowed; expected true or false',
      '"max" is not allowed; expected one of geometric, product, minimum',
      '2.5 is not allowed; expected an integer in [1, 100000] agencies',
    ]);
  });

  test('every bad assignment is reported at once, under the assignments source name', () => {
    const e = issuesOf(() => compileWith([['ties.decayWeek', 0.1], ['ties.decayWeak', 2], ['seed', -1]], 'cli flags'));
    expect(e.file).toBe('cli flags');
    expect(e.issues.map((i) => i.path)).toEqual(['ties.decayWeek', 'ties.decayWeak', 'seed']);
    expect(e.message).toContain('cli flags: invalid scenario (3 problems)');
  });

  test('a seed or horizon that is not a non-negative integer within limits is refused', () => {
    const e = issuesOf(() =>
      compileWith([
        ['seed', -1],
        ['ticks', 1.5],
        ['seed', 2 ** 32],
        ['ticks', '10'],
      ]),
    );
    expect(e.issues.map((i) => i.message)).toEqual([
      '-1 is not allowed; expected an integer in [0, 4294967295]',
      '1.5 is not allowed; expected an integer in [0, 100000]',
      '4294967296 is not allowed; expected an integer in [0, 4294967295]',
      '"10" is not allowed; expected an integer in [0, 100000]',
    ]);
  });

  test('an unknown effect target is refused with the allowed targets', () => {
    const e = issuesOf(() => compileWith([['barriers.user.selfStigma.effects.happiness', 0.1]]));
    expect(e.issues[0].message).toMatch(/^unknown effect target "happiness"; allowed: intake, partnership/);
  });

  test('an effect outside [0, 1] is refused', () => {
    const e = issuesOf(() => compileWith([['barriers.user.selfStigma.effects.tieFormation', 1.2]]));
    expect(e.issues[0].message).toBe('1.2 is not allowed; expected a fraction in [0, 1]');
  });

  test('a barrier target assigned by --set is checked against the cultural groups', () => {
    const e = issuesOf(() => compileWith([['barriers.user.discrimination.target', 'martians']]));
    expect(e.issues[0]).toEqual({ path: 'parameters.barriers.user.discrimination.target.value', message: expect.stringContaining('allowed: all, minority, majority') });
    expect(compileWith([['barriers.user.discrimination.target', 'minority A']]).params.barriers.user.discrimination.target).toBe('minority A');
  });
});

describe('resolveParameterPath', () => {
  test('it finds a leaf, an effect key, or says why not', () => {
    const leaf = resolveParameterPath('ties.decayWeak');
    expect(leaf).toMatchObject({ leafPath: 'ties.decayWeak', leaf: { kind: 'number', min: 0, max: 1 } });
    expect(resolveParameterPath('barriers.user.poorAccess.effects.attendance')).toMatchObject({
      leafPath: 'barriers.user.poorAccess.effects',
      effectKey: 'attendance',
    });
    expect(resolveParameterPath('ties')).toHaveProperty('error');
    expect(resolveParameterPath('ties.decayWeak.value')).toHaveProperty('error');
  });
});
