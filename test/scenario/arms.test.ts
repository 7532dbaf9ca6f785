// Arms of a scenario (src/scenario/compile.ts): each arm is its `set` over the base values, checked like the
// base scenario, and compiled in time linear in the number of arms. Issue 13: an arm could aim a barrier at a
// group that does not exist; each arm copied the whole document (quadratic: 10,000 arms took over 60 s and
// 4 GB); 100,000 unknown keys in one arm's `set` took over 60 s of "did you mean" searches.
import { describe, expect, test } from 'vitest';
import { compileScenario, type ScenarioSource } from '../../src/scenario/compile.js';
import { readScenarioChain } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const TEACHING = readScenarioChain('teaching-barriers');
const withArms = (arms: unknown[], extra: Record<string, unknown> = {}): ScenarioSource[] => [
  ...TEACHING,
  { file: 'arms.json', json: { name: 'arms', extends: 'teaching-barriers', arms, ...extra } },
];
const errorOf = (f: () => unknown): ScenarioError => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return err as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
};

describe('arms pass the cross-checks of the base scenario', () => {
  test('an arm that aims a barrier at "no-such-group" is refused at its own set entry, with the allowed targets', () => {
    const e = errorOf(() => compileScenario(withArms([{ name: 'ok' }, { name: 'bad', set: { 'barriers.user.selfStigma.target': 'no-such-group' } }])));
    expect(e.file).toBe('arms.json');
    expect(e.issues).toEqual([
      { path: 'arms.1.set.barriers.user.selfStigma.target', message: expect.stringMatching(/^"no-such-group" is not a target; allowed: all, minority, /) },
    ]);
  });

  test('an arm may aim a barrier at a cultural group the tables declare, and only that arm changes', () => {
    const base = compileScenario(TEACHING);
    const group = base.tables.culturalGroups.items[0].name;
    const s = compileScenario(withArms([{ name: 'a' }, { name: 'b', set: { 'barriers.user.selfStigma.target': group } }]));
    expect(s.arms[1].params.barriers.user.selfStigma.target).toBe(group);
    expect(s.arms[0].params.barriers.user.selfStigma.target).toBe(base.params.barriers.user.selfStigma.target);
  });

  test('a worker barrier aimed at a group in an arm is refused like in the base scenario', () => {
    const e = errorOf(() => compileScenario(withArms([{ name: 'w', set: { 'barriers.worker.insufficientTime.target': 'minority' } }])));
    expect(e.issues).toEqual([{ path: 'arms.0.set.barriers.worker.insufficientTime.target', message: '"minority" is not a target for a worker barrier; allowed: all' }]);
  });
});

describe('arm values', () => {
  test("each arm's parameters are the base values with its own set applied (effects merged), nothing else", () => {
    const s = compileScenario(
      withArms([
        { name: 'plain' },
        { name: 'changed', set: { 'workers.turnoverRate': 0.02, 'barriers.user.selfStigma.effects.tieFormation': 0.5 } },
      ]),
    );
    const [plain, changed] = s.arms;
    expect(plain.params).toEqual(s.params);
    expect(changed.params.workers.turnoverRate).toBe(0.02);
    expect(changed.params.barriers.user.selfStigma.effects).toEqual({ ...s.params.barriers.user.selfStigma.effects, tieFormation: 0.5 });
    const expected = structuredClone(s.params) as any;
    expected.workers.turnoverRate = 0.02;
    expected.barriers.user.selfStigma.effects.tieFormation = 0.5;
    expect(changed.params).toEqual(expected);
    // The base is untouched, and everything is frozen.
    expect(s.params.workers.turnoverRate).not.toBe(0.02);
    expect(Object.isFrozen(changed.params.workers)).toBe(true);
    expect(Object.isFrozen(changed.params.barriers.user.selfStigma.effects)).toBe(true);
  });

  test('10,000 arms compile, each with its own value', () => {
    const arms = Array.from({ length: 10_000 }, (_, i) => ({ name: `arm-${i}`, set: { 'workers.turnoverRate': (i % 100) / 1000 } }));
    const s = compileScenario(withArms(arms));
    expect(s.arms).toHaveLength(10_000);
    expect(s.arms[9_999].name).toBe('arm-9999');
    expect(s.arms[1234].params.workers.turnoverRate).toBe(0.034);
    expect(s.arms[1235].params.workers.turnoverRate).toBe(0.035);
  });

  test('100,000 unknown keys in one arm: the first 20 are listed with hints, the rest counted', () => {
    const set = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`workers.turnoverRat${i}`, 1]));
    const e = errorOf(() => compileScenario(withArms([{ name: 'typos', set }])));
    expect(e.issues).toHaveLength(21);
    expect(e.issues[0]).toEqual({ path: 'arms.0.set.workers.turnoverRat0', message: expect.stringMatching(/^unknown parameter "workers\.turnoverRat0"; did you mean "workers\.turnoverRate"/) });
    expect(e.issues[20]).toEqual({ path: 'arms.0.set', message: 'and 99980 more unknown parameters (not listed); see docs/ODD.md for the full list' });
  });

  test('an unknown key megabytes long is named cut short, without a hint search', () => {
    const key = 'x'.repeat(2_000_000);
    const e = errorOf(() => compileScenario(withArms([{ name: 'long', set: { [key]: 1 } }])));
    expect(e.issues[0].message).toBe(`unknown parameter "${'x'.repeat(57)}..." (see docs/ODD.md for the full list)`);
    expect(e.message.length).toBeLessThan(10_000);
  });
});
