// The explorer's stepper (src/explore/explorer-run.ts) runs the same engine as the CLI: stepped tick by tick
// to its horizon it holds runScenario's numbers bit for bit, for every shipped scenario small enough for a
// browser, with other seeds and horizons, and after a reset; stepping stops at the horizon.
import { describe, expect, test } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { ExplorerRun } from '../../src/explore/explorer-run.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const same = (a: ArrayBufferView, b: ArrayBufferView) => bytes(a).equals(bytes(b));

function expectEqualToRunScenario(run: ExplorerRun, name: string, options: { seed?: number; ticks?: number }) {
  const reference = runScenario(loadScenario(name), options);
  expect(run.arms.map((a) => a.name)).toEqual(reference.arms.map((a) => a.name));
  expect(run.groups).toEqual(reference.groups);
  run.arms.forEach((arm, i) => {
    const ref = reference.arms[i];
    expect(same(arm.series, ref.series), `${name} ${arm.name} series`).toBe(true);
    expect(same(arm.baseline, ref.baseline), `${name} ${arm.name} baseline`).toBe(true);
    expect(same(arm.current, ref.final), `${name} ${arm.name} final`).toBe(true);
    expect(same(arm.state.state, ref.finalUserState), `${name} ${arm.name} user states`).toBe(true);
    expect(same(arm.state.agency, ref.finalAgency), `${name} ${arm.name} agencies`).toBe(true);
  });
}

describe('ExplorerRun', () => {
  test.each(['teaching-barriers', 'pilot-england', 'knowledge-turnover', 'base'])(
    'stepped to the horizon, %s gives runScenario’s series, baseline and final rows bit for bit',
    (name) => {
      const run = new ExplorerRun(loadScenario(name));
      let steps = 0;
      while (run.advance()) steps++;
      expect(steps).toBe(run.ticks);
      expectEqualToRunScenario(run, name, {});
    },
  );

  test('another seed and horizon give runScenario’s numbers for that seed and horizon', () => {
    const run = new ExplorerRun(loadScenario('teaching-barriers'), { seed: 99, ticks: 11 });
    while (run.advance());
    expect(run.tick).toBe(11);
    expectEqualToRunScenario(run, 'teaching-barriers', { seed: 99, ticks: 11 });
  });

  test('a reset part-way through starts again from the same baseline and ends with the same numbers', () => {
    const run = new ExplorerRun(loadScenario('teaching-barriers'), { seed: 3 });
    const baseline = run.arms.map((a) => a.baseline.slice());
    for (let t = 0; t < 9; t++) run.advance();
    expect(run.tick).toBe(9);
    run.reset();
    expect(run.tick).toBe(0);
    run.arms.forEach((arm, i) => expect(same(arm.baseline, baseline[i])).toBe(true));
    // Ticks after the baseline are empty again until they are stepped.
    expect(Number.isNaN(run.value(0, 1, 'network_size'))).toBe(true);
    while (run.advance());
    expectEqualToRunScenario(run, 'teaching-barriers', { seed: 3 });
  });

  test('it stops at the horizon and reads values by arm, tick and measure', () => {
    const run = new ExplorerRun(loadScenario('teaching-barriers'), { ticks: 2 });
    expect(run.done).toBe(false);
    expect(run.advance()).toBe(true);
    expect(run.advance()).toBe(true);
    expect(run.done).toBe(true);
    expect(run.advance()).toBe(false);
    expect(run.tick).toBe(2);
    const m = GROUP_MEASURES.indexOf('users');
    expect(run.row(1, 2)[m]).toBe(40);
    expect(run.value(1, 2, 'users')).toBe(40);
    expect(() => run.value(0, 2, 'no_such_measure')).toThrow('unknown measure');
  });
});
